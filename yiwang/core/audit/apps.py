from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "yiwang.core.audit"
    label = "audit"
    verbose_name = "Audit"
