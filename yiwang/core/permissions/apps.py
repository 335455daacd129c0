from django.apps import AppConfig


class PermissionsConfig(AppConfig):
    name = "yiwang.core.permissions"
    label = "permissions"
    verbose_name = "Permissions"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system check)
