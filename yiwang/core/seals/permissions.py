"""The verb of the seal administration: 制发 and 撤销 the agencies' electronic seals, a global verb of
the system administrator (the city's IT centre); it gives no sight of any module's content."""

from __future__ import annotations

from typing import Any

from yiwang.core.permissions import access

MANAGE_SEALS = "seals.manage"


def can_manage_seals(user: Any) -> bool:
    """制发 and 撤销 the agencies' electronic seals."""
    return access.can(user, MANAGE_SEALS)
