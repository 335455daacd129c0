from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "yiwang.core.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from .templates import register_template

        # A plain message for callers that compose their own text (e.g. an administrator's notice).
        register_template("notifications.generic", title="{{ title }}", body="{{ body }}", sms="{{ sms|default:'' }}")
