"""The web form's guard, per request and cheap (a few cache counters, the session): the rate
limits per citizen, per address and per phone; the captcha threshold; the phones proved in this
session and the one-time code sent to the phone being proved.

Every limit and threshold is a rate group that a deployment may change without a code change
(RATE_LIMITS in the environment, e.g. ``tickets.submit_ip=60/h,tickets.captcha=5/h``).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from yiwang.core.privacy.crypto import keyed_hash
from yiwang.core.web import ratelimit

from ..services import clean_phone
from ..services.intake_guard import is_own_phone

CODE_KEY = "tickets_phone_code"  # {"id": the one-time code's pk, "phone": keyed hash of the number}
PROVED_KEY = "tickets_proved_phones"  # keyed hashes of the phones proved in this session
PROVED_MAX = 5

# (group, default rate, key): the hard limits, counted on every submission attempt.
LIMITS = (
    ("tickets.submit", "10/h", "user"),  # per signed-in citizen (an anonymous one: per address)
    ("tickets.submit_ip", "30/h", "ip"),  # per address, signed in or not
    ("tickets.submit_phone", "5/h", "post:contact_phone"),  # per contact phone
)
# Past this many attempts (submissions and wrong SMS codes) the form asks the captcha.
CAPTCHA = ("tickets.captcha", "3/h", "user")


def captcha_required(request: HttpRequest) -> bool:
    group, rate, key = CAPTCHA
    return ratelimit.reached(request, group=group, rate=rate, key=key)


def count_attempt(request: HttpRequest) -> None:
    group, rate, key = CAPTCHA
    ratelimit.check(request, group=group, rate=rate, key=key)


def over_limit(request: HttpRequest) -> str:
    """Count this submission against each limit; the message of the first one exceeded, else ""."""
    for group, rate, key in LIMITS:
        if ratelimit.check(request, group=group, rate=rate, key=key):
            described = ratelimit.describe(ratelimit.configured_rate(group, rate))
            return f"提交过于频繁（限制：{described}），请稍后再试。您填写的内容已保留，没有提交。"
    return ""


def _hash(phone: str) -> str:
    number = clean_phone(phone)
    return keyed_hash(number, purpose="phone") if number else ""


def phone_proved(request: HttpRequest, phone: str) -> bool:
    """The signed-in citizen's account phone, or a phone proved earlier in this session."""
    if is_own_phone(citizen=request.user, phone=phone):
        return True
    digest = _hash(phone)
    return bool(digest) and digest in request.session.get(PROVED_KEY, [])


def remember_code(request: HttpRequest, *, code_id: int, phone: str) -> None:
    request.session[CODE_KEY] = {"id": code_id, "phone": _hash(phone)}


def code_id_for(request: HttpRequest, phone: str) -> int | None:
    """The code last sent in this session, if it was sent to `phone`."""
    sent: Any = request.session.get(CODE_KEY) or {}
    return int(sent["id"]) if sent.get("phone") and sent.get("phone") == _hash(phone) else None


def remember_proved(request: HttpRequest, phone: str) -> None:
    digest = _hash(phone)
    proved = [d for d in request.session.get(PROVED_KEY, []) if d != digest]
    request.session[PROVED_KEY] = [*proved, digest][-PROVED_MAX:]
    request.session.pop(CODE_KEY, None)
