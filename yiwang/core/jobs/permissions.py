"""Who may see the periodic jobs page: the system administrator (系统管理员, 三权分立)."""

from __future__ import annotations

from typing import Any

from yiwang.core.permissions.access import can

# The system administrator's verbs; the jobs page belongs to running the system.
VIEW_JOBS_VERB = "core.view_jobs"


def can_view_jobs(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and can(user, VIEW_JOBS_VERB)
