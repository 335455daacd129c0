"""Who may maintain notification templates: the system administrator (三权分立)."""

from __future__ import annotations

from typing import Any

from yiwang.core.permissions.access import can

# Held by the system administrator; a dedicated verb can replace it without touching callers.
MANAGE_TEMPLATES_VERB = "core.manage_notifications"


def can_manage_templates(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and can(user, MANAGE_TEMPLATES_VERB)
