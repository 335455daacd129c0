from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "yiwang.core.registry"
    label = "registry"
    verbose_name = "Registry"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system check)
