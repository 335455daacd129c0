"""Writes of the Open311 GeoReport v2 API: third-party apps' API keys (接口密钥) and service requests
submitted through it, which become tickets through the one intake service, `submit_ticket`."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yiwang.core.audit import services as audit
from yiwang.core.permissions import access
from yiwang.core.privacy.crypto import keyed_hash

from ..models import Category, Ticket
from ..models.open311 import ApiKey, ServiceRequest
from . import TicketRefused, length_limits, submit_ticket

API_KEYS_VERB = "tickets.api_keys"
KEY_PREFIX = "yw311_"
KEY_HASH_PURPOSE = "open311_api_key"
RATE_RE = re.compile(r"^\d{1,7}/[smhd]$")
# last_used_at is bookkeeping: written at most once a minute per key, outside the intake transaction,
# so many concurrent submissions with one key do not queue on that key's row.
LAST_USED_GRANULARITY = timedelta(minutes=1)
OPEN311_DEFAULTS: dict[str, Any] = {
    "KEY_RATE": "600/m",  # POSTs per key, unless the key carries its own rate
    "IP_RATE": "600/m",  # reads per client address
    "BAD_KEY_RATE": "20/h",  # POSTs with a missing or wrong key per client address
    "DEFAULT_KIND": Ticket.Kind.HELP,  # 诉求类型 when the app sends no attribute[kind]
}


def open311_settings() -> dict[str, Any]:
    """The Open311 settings in force: settings.YIWANG_TICKETS["OPEN311"] over the defaults."""
    return {**OPEN311_DEFAULTS, **getattr(settings, "YIWANG_TICKETS", {}).get("OPEN311", {})}


def hash_api_key(raw: str) -> str:
    return keyed_hash(raw or "", purpose=KEY_HASH_PURPOSE)


def create_api_key(
    *, name: str, actor: Any, contact: str = "", rate_limit: str = "", ip: str | None = None
) -> tuple[ApiKey, str]:
    """创建接口密钥: a key for the third-party app `name`. Returns the key and the raw key, which is
    shown this once — only its keyed hash is stored."""
    if not access.can(actor, API_KEYS_VERB):
        raise TicketRefused("您没有管理接口密钥的权限。")
    name, contact, rate_limit = (name or "").strip(), (contact or "").strip(), (rate_limit or "").strip()
    errors: dict[str, list[ValidationError]] = {}
    if not name:
        errors["name"] = [ValidationError("请填写应用名称。")]
    elif len(name) > 100:
        errors["name"] = [ValidationError("应用名称不能超过 100 个字。")]
    if len(contact) > 200:
        errors["contact"] = [ValidationError("联系人及联系方式不能超过 200 个字。")]
    if rate_limit and not RATE_RE.match(rate_limit):
        errors["rate_limit"] = [ValidationError("频率上限的格式为“次数/单位”，如 600/m（每分钟）、10000/h（每小时）。")]
    if errors:
        raise ValidationError(errors)
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        api_key = ApiKey.objects.create(
            name=name,
            contact=contact,
            rate_limit=rate_limit,
            prefix=raw[:12],
            key_hash=hash_api_key(raw),
            created_by=actor,
        )
        audit.record(
            event="tickets.api_key_create",
            actor=actor,
            obj=api_key,
            ip=ip,
            detail={"name": name, "prefix": api_key.prefix, "rate_limit": rate_limit},
        )
    return api_key, raw


def revoke_api_key(*, api_key: ApiKey, actor: Any, ip: str | None = None) -> ApiKey:
    """停用接口密钥: the key stops working at once; the tickets it submitted stay."""
    if not access.can(actor, API_KEYS_VERB):
        raise TicketRefused("您没有管理接口密钥的权限。")
    with transaction.atomic():
        api_key = ApiKey.objects.select_for_update().get(pk=api_key.pk)
        if not api_key.active:
            raise TicketRefused("该接口密钥已停用。")
        api_key.active, api_key.revoked_at, api_key.revoked_by = False, timezone.now(), actor
        api_key.save(update_fields=["active", "revoked_at", "revoked_by"])
        audit.record(event="tickets.api_key_revoke", actor=actor, obj=api_key, ip=ip, detail={"prefix": api_key.prefix})
    return api_key


def note_api_key_use(api_key: ApiKey) -> None:
    """Remember when the key was last used (at most once a minute; not audited — bookkeeping)."""
    now = timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at >= LAST_USED_GRANULARITY:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now


def title_from(description: str) -> str:
    """A ticket title from the description (Open311 has none): its first line, cut to the title
    limit with an ellipsis. A too-short description stays short and is refused by the intake."""
    line = " ".join((description or "").split())
    limit = length_limits()["TITLE_MAX"]
    return line if len(line) <= limit else line[: limit - 1] + "…"


def submit_service_request(
    *,
    api_key: ApiKey,
    category: Category | None,
    description: str,
    first_name: str = "",
    last_name: str = "",
    phone: str = "",
    address: str = "",
    latitude: Any = None,
    longitude: Any = None,
    attributes: dict[str, str] | None = None,
    ip: str | None = None,
) -> ServiceRequest:
    """POST Service Request: the ticket (channel API) through `submit_ticket` and its Open311 record
    (the submitting app and a token) in one transaction (`submit_ticket(attach=…)`). Raises `ValidationError` keyed by the
    intake's field names, as `submit_ticket` does; the API maps them to Open311 parameters."""
    attributes = attributes or {}
    kind = attributes.get("kind") or str(open311_settings()["DEFAULT_KIND"])
    records: list[ServiceRequest] = []

    def attach(ticket: Ticket) -> None:
        records.append(ServiceRequest.objects.create(ticket=ticket, api_key=api_key, token=secrets.token_hex(16)))

    submit_ticket(
        channel=Ticket.Channel.API,
        kind=kind,
        category=category,
        title=(attributes.get("title") or "").strip() or title_from(description),
        content=description,
        # 姓 + 名: Chinese order.
        contact_name=f"{(last_name or '').strip()}{(first_name or '').strip()}",
        contact_phone=phone,
        address=address,
        latitude=latitude,
        longitude=longitude,
        wants_public=attributes.get("public") == "1",
        confidential=attributes.get("confidential") == "1",
        ip=ip,
        attach=attach,
    )
    return records[-1]
