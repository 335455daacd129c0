from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "yiwang.core.security"
    label = "security"
    verbose_name = "安全保障"

    def ready(self) -> None:
        from . import checks, notification_templates, tasks  # noqa: F401 — registers checks, templates and jobs

        notification_templates.register()
