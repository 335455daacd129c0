from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "yiwang.core.notifications"
    label = "notifications"
    verbose_name = "Notifications"
