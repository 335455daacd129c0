"""Reads for the message box (消息)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from .models import Message


def list_messages(*, user: Any, unread_only: bool = False) -> QuerySet[Message]:
    qs = Message.objects.filter(recipient_id=user.pk)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


UNREAD_ATTR = "_yiwang_unread_count"


def count_unread(*, user: Any) -> int:
    """Unread messages of `user`. Counted once per request (the header badge, the workspace
    menu and the home panels all show it) and kept on the user object; marking read forgets it."""
    if not getattr(user, "is_authenticated", False):
        return 0
    count = getattr(user, UNREAD_ATTR, None)
    if count is None:
        count = Message.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
        setattr(user, UNREAD_ATTR, count)
    return int(count)


def forget_unread_count(user: Any) -> None:
    if hasattr(user, UNREAD_ATTR):
        delattr(user, UNREAD_ATTR)


def get_message(*, user: Any, message_id: int) -> Message:
    """The user's own message (Message.DoesNotExist for anyone else's)."""
    return Message.objects.get(pk=message_id, recipient_id=user.pk)


def list_messages_about(obj: Model) -> QuerySet[Message]:
    """Every message sent about `obj` (for an object's history: who was told what, when)."""
    return Message.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)).order_by(
        "created_at", "id"
    )
