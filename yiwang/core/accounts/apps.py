from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "yiwang.core.accounts"
    label = "accounts"
    verbose_name = "Accounts"
