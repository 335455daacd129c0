from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "yiwang.modules.portal"
    label = "portal"
    verbose_name = "政府网站"

    def ready(self) -> None:
        # Delivery: page signals → static publishing; periodic jobs; the inspection screens; the
        # event types (delivered by name in the task worker).
        from . import delivery_signals, delivery_tasks, events, monitor_hooks  # noqa: F401

        delivery_signals.connect()
