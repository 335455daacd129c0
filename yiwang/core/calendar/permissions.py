"""Who may change the working-day calendar (through the permission chokepoint)."""

from __future__ import annotations

from typing import Any

from yiwang.core.permissions.access import can

MANAGE_CALENDAR = "core.manage_calendar"


def can_manage_calendar(user: Any) -> bool:
    """维护工作日历 — enter overrides and mark years loaded (the system administrator by default)."""
    return can(user, MANAGE_CALENDAR)
