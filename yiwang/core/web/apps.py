from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "yiwang.core.web"
    label = "web"
    verbose_name = "Web"
