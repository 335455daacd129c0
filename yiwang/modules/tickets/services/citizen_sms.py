"""Telling the citizen about their ticket: in the message box (and by their preferences) when they
have an account, by SMS to the verified phone when they wrote anonymously — they have no message box.

Called inside the writing service's transaction; the notification service sends after the commit.
"""

from __future__ import annotations

import re
from typing import Any

from yiwang.core.notifications import services as notifications

from ..models import Ticket

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")  # a fixed line cannot take an SMS


def can_text(ticket: Ticket) -> bool:
    """An anonymous ticket whose mobile number was proved by one-time code (never a number only
    typed in: the platform must not text strangers on anyone's say-so)."""
    return not ticket.citizen_id and ticket.phone_verified and bool(MOBILE_RE.match(ticket.contact_phone or ""))


def notify_citizen(*, ticket: Ticket, template: str, context: dict[str, Any], actor: Any = None) -> None:
    """The one way the ticket services reach the citizen: the account holder through `notify`,
    the anonymous citizen by SMS to the verified phone. Callers add to `context` what the
    template shows (e.g. the replying agency)."""
    if ticket.citizen_id:
        notifications.notify(recipients=[ticket.citizen], template=template, context=context, obj=ticket, actor=actor)
    elif can_text(ticket):
        notifications.send_sms(phone=ticket.contact_phone, template=template, context=context, obj=ticket, actor=actor)
