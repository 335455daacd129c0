"""Reads for the home pages: who the user is in the organisation and what is waiting for them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from yiwang.core.notifications.selectors import count_unread
from yiwang.core.orgs.selectors import list_memberships


@dataclass(frozen=True)
class Post:
    """任职 — one agency and role a staff user holds, as the home panel shows it."""

    agency: str
    role: str
    title: str
    covers_subtree: bool


def list_posts(user: Any) -> list[Post]:
    return [
        Post(agency=m.agency.full_name, role=m.role.name, title=m.title, covers_subtree=m.covers_subtree)
        for m in list_memberships(user.pk).order_by("agency__path", "role__code")
    ]


def count_unread_messages(user: Any) -> int:
    """站内消息 not yet read (the notification service's message box)."""
    return count_unread(user=user)
