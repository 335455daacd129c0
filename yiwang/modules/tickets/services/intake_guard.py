"""防滥用 on intake: the phone proved by a one-time code, and the anonymous citizen's SMS receipt.

The codes are the accounts' one-time codes (purpose "verify": sent by SMS after commit, kept as a
keyed hash, rate-limited per phone and per IP from the database, a few wrong tries allowed).
A signed-in citizen writing from their account's phone needs no code; anyone else proves the
number before the ticket is accepted. The rate limits and the captcha are the view's (per request,
in the cache); the sensitive-word flag is set by `submit_ticket` for every channel.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from yiwang.core.accounts import services as accounts
from yiwang.core.accounts.models import OneTimeCode

from ..models import Ticket
from . import TicketRefused, citizen_sms, clean_phone, submit_ticket

SMS = OneTimeCode.Channel.SMS
VERIFY = OneTimeCode.Purpose.VERIFY
NO_CODE = "请先点击“获取验证码”，并填写短信中的 6 位验证码。"
NOT_MOBILE = "请填写可接收短信的 11 位手机号码，用于接收验证码和办理结果。"


def _message(error: Exception) -> str:
    """The accounts' messages carry an English gloss in brackets; the citizen's page shows Chinese."""
    return str(error).split(" (", 1)[0]


def _field_error(field: str, message: str) -> ValidationError:
    return ValidationError({field: [ValidationError(message)]})


def is_own_phone(*, citizen: Any, phone: str) -> bool:
    """The signed-in citizen's account phone (proved when the account was registered)."""
    own = getattr(citizen, "phone", "") if getattr(citizen, "is_authenticated", False) else ""
    return bool(own) and clean_phone(own) == clean_phone(phone)


def send_phone_code(*, phone: str, ip: str | None) -> OneTimeCode:
    """获取验证码: text a one-time code to the contact phone. Refused (a Chinese message) for a
    number that is not a mobile, or when the phone or the network asked too often."""
    number = clean_phone(phone)
    if not citizen_sms.MOBILE_RE.match(number):
        raise TicketRefused(NOT_MOBILE)
    try:
        return accounts.request_code(channel=SMS, address=number, ip=ip, purpose=VERIFY)
    except accounts.AccountError as error:
        raise TicketRefused(_message(error)) from error


def verify_signed_in_phone() -> bool:
    """Whether a signed-in citizen who types a phone other than the account's proves it too
    (settings.YIWANG_TICKETS["VERIFY_SIGNED_IN_PHONE"], default off: the account already answers
    for the letter, and only a proved phone is ever texted)."""
    return bool(getattr(settings, "YIWANG_TICKETS", {}).get("VERIFY_SIGNED_IN_PHONE", False))


def submit_guarded_ticket(
    *,
    code_id: int | None,
    code: str,
    phone_proved: bool = False,
    code_required: bool = True,
    ip: str | None = None,
    **fields: Any,
) -> Ticket:
    """提交诉求 with the contact phone proved: by the code `code_id`/`code` sent to it, or already
    (`phone_proved`: the account's own phone, or one proved earlier in this session). A signed-in
    citizen may be let off the code (`code_required=False`: the phone is then stored unproved);
    an anonymous one never is.

    The code is checked before the ticket is written (a wrong try stays counted even though nothing
    is stored) and used up in the ticket's transaction, so a ticket refused for other input leaves
    the code valid for the corrected retry. An anonymous citizen gets the 查询码 by SMS as well.
    Raises what `submit_ticket` raises, and `ValidationError` on `phone_code` for a wrong,
    expired or missing code."""
    if fields.get("excluded_matter"):
        return submit_ticket(ip=ip, **fields)  # raises ExcludedMatter: nothing to prove, nothing stored
    phone = clean_phone(fields.get("contact_phone", ""))
    checking = not phone_proved and (code_required or not getattr(fields.get("citizen"), "pk", None))
    if checking:
        if not citizen_sms.MOBILE_RE.match(phone):
            raise _field_error("contact_phone", NOT_MOBILE)
        if not code_id or not (code or "").strip():
            raise _field_error("phone_code", NO_CODE)
        try:
            accounts.prove_address(code_id=code_id, code=code, channel=SMS, address=phone, purpose=VERIFY, ip=ip)
        except accounts.AccountError as error:
            raise _field_error("phone_code", _message(error)) from error
    with transaction.atomic():
        ticket = submit_ticket(ip=ip, phone_verified=phone_proved or checking, **fields)
        if checking and code_id:
            try:
                accounts.use_code(code_id=code_id)
            except accounts.AccountError as error:  # used by a concurrent submission meanwhile
                raise _field_error("phone_code", _message(error)) from error
        if not ticket.citizen_id:
            citizen_sms.notify_citizen(ticket=ticket, template="tickets.acknowledged", context={})
    return ticket
