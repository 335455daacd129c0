"""Writes of the 诉求 module. Each service is one transaction with its audit entry."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from yiwang.core.audit import services as audit
from yiwang.core.calendar import selectors as calendar_selectors
from yiwang.core.calendar import services as calendar
from yiwang.core.calendar.models import Clock
from yiwang.core.orgs.models import Agency
from yiwang.core.permissions import access
from yiwang.core.privacy.crypto import keyed_hash, normalise
from yiwang.core.workflow import selectors as workflow_selectors
from yiwang.core.workflow import services as workflow
from yiwang.core.workflow.errors import WorkflowError

from ..exclusions import Exclusion, get_exclusion
from ..models import Assignment, Category, Ticket
from ..rating_link import REHANDLING_CLOCK, reply_rating_context
from . import citizen_sms, publication, sensitive_words

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
    operator: Any = None,
    phone_verified: bool = False,
    attach: Callable[[Ticket], object] | None = None,
) -> Ticket:
    """提交诉求: validate, issue the 查询码 and store the ticket with its audit entry in one transaction.

    `phone_verified`: the contact phone was proved by one-time code (services.intake_guard); only
    then may an anonymous citizen be texted. A sensitive word flags the ticket 待审核 (kept, not dropped).

    `operator`: the hotline operator who took the call (the audit entry's actor); None on the web.

    `attach(ticket)`: a channel's own record of the ticket (e.g. Open311's), written in the same
    transaction — so the ticket's insert stays the transaction's first statement.

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
        phone_verified=phone_verified,
    )
    ticket.review_reason = sensitive_words.review_reason(title, content, address, contact_name)
    ticket.needs_review = bool(ticket.review_reason)
    # The insert is the transaction's first statement, so a colliding code (10¹⁰ codes, drawn at
    # random) rolls back nothing else and is drawn again — no savepoint round trips per ticket.
    for _attempt in range(QUERY_CODE_ATTEMPTS):
        ticket.query_code = new_query_code()
        try:
            with transaction.atomic():
                ticket.save(force_insert=True)
                audit.record(
                    event="tickets.submit",
                    actor=operator if operator is not None else ticket.citizen,
                    obj=ticket,
                    ip=ip,
                    # No personal data in the log: the ticket itself holds it, encrypted.
                    detail={
                        "channel": channel,
                        "kind": kind,
                        "category": category.code if category else "",
                        "needs_review": ticket.needs_review,
                    },
                )
                if attach is not None:
                    attach(ticket)
            return ticket
        except IntegrityError:
            if not Ticket.objects.filter(query_code=ticket.query_code).exists():
                raise  # some other constraint failed
            ticket.pk = None
    raise QueryCodeExhausted("未能生成查询码，请稍后重试。")


# ---------------------------------------------------------------------------------------------
# 派单 and 退单 — the staff side, run as the process `tickets.handling` on the workflow engine


PROCESS_KEY = "tickets.handling"
DISPATCH_STEP, HANDLE_STEP = "dispatch", "handle"
DISPATCH_VERB, HANDLE_VERB = "tickets.dispatch", "tickets.handle"
RETURN_WINDOW_DAYS = 1  # 退单 within 1 working day of the dispatch (潍坊市12345热线条例, domain-rules §5.2)
DEFAULT_TIME_LIMIT_DAYS = 5  # domain-rules §5.2/§5.3: 5 working days unless the category or type says otherwise


