from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "yiwang.core.privacy"
    label = "privacy"
    verbose_name = "Privacy"
