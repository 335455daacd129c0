from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "yiwang.core.events"
    label = "events"
    verbose_name = "Events"
