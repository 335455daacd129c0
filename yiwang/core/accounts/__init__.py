"""身份与账户: citizens, enterprises and staff; login, second factor, lockout.

Where to look:
- `services` — writes: login bookkeeping and lockout, one-time codes, registration, password
  change/reset, staff accounts (`create_staff_user`), 三权分立 (`assign_admin_role`,
  `grant_membership`, `check_role_separation`), `set_phone`/`set_id_number` (encrypted + hash);
- `otp` — TOTP for staff: `ensure_totp_device`, `list_demo_secrets`, `reset_second_factor`;
- `selectors` — `find_user_for_login`, `get_user_by_phone`, `get_user_by_email`;
- `backends.LockoutAwareBackend`, `middleware.StaffSecurityMiddleware`, `oidc.StaffOIDCBackend`.
"""
