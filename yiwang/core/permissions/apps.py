from django.apps import AppConfig


class PermissionsConfig(AppConfig):
    name = "yiwang.core.permissions"
    label = "permissions"
    verbose_name = "Permissions"
