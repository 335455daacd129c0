from django.apps import AppConfig


class ServiceHallConfig(AppConfig):
    name = "yiwang.modules.servicehall"
    label = "servicehall"
    verbose_name = "政务服务"

    def ready(self) -> None:
        from . import notification_templates

        notification_templates.register()
