"""身份与账户: citizens, enterprises and staff; login, second factor, lockout."""
