"""身份与账户: citizens, enterprises and staff; login, second factor, lockout."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "yiwang.core.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