class TicketRefused(Exception):
    """A staff action refused with a Chinese message; nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def time_limit_days(ticket: Ticket) -> int:
    """办理时限 in working days: the category's own, else the type's (settings.YIWANG_TICKETS
    ["TIME_LIMITS"] = {"consultation": 3, …}), else 5."""
    if ticket.category.time_limit_days:
        return int(ticket.category.time_limit_days)
    by_kind = getattr(settings, "YIWANG_TICKETS", {}).get("TIME_LIMITS", {})
    return int(by_kind.get(ticket.kind, DEFAULT_TIME_LIMIT_DAYS))


def _open_item(ticket: Ticket, element_id: str) -> Any:
    if not ticket.process_id:
        return None
    instance = workflow_selectors.get_instance(ticket.process_id)
    return workflow_selectors.list_open_items(instance).filter(element_id=element_id).first()


def _locked(ticket: Ticket) -> Ticket:
    return Ticket.objects.select_for_update().select_related("category").get(pk=ticket.pk)


def _subject(ticket: Ticket) -> workflow.Subject:
    return workflow.Subject(
        type="tickets.ticket", id=str(ticket.pk), url=reverse("tickets_staff_ticket", args=[ticket.pk])
    )


def dispatch_ticket(
    *,
    ticket: Ticket,
    agency: Agency,
    co_agencies: Iterable[Agency] = (),
    actor: Any,
    note: str = "",
    ip: str | None = None,
) -> Ticket:
    """派单: route the ticket to its 主办 agency (and 协办 agencies).

    The first dispatch starts the handling process (its 办理 step goes to the agency's clerks, the
    inbox links to the ticket's staff page) and the handling clock. A dispatch after a 退单 is the
    dispatcher's decision on the dispute: that agency may not return the ticket again (§5.2)."""
    if not access.can(actor, DISPATCH_VERB):
        raise TicketRefused("您没有派单权限。")
    helpers = [a for a in co_agencies if a.pk != agency.pk]
    with transaction.atomic():
        ticket = _locked(ticket)
        if ticket.status not in (Ticket.Status.SUBMITTED, Ticket.Status.ACCEPTED, Ticket.Status.RETURNED):
            raise TicketRefused("该诉求已在办理中，不能重复派单。")
        returned = ticket.status == Ticket.Status.RETURNED
        now = timezone.now()
        try:
            if not ticket.process_id:
                instance = workflow.start(
                    key=PROCESS_KEY,
                    title=f"诉求 {ticket.query_code}：{ticket.title}",
                    initiator=actor,
                    agency=None,
                    subject=_subject(ticket),
                    variables={"ticket_id": ticket.pk},
                    ip=ip,
                )
                ticket.process_id = str(instance.pk)
            item = _open_item(ticket, DISPATCH_STEP)
            if item is None:
                raise TicketRefused("找不到该诉求的派单环节，请刷新后重试。")
            workflow.complete(item, actor=actor, opinion=note, data={"handling_agency": agency.pk}, ip=ip)
        except WorkflowError as error:
            raise TicketRefused(error.message) from error
        window = calendar.start_clock(
            obj=ticket,
            kind=f"return-{ticket.assignments.count() + 1}",
            unit=Clock.Unit.WORKING_DAYS,
            limit=RETURN_WINDOW_DAYS,
            start=now,
            basis="退单时限：派单后 1 个工作日内（12345热线条例）",
            remind_before=0,
            actor=actor,
        )
        Assignment.objects.create(
            ticket=ticket, agency=agency, dispatched_by=actor, dispatched_at=now, note=note, return_until=window.due_at
        )
        if ticket.due_at is None:
            clock = calendar.start_clock(
                obj=ticket,
                kind="handling",
                unit=Clock.Unit.WORKING_DAYS,
                limit=time_limit_days(ticket),
                start=now,
                basis="诉求办理时限（12345热线条例：5 个工作日；分类或类型另有规定的从其规定）",
                remind_before=remind_before_days(),
                responsible_agency=agency,
                actor=actor,
            )
            ticket.due_at = clock.due_at
        ticket.agency, ticket.status, ticket.return_closed = agency, Ticket.Status.HANDLING, returned
        ticket.save(update_fields=["agency", "status", "return_closed", "due_at", "process_id"])
        ticket.co_agencies.set(helpers)
        audit.record(
            event="tickets.dispatch",
            actor=actor,
            obj=ticket,
            ip=ip,
            detail={"agency": agency.pk, "co_agencies": [a.pk for a in helpers], "after_return": returned},
        )
    return ticket


def remind_before_days() -> int:
    """到期提醒: how many working days before the handling clock's due date the agency is reminded
    (settings.YIWANG_TICKETS["REMIND_BEFORE_DAYS"], default 1; local practice, unverified)."""
    return int(getattr(settings, "YIWANG_TICKETS", {}).get("REMIND_BEFORE_DAYS", 1))


def close_return_windows(ticket: Ticket, *, actor: Any, at: datetime | None = None) -> int:
    """Stop the ticket's open 退单 windows: the ticket was returned, re-routed, or its agency has
    finished the 办理 step — no stale window clock stays behind to be reminded or escalated."""
    closed = 0
    for clock in calendar_selectors.list_clocks_for(ticket).filter(
        kind__startswith="return-", state__in=Clock.OPEN_STATES
    ):
        calendar.stop_clock(clock=clock, actor=actor, at=at)
        closed += 1
    return closed


def _send_back_step(ticket: Ticket, element_id: str, *, to: str, actor: Any, reason: str, ip: str | None) -> None:
    item = _open_item(ticket, element_id)
    if item is None:
        raise TicketRefused("该诉求当前不在这一办理环节，请刷新后重试。")
    try:
        workflow.send_back(item, actor=actor, to=to, reason=reason, ip=ip)
    except WorkflowError as error:
        raise TicketRefused(error.message) from error


def can_return(ticket: Ticket, assignment: Assignment | None, *, now: datetime | None = None) -> str:
    """ "" when the current agency may still 退单, else the Chinese reason it may not."""
    if ticket.status != Ticket.Status.HANDLING or assignment is None or assignment.returned_at:
        return "该诉求当前不在办理中。"
    if ticket.return_closed:
        return "该诉求已由派单员裁定主办单位，不能再次退单。"
    if assignment.return_until is not None and (now or timezone.now()) > assignment.return_until:
        return "已超过退单时限（派单后 1 个工作日），请按时办理。"
    return ""


def return_ticket(*, ticket: Ticket, actor: Any, reason: str, ip: str | None = None) -> Ticket:
    """退单: the assigned agency's clerk returns a wrongly assigned ticket to the dispatcher, with a
    reason, within 1 working day of the dispatch and only once (§5.2)."""
    reason = (reason or "").strip()
    if not reason:
        raise TicketRefused("请填写退单理由。")
    with transaction.atomic():
        ticket = _locked(ticket)
        assignment = ticket.assignments.order_by("-dispatched_at", "-id").first()
        refusal = can_return(ticket, assignment)
        if refusal:
            raise TicketRefused(refusal)
        assert assignment is not None
        _send_back_step(ticket, HANDLE_STEP, to=DISPATCH_STEP, actor=actor, reason=reason, ip=ip)
        now = timezone.now()
        assignment.returned_at, assignment.returned_by, assignment.return_reason = now, actor, reason[:500]
        assignment.save(update_fields=["returned_at", "returned_by", "return_reason"])
        ticket.status = Ticket.Status.RETURNED
        ticket.save(update_fields=["status"])
        close_return_windows(ticket, actor=actor, at=now)
        audit.record(event="tickets.return", actor=actor, obj=ticket, ip=ip, detail={"agency": assignment.agency_id})
    return ticket


# ---------------------------------------------------------------------------------------------
# 答复: drafted by the 主办 agency, approved by its leader (the process's 审核 step), then sent

APPROVE_STEP = "approve"
REPLY_MAX = 2000


def _complete_step(ticket: Ticket, element_id: str, *, actor: Any, opinion: str, ip: str | None) -> None:
    item = _open_item(ticket, element_id)
    if item is None:
        raise TicketRefused("该诉求当前不在这一办理环节，请刷新后重试。")
    try:
        workflow.complete(item, actor=actor, opinion=opinion, ip=ip)
    except WorkflowError as error:
        raise TicketRefused(error.message) from error


def draft_reply(*, ticket: Ticket, actor: Any, content: str, ip: str | None = None) -> Ticket:
    """拟写答复: the clerk holding the 办理 item writes the reply and sends it to the leader."""
    content = (content or "").strip()
    if not content:
        raise TicketRefused("请填写答复内容。")
    if len(content) > REPLY_MAX:
        raise TicketRefused(f"答复内容不能超过 {REPLY_MAX} 个字（现为 {len(content)} 个字）。")
    with transaction.atomic():
        ticket = _locked(ticket)
        if ticket.status != Ticket.Status.HANDLING:
            raise TicketRefused("该诉求当前不在办理中。")
        _complete_step(ticket, HANDLE_STEP, actor=actor, opinion="拟写答复，提请审核", ip=ip)
        close_return_windows(ticket, actor=actor)
        ticket.reply = content
        ticket.save(update_fields=["reply"])
        audit.record(event="tickets.draft_reply", actor=actor, obj=ticket, ip=ip, detail={"length": len(content)})
    return ticket


def send_back_reply(*, ticket: Ticket, actor: Any, reason: str, ip: str | None = None) -> Ticket:
    """退回修改: the leader returns the draft to the clerk with a reason."""
    with transaction.atomic():
        ticket = _locked(ticket)
        _send_back_step(ticket, APPROVE_STEP, to=HANDLE_STEP, actor=actor, reason=reason, ip=ip)
        audit.record(event="tickets.send_back_reply", actor=actor, obj=ticket, ip=ip, detail={})
    return ticket


def approve_reply(*, ticket: Ticket, actor: Any, opinion: str = "", ip: str | None = None) -> Ticket:
    """审核通过: the leader approves the draft; the ticket is 已答复, its clock stops, and the
    citizen is told (in-app now; email/SMS after commit, by the notification service)."""
    with transaction.atomic():
        ticket = _locked(ticket)
        if ticket.status != Ticket.Status.HANDLING or not ticket.reply:
            raise TicketRefused("该诉求没有待审核的答复。")
        _complete_step(ticket, APPROVE_STEP, actor=actor, opinion=opinion or "同意答复", ip=ip)
        now = timezone.now()
        ticket.status, ticket.replied_at = Ticket.Status.REPLIED, now
        ticket.save(update_fields=["status", "replied_at"])
        for kind in ("handling", REHANDLING_CLOCK):  # a reply after a 差评 stops the re-handling clock
            clock = calendar_selectors.get_clock_for(ticket, kind=kind)
            if clock is not None and clock.is_open:
                calendar.stop_clock(clock=clock, actor=actor, at=now)
        audit.record(event="tickets.approve_reply", actor=actor, obj=ticket, ip=ip, detail={})
        publication.publish_reply(ticket=ticket, actor=actor, ip=ip)  # with the citizen's consent only
        citizen_sms.notify_citizen(
            ticket=ticket,
            template="tickets.replied",
            context={"agency": ticket.agency.full_name if ticket.agency else "", **reply_rating_context(ticket)},
            actor=actor,
        )
        # 合并: the citizens of duplicates merged into this ticket get the same reply.
        for duplicate in ticket.merged_tickets.select_related("citizen"):
            citizen_sms.notify_citizen(
                ticket=duplicate,
                template="tickets.merged_replied",
                context={"agency": ticket.agency.full_name if ticket.agency else "", "reply": ticket.reply},
                actor=actor,
            )
    return ticket
