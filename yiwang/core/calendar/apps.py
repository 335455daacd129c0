from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "yiwang.core.calendar"
    label = "calendar"
    verbose_name = "Calendar"
