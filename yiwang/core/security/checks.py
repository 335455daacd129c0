"""System checks: the audit log retention may not be set below 180 days (网络安全法 Art. 21)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

MIN_RETENTION_DAYS = 180


@register()
def check_audit_retention(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    days = getattr(settings, "AUDIT_RETENTION_DAYS", MIN_RETENTION_DAYS)
    if days < MIN_RETENTION_DAYS:
        return [
            Error(
                f"AUDIT_RETENTION_DAYS={days} 低于法定的 {MIN_RETENTION_DAYS} 天。",
                hint="网络安全法第二十一条：网络日志留存不少于六个月。请设置 AUDIT_RETENTION_DAYS>=180。",
                id="security.E001",
            )
        ]
    return []
