from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "yiwang.core.calendar"
    label = "calendar"
    verbose_name = "工作日历与法定时限"

    def ready(self) -> None:
        from . import notification_templates, tasks  # noqa: F401 — registers templates and the periodic job

        notification_templates.register()
