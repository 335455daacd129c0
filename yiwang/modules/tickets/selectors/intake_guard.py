"""Reads of the guarded intake: the ticket just submitted in this session."""

from __future__ import annotations

from ..models import Ticket


def get_submitted_ticket(*, ticket_id: int) -> Ticket | None:
    """The anonymous ticket whose id this session stored on submission (a signed-in citizen's
    own is `get_my_ticket`)."""
    return Ticket.objects.filter(pk=ticket_id, citizen=None).first()
