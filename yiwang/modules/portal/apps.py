from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "yiwang.modules.portal"
    label = "portal"
    verbose_name = "政府网站"
