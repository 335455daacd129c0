"""Reads for the message box (消息)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Message


def list_messages(*, user: Any, unread_only: bool = False) -> QuerySet[Message]:
    qs = Message.objects.filter(recipient_id=user.pk)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def count_unread(*, user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Message.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def get_message(*, user: Any, message_id: int) -> Message:
    """The user's own message (Message.DoesNotExist for anyone else's)."""
    return Message.objects.get(pk=message_id, recipient_id=user.pk)
