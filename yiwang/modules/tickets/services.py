"""Writes of the 诉求 module. Each service is one transaction with its audit entry."""

from __future__ import annotations

import re
import secrets
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from yiwang.core.audit import services as audit
from yiwang.core.privacy.crypto import keyed_hash, normalise

from .exclusions import Exclusion, get_exclusion
from .models import Category, Ticket

QUERY_CODE_DIGITS = 10  # domain-rules §5.3: a 10-digit query code is issued at once
QUERY_CODE_ATTEMPTS = 8
# domain-rules §5.3 [L] (市长信箱 norms, local examples): title 10–25 characters, body ≤ 600.
# Local practice varies, so a deployment may override them in settings.YIWANG_TICKETS.
LENGTH_DEFAULTS = {"TITLE_MIN": 10, "TITLE_MAX": 25, "CONTENT_MAX": 600}
TITLE_STORAGE_MAX = 50  # Ticket.title's column: a configured TITLE_MAX above it is capped
NAME_MAX = 50
ADDRESS_MAX = 200
# 手机号 (11 digits) or a fixed line with its area code (伊春 0458-xxxxxxx).
PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


class ExcludedMatter(Exception):
    """The matter belongs to another channel (信访, 依申请公开 …): no ticket is created."""

    def __init__(self, exclusion: Exclusion) -> None:
        super().__init__(exclusion.reason)
        self.exclusion = exclusion


class QueryCodeExhausted(RuntimeError):
    """No free 查询码 after several random draws — practically impossible with 10¹⁰ codes."""


def length_limits() -> dict[str, int]:
    """The title and content limits in force (characters, after stripping)."""
    limits = {**LENGTH_DEFAULTS, **getattr(settings, "YIWANG_TICKETS", {}).get("LENGTHS", {})}
    limits["TITLE_MAX"] = min(limits["TITLE_MAX"], TITLE_STORAGE_MAX)
    return limits


def new_query_code() -> str:
    """Ten cryptographically random digits (leading zeros kept)."""
    return f"{secrets.randbelow(10**QUERY_CODE_DIGITS):0{QUERY_CODE_DIGITS}d}"


def clean_phone(phone: str) -> str:
    """The phone number in canonical form, or "" if it is not a Chinese mobile or fixed-line number."""
    value = normalise(phone or "", purpose="phone")
    return value if PHONE_RE.match(value) else ""


def _coordinate(value: Any, *, low: int, high: int) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError from None
    if not number.is_finite() or not low <= number <= high:
        raise ValueError
    return number.quantize(Decimal("0.000001"))


def _validate(
    *,
    channel: str,
    kind: str,
    category: Category | None,
    title: str,
    content: str,
    address: str,
    latitude: Any,
    longitude: Any,
    contact_name: str,
    contact_phone: str,
) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}

    def error(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if channel not in Ticket.Channel.values:
        error("channel", "请选择诉求渠道。")
    if kind not in Ticket.Kind.values:
        error("kind", "请选择诉求类型。")
    if category is None or not category.active:
        error("category", "请选择有效的诉求分类。")
    limits = length_limits()
    if not limits["TITLE_MIN"] <= len(title) <= limits["TITLE_MAX"]:
        error("title", f"标题应为 {limits['TITLE_MIN']}–{limits['TITLE_MAX']} 个字（现为 {len(title)} 个字）。")
    if not content:
        error("content", "请填写诉求内容。")
    elif len(content) > limits["CONTENT_MAX"]:
        error("content", f"诉求内容不能超过 {limits['CONTENT_MAX']} 个字（现为 {len(content)} 个字）。")
    if len(address) > ADDRESS_MAX:
        error("address", f"地址不能超过 {ADDRESS_MAX} 个字。")
    if not contact_name:
        error("contact_name", "请填写联系人姓名。")
    elif len(contact_name) > NAME_MAX:
        error("contact_name", f"联系人姓名不能超过 {NAME_MAX} 个字。")
    phone = clean_phone(contact_phone)
    if not phone:
        error("contact_phone", "请填写正确的手机号码或带区号的固定电话。")
    lat = lon = None
    try:
        lat = _coordinate(latitude, low=-90, high=90)
    except ValueError:
        error("latitude", "纬度应为 -90 到 90 之间的数字。")
    try:
        lon = _coordinate(longitude, low=-180, high=180)
    except ValueError:
        error("longitude", "经度应为 -180 到 180 之间的数字。")
    if (lat is None) != (lon is None) and "latitude" not in errors and "longitude" not in errors:
        error("latitude", "经度和纬度须同时填写或同时留空。")
    if errors:
        raise ValidationError({field: [ValidationError(m) for m in messages] for field, messages in errors.items()})
    return {"phone": phone, "latitude": lat, "longitude": lon}


def submit_ticket(
    *,
    channel: str,
    kind: str,
    category: Category | None,
    title: str,
    content: str,
    contact_name: str,
    contact_phone: str,
    citizen: Any = None,
    address: str = "",
    latitude: Any = None,
    longitude: Any = None,
    wants_public: bool = False,
    confidential: bool = False,
    excluded_matter: str = "",
    ip: str | None = None,
) -> Ticket:
    """提交诉求: validate, issue the 查询码 and store the ticket with its audit entry in one transaction.

    Raises `ExcludedMatter` (nothing stored) when the citizen said the matter is one another channel
    handles, and `ValidationError` with field errors (Chinese messages) for bad input.
    """
    if excluded_matter:
        exclusion = get_exclusion(excluded_matter)
        if exclusion is None:
            raise ValidationError({"excluded_matter": [ValidationError("请选择列表中的事项。")]})
        raise ExcludedMatter(exclusion)
    title, content = (title or "").strip(), (content or "").strip()
    address, contact_name = (address or "").strip(), (contact_name or "").strip()
    cleaned = _validate(
        channel=channel,
        kind=kind,
        category=category,
        title=title,
        content=content,
        address=address,
        latitude=latitude,
        longitude=longitude,
        contact_name=contact_name,
        contact_phone=contact_phone,
    )
    ticket = Ticket(
        channel=channel,
        kind=kind,
        category=category,
        title=title,
        content=content,
        address=address,
        latitude=cleaned["latitude"],
        longitude=cleaned["longitude"],
        wants_public=wants_public,
        confidential=confidential,
        citizen=citizen if getattr(citizen, "pk", None) else None,
        contact_name=contact_name,
        contact_phone=cleaned["phone"],
        contact_phone_hash=keyed_hash(cleaned["phone"], purpose="phone"),
    )
    with transaction.atomic():
        for _attempt in range(QUERY_CODE_ATTEMPTS):
            ticket.query_code = new_query_code()
            try:
                with transaction.atomic():  # a savepoint: a colliding code is drawn again
                    ticket.save(force_insert=True)
                break
            except IntegrityError:
                if not Ticket.objects.filter(query_code=ticket.query_code).exists():
                    raise  # some other constraint failed
                ticket.pk = None
        else:
            raise QueryCodeExhausted("未能生成查询码，请稍后重试。")
        audit.record(
            event="tickets.submit",
            actor=ticket.citizen,
            obj=ticket,
            ip=ip,
            # No personal data in the log: the ticket itself holds it, encrypted.
            detail={"channel": channel, "kind": kind, "category": category.code if category else ""},
        )
    return ticket
