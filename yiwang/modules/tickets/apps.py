from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "yiwang.modules.tickets"
    label = "tickets"
    verbose_name = "诉求"

    def ready(self) -> None:
        from . import notification_templates

        notification_templates.register()
