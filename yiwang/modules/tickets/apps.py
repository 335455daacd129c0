from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "yiwang.modules.tickets"
    label = "tickets"
    verbose_name = "诉求"
