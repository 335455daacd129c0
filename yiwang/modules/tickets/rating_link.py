"""好差评 settings and the one-time rating link (评价链接) sent with a reply.

The link carries a signed token (`django.core.signing`, salted, with a maximum age) naming the
ticket and its round; it is one-time because a round takes one rating. Deployments set the
values marked [R] in domain-rules in settings.YIWANG_TICKETS["RATING"].
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Ticket

# Phone channels: 回访 is mandatory for them (潍坊市12345热线条例, domain-rules §5.2).
PHONE_CHANNELS = (Ticket.Channel.HOTLINE_12345, Ticket.Channel.MAYOR_LINE, Ticket.Channel.CONDUCT_LINE)
SIGNING_SALT = "yiwang.tickets.rating"  # namespaces the signature, not a secret
REHANDLING_CLOCK = "rehandling"

DEFAULTS: dict[str, Any] = {
    # 12345 tickets are rated "一事一评" on the offline dimensions of §6.4, adapted to a ticket.
    "DIMENSIONS": [("speed", "响应速度"), ("result", "办理结果"), ("attitude", "服务态度")],
    # 重办时限 after a 差评 [R]: local 差评 rules range from 5 to 15 working days (§6.4).
    "REHANDLING_DAYS": 5,
    "LINK_MAX_AGE_DAYS": 15,  # how long the SMS link works [R]
    # A phone ticket nobody answers may be closed after this many unanswered 回访 calls [R].
    "FOLLOW_UP_ATTEMPTS": 3,
}


def rating_settings() -> dict[str, Any]:
    return {**DEFAULTS, **getattr(settings, "YIWANG_TICKETS", {}).get("RATING", {})}


def dimensions() -> list[tuple[str, str]]:
    """(code, label) of each 分项评价 dimension, in order."""
    return [(str(code), str(label)) for code, label in rating_settings()["DIMENSIONS"]]


@dataclass(frozen=True)
class LinkTarget:
    ticket_id: int
    round: int


def make_token(ticket: Ticket, *, round: int) -> str:
    return signing.dumps({"t": ticket.pk, "r": round}, salt=SIGNING_SALT, compress=True)


def read_token(token: str) -> LinkTarget | None:
    """The ticket and round a token names, or None if it is forged, damaged or too old."""
    max_age = int(rating_settings()["LINK_MAX_AGE_DAYS"]) * 86400
    try:
        data = signing.loads(token, salt=SIGNING_SALT, max_age=max_age)
        return LinkTarget(ticket_id=int(data["t"]), round=int(data["r"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def current_round(ticket: Ticket) -> int:
    """办理轮次 of an open ticket: 1, plus one for every 差评 that reopened it (a round has at most
    one rating, and only a 差评 leaves the ticket open for another)."""
    return int(ticket.ratings.count()) + 1


def reply_rating_context(ticket: Ticket) -> dict[str, str]:
    """What the reply notification (`tickets.replied`) needs to invite a rating: the link."""
    return {"rating_url": rating_url(ticket, round=current_round(ticket))}


def rating_path(ticket: Ticket, *, round: int) -> str:
    return reverse("tickets:rate", args=[make_token(ticket, round=round)])


def rating_url(ticket: Ticket, *, round: int) -> str:
    """The absolute link for an SMS or email (the deployment's BASE_URL)."""
    base = str(getattr(settings, "WAGTAILADMIN_BASE_URL", "")).rstrip("/")
    return f"{base}{rating_path(ticket, round=round)}"
