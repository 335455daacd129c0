"""Reads of the hotline operator screen (12345 受理): the caller's earlier tickets."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yiwang.core.permissions import access
from yiwang.core.privacy.crypto import keyed_hash

from ..models import Ticket
from ..services import clean_phone

INTAKE_VERB = "tickets.intake"
HISTORY_LIMIT = 10


def can_take_calls(user: Any) -> bool:
    return access.can(user, INTAKE_VERB)


def list_caller_history(user: Any, phone: str, *, limit: int = HISTORY_LIMIT) -> QuerySet[Ticket]:
    """来电历史: the latest tickets left with this phone number (found through its keyed hash, the
    number itself is stored encrypted), for staff who take calls; none for a malformed number."""
    phone = clean_phone(phone)
    if not phone or not can_take_calls(user):
        return Ticket.objects.none()
    return (
        Ticket.objects.filter(contact_phone_hash=keyed_hash(phone, purpose="phone"))
        .select_related("category", "agency")
        .order_by("-created_at", "-id")[:limit]
    )
