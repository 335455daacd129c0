from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.db.backends.signals import connection_created


def register_sqlite_guard_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    """SQLite's audit DELETE trigger asks this function whether deletion is allowed (see migration 0002)."""
    if connection.vendor == "sqlite":
        allowed = 1 if getattr(settings, "YIWANG_AUDIT_ALLOW_DELETE", False) else 0
        connection.connection.create_function("yiwang_allow_audit_delete", 0, lambda: allowed, deterministic=True)


class AuditConfig(AppConfig):
    name = "yiwang.core.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self) -> None:
        connection_created.connect(register_sqlite_guard_function, dispatch_uid="yiwang.audit.sqlite_guard")
