from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "yiwang.modules.tickets"
    label = "tickets"
    verbose_name = "诉求"

    def ready(self) -> None:
        from . import jobs, notification_templates  # noqa: F401 (jobs: the periodic jobs register themselves)

        notification_templates.register()
