"""Control of handling by the hotline office: 改派 (reassignment), 合并 (merging duplicates),
延期 (extension, only with the office's approval) and 督办 (supervision of overdue tickets).

Each service is one transaction with its audit entry; notifications are written by the
notification service (in-app now, email and SMS after commit)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from yiwang.core.audit import services as audit
from yiwang.core.calendar import selectors as calendar_selectors
from yiwang.core.calendar import services as calendar
from yiwang.core.calendar.models import Clock
from yiwang.core.notifications import services as notifications
from yiwang.core.orgs.models import Agency
from yiwang.core.permissions import access
from yiwang.core.workflow import services as workflow
from yiwang.core.workflow.errors import WorkflowError

from ..models import Assignment, Category, ExtensionRequest, Ticket
from ..selectors import handling_control as control_selectors
from . import (
    DISPATCH_VERB,
    HANDLE_STEP,
    HANDLE_VERB,
    RETURN_WINDOW_DAYS,
    TicketRefused,
    _locked,
    _open_item,
    citizen_sms,
    close_return_windows,
    remind_before_days,
    time_limit_days,
)

# Local practice, unverified (domain-rules §5 names no national figure): a deployment sets its own
# in settings.YIWANG_TICKETS.
DEFAULTS: dict[str, Any] = {
    # 改派: the handling clock keeps running — the citizen's time limit counts from the first
    # dispatch (12345热线条例: the unit finishes within 5 working days of receiving the ticket; a
    # routing mistake by the office is not the citizen's delay). True restarts it for the new agency.
    "REASSIGN_RESTARTS_CLOCK": False,
    "EXTENSION_MAX_DAYS": 10,  # working days one extension may add
    "EXTENSION_MAX_COUNT": 1,  # extensions a ticket may have (approved or pending)
    "SUPERVISE_BATCH": 500,  # tickets the overdue sweep marks per run
}
REASON_MAX = 500
NOTE_MAX = 300
SWEEP_NOTE = "超过办理期限未答复，系统自动督办"


def option(name: str) -> Any:
    return getattr(settings, "YIWANG_TICKETS", {}).get(name, DEFAULTS[name])


def _staff_url(ticket: Ticket) -> str:
    return reverse("tickets_staff_ticket", args=[ticket.pk])


def open_handling_clock(ticket: Ticket) -> Clock | None:
    """The ticket's running (or paused) handling clock — kind `handling`, or the clock of a
    re-handling after a 差评 — not a 退单 window."""
    return (
        calendar_selectors.list_clocks_for(ticket)
        .filter(state__in=Clock.OPEN_STATES)
        .exclude(kind__startswith="return-")
        .order_by("-created_at", "-pk")
        .first()
    )


def _clock_error(error: Exception) -> TicketRefused:
    messages = getattr(error, "messages", None) or [str(error)]
    return TicketRefused(str(messages[0]))


# --- 改派 -------------------------------------------------------------------------------------


def reassign_ticket(
    *,
    ticket: Ticket,
    agency: Agency,
    co_agencies: Iterable[Agency] = (),
    category: Category | None = None,
    reason: str,
    actor: Any,
    ip: str | None = None,
) -> Ticket:
    """改派: the dispatcher moves a ticket in handling to another 主办 agency (协办 agencies and
    the category may change in the same step — citizens often pick the wrong category).

    The old agency's open 办理 item is cancelled and the step re-routed on the workflow engine, so
    the new agency's clerks get it in their 待办. The handling clock continues and now answers to
    the new agency (or restarts, if configured). The new agency may 退单 within 1 working day."""
    if not access.can(actor, DISPATCH_VERB):
        raise TicketRefused("您没有改派权限，改派由热线办派单员办理。")
    reason = (reason or "").strip()
    if not reason:
        raise TicketRefused("请填写改派理由。")
    if len(reason) > REASON_MAX:
        raise TicketRefused(f"改派理由不能超过 {REASON_MAX} 个字。")
    if category is not None and not category.active:
        raise TicketRefused("请选择有效的诉求分类。")
    helpers = [a for a in co_agencies if a.pk != agency.pk]
    with transaction.atomic():
        ticket = _locked(ticket)
        if ticket.status != Ticket.Status.HANDLING:
            raise TicketRefused("只有办理中的诉求可以改派；待派单或已退单的诉求请直接派单。")
        if ticket.agency_id == agency.pk:
            raise TicketRefused("改派的主办单位与当前主办单位相同，请选择其他单位。")
        item = _open_item(ticket, HANDLE_STEP)
        if item is None:
            raise TicketRefused("答复已提交负责人审核，不能改派；请先由负责人退回修改。")
        previous = ticket.agency
        old_category = ticket.category
        now = timezone.now()
        try:
            workflow.reroute(
                item, actor=actor, data={"handling_agency": agency.pk}, reason=reason, authority=DISPATCH_VERB, ip=ip
            )
        except WorkflowError as error:
            raise TicketRefused(error.message) from error
        close_return_windows(ticket, actor=actor, at=now)
        # A 退单 goes back to the 派单 step: a process without one (a re-handling after a 差评)
        # gives the new agency no 退单 window.
        returnable = control_selectors.has_dispatch_step(ticket)
        window = (
            calendar.start_clock(
                obj=ticket,
                kind=f"return-{ticket.assignments.count() + 1}",
                unit=Clock.Unit.WORKING_DAYS,
                limit=RETURN_WINDOW_DAYS,
                start=now,
                basis="退单时限：改派后 1 个工作日内（12345热线条例）",
                remind_before=0,
                actor=actor,
            )
            if returnable
            else None
        )
        Assignment.objects.create(
            ticket=ticket,
            agency=agency,
            dispatched_by=actor,
            dispatched_at=now,
            note=reason[:300],
            return_until=window.due_at if window is not None else None,
            reassigned=True,
        )
        if category is not None:
            ticket.category = category
        ticket.due_at = _move_handling_clock(ticket, agency=agency, actor=actor, reason=reason, at=now)
        ticket.agency, ticket.return_closed = agency, not returnable
        ticket.save(update_fields=["agency", "category", "return_closed", "due_at"])
        ticket.co_agencies.set(helpers)
        audit.record(
            event="tickets.reassign",
            actor=actor,
            obj=ticket,
            ip=ip,
            detail={
                "from": previous.pk if previous else None,
                "to": agency.pk,
                "co_agencies": [a.pk for a in helpers],
                "category": {"before": old_category.code, "after": ticket.category.code},
                "restarts_clock": bool(option("REASSIGN_RESTARTS_CLOCK")),
                "reason": reason,
            },
        )
    return ticket


def _move_handling_clock(ticket: Ticket, *, agency: Agency, actor: Any, reason: str, at: datetime) -> datetime | None:
    clock = open_handling_clock(ticket)
    try:
        if clock is not None and not option("REASSIGN_RESTARTS_CLOCK"):
            calendar.transfer_clock(clock=clock, responsible_agency=agency, actor=actor, reason=f"改派：{reason}")
            return clock.due_at
        if clock is not None:
            calendar.stop_clock(clock=clock, actor=actor, at=at)
        clock = calendar.start_clock(
            obj=ticket,
            kind=clock.kind if clock is not None else "handling",
            unit=Clock.Unit.WORKING_DAYS,
            limit=time_limit_days(ticket),
            start=at,
            basis="诉求办理时限（改派后重新起算）",
            remind_before=remind_before_days(),
            responsible_agency=agency,
            actor=actor,
        )
    except calendar.ClockError as error:
        raise _clock_error(error) from error
    return clock.due_at


# --- 合并 -------------------------------------------------------------------------------------

MERGEABLE = (Ticket.Status.SUBMITTED, Ticket.Status.ACCEPTED)


def merge_ticket(*, duplicate: Ticket, into: Ticket, actor: Any, note: str = "", ip: str | None = None) -> Ticket:
    """合并: a new ticket that repeats another is closed pointing at it (`merged_into`). Its
    citizen is told now, and gets the main ticket's reply when that is approved; the lookup page
    shows the main ticket's reply."""
    if not access.can(actor, DISPATCH_VERB):
        raise TicketRefused("您没有合并工单的权限。")
    if duplicate.pk == into.pk:
        raise TicketRefused("不能把诉求合并到它自己。")
    note = (note or "").strip()[:NOTE_MAX]
    with transaction.atomic():
        # Both rows locked, lower id first, so two merges of the same pair cannot deadlock.
        first, second = sorted((duplicate.pk, into.pk))
        locked = {t.pk: t for t in Ticket.objects.select_for_update().filter(pk__in=[first, second]).order_by("pk")}
        duplicate, into = locked[duplicate.pk], locked[into.pk]
        if duplicate.status not in MERGEABLE or duplicate.merged_into_id:
            raise TicketRefused("只有待审查或待处理的诉求可以合并；已派单的诉求请改派或答复。")
        if into.merged_into_id:
            raise TicketRefused("主工单本身已合并至其他诉求，请合并到最终的主工单。")
        if duplicate.merged_tickets.exists():
            raise TicketRefused("已有其他诉求合并到该诉求，不能再把它合并出去。")
        duplicate.status, duplicate.merged_into = Ticket.Status.CLOSED, into
        duplicate.save(update_fields=["status", "merged_into"])
        audit.record(
            event="tickets.merge",
            actor=actor,
            obj=duplicate,
            ip=ip,
            detail={"into": into.pk, "into_code": into.query_code, "note": note},
        )
        # The account holder in the message box, an anonymous citizen by SMS to the proved phone.
        citizen_sms.notify_citizen(
            ticket=duplicate,
            template="tickets.merged_replied" if into.replied_at else "tickets.merged",
            context={"agency": into.agency.full_name if into.agency else "", "reply": into.reply},
            actor=actor,
        )
    return duplicate


# --- 延期 -------------------------------------------------------------------------------------


def request_extension(*, ticket: Ticket, days: int, reason: str, actor: Any, ip: str | None = None) -> ExtensionRequest:
    """申请延期: the 主办 agency's clerk or leader asks the hotline office for more working days."""
    if not access.can(actor, HANDLE_VERB, agency_id=ticket.agency_id):
        raise TicketRefused("只有主办单位的工作人员可以申请延期。")
    reason = (reason or "").strip()
    if not reason:
        raise TicketRefused("请填写延期理由。")
    if len(reason) > REASON_MAX:
        raise TicketRefused(f"延期理由不能超过 {REASON_MAX} 个字。")
    max_days, max_count = int(option("EXTENSION_MAX_DAYS")), int(option("EXTENSION_MAX_COUNT"))
    if not 1 <= days <= max_days:
        raise TicketRefused(f"延期天数应为 1–{max_days} 个工作日。")
    with transaction.atomic():
        ticket = _locked(ticket)
        if ticket.status != Ticket.Status.HANDLING or ticket.agency_id is None:
            raise TicketRefused("只有办理中的诉求可以申请延期。")
        requests = ticket.extension_requests.exclude(status=ExtensionRequest.Status.REFUSED)
        if requests.filter(status=ExtensionRequest.Status.PENDING).exists():
            raise TicketRefused("已有一份待审批的延期申请，请等待热线办审批。")
        if requests.count() >= max_count:
            raise TicketRefused(f"每件诉求最多延期 {max_count} 次，本诉求不能再申请延期。")
        if open_handling_clock(ticket) is None:
            raise TicketRefused("该诉求没有正在计时的办理时限。")
        extension = ExtensionRequest.objects.create(
            ticket=ticket,
            agency_id=ticket.agency_id,
            days=days,
            reason=reason,
            requested_by=actor,
            requested_at=timezone.now(),
        )
        audit.record(
            event="tickets.request_extension", actor=actor, obj=ticket, ip=ip, detail={"days": days, "reason": reason}
        )
        notifications.notify(
            recipients=control_selectors.list_dispatchers(),
            template="tickets.extension_requested",
            context={"url": _staff_url(ticket)},
            obj=extension,
            actor=actor,
        )
    return extension


def decide_extension(
    *, extension: ExtensionRequest, approve: bool, note: str = "", actor: Any, ip: str | None = None
) -> ExtensionRequest:
    """审批延期: the hotline office approves (the handling clock is extended through the calendar
    service, the requester recorded and the dispatcher as approver) or refuses with a reason."""
    if not access.can(actor, DISPATCH_VERB):
        raise TicketRefused("延期申请由热线办派单员审批，您没有审批权限。")
    note = (note or "").strip()
    if not approve and not note:
        raise TicketRefused("不予批准时请说明理由。")
    if len(note) > REASON_MAX:
        raise TicketRefused(f"审批意见不能超过 {REASON_MAX} 个字。")
    with transaction.atomic():
        ticket = _locked(extension.ticket)
        extension = ExtensionRequest.objects.select_for_update().select_related("requested_by").get(pk=extension.pk)
        if extension.status != ExtensionRequest.Status.PENDING:
            raise TicketRefused("该延期申请已审批，请刷新页面。")
        if approve:
            if ticket.status != Ticket.Status.HANDLING:
                raise TicketRefused("该诉求已不在办理中，无需延期。")
            clock = open_handling_clock(ticket)
            if clock is None:
                raise TicketRefused("该诉求没有正在计时的办理时限。")
            try:
                calendar.extend_clock(
                    clock=clock,
                    extra=extension.days,
                    reason=f"延期申请：{extension.reason}",
                    approver=actor,
                    actor=extension.requested_by,
                )
            except calendar.ClockError as error:
                raise _clock_error(error) from error
            ticket.due_at = clock.due_at
            ticket.save(update_fields=["due_at"])
        extension.status = ExtensionRequest.Status.APPROVED if approve else ExtensionRequest.Status.REFUSED
        extension.decided_by, extension.decided_at, extension.decision_note = actor, timezone.now(), note
        extension.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        audit.record(
            event="tickets.approve_extension" if approve else "tickets.refuse_extension",
            actor=actor,
            obj=ticket,
            ip=ip,
            detail={"extension": extension.pk, "days": extension.days, "note": note, "due_at": ticket.due_at},
        )
        notifications.notify(
            recipients=[extension.requested_by],
            template="tickets.extension_decided",
            context={
                "url": _staff_url(ticket),
                "due": timezone.localtime(ticket.due_at).strftime("%Y-%m-%d %H:%M") if ticket.due_at else "未知",
            },
            obj=extension,
            actor=actor,
        )
    return extension


# --- 督办 -------------------------------------------------------------------------------------


def _tell_supervised(ticket: Ticket, *, actor: Any) -> None:
    """The 主办 agency's leaders and the hotline office hear of a 督办."""
    recipients = {u.pk: u for u in control_selectors.list_dispatchers()}
    if ticket.agency_id is not None:
        recipients.update({u.pk: u for u in control_selectors.list_agency_leaders(ticket.agency_id)})
    if actor is not None:
        recipients.pop(actor.pk, None)
    notifications.notify(
        recipients=list(recipients.values()),
        template="tickets.supervised",
        context={"agency": ticket.agency.full_name if ticket.agency else "", "url": _staff_url(ticket)},
        obj=ticket,
        actor=actor,
    )


def supervise_ticket(*, ticket: Ticket, note: str, actor: Any, ip: str | None = None) -> Ticket:
    """督办 by hand: the dispatcher flags a ticket in handling (refusal to act, poor handling …)."""
    if not access.can(actor, DISPATCH_VERB):
        raise TicketRefused("督办由热线办派单员发起，您没有督办权限。")
    note = (note or "").strip()
    if not note:
        raise TicketRefused("请填写督办说明。")
    if len(note) > NOTE_MAX:
        raise TicketRefused(f"督办说明不能超过 {NOTE_MAX} 个字。")
    with transaction.atomic():
        ticket = _locked(ticket)
        if ticket.status != Ticket.Status.HANDLING:
            raise TicketRefused("只有办理中的诉求可以督办。")
        if ticket.supervised_at is not None:
            raise TicketRefused("该诉求已在督办中。")
        ticket.supervised_at, ticket.supervision_note = timezone.now(), note
        ticket.save(update_fields=["supervised_at", "supervision_note"])
        audit.record(event="tickets.supervise", actor=actor, obj=ticket, ip=ip, detail={"note": note, "auto": False})
        _tell_supervised(ticket, actor=actor)
    return ticket


def supervise_overdue_tickets(*, now: datetime | None = None) -> int:
    """督办 sweep: every ticket in handling past its due moment is flagged once, its agency's
    leaders and the hotline office told. Idempotent: a conditional UPDATE claims each ticket, so
    a second run (or a second scheduler) sends nothing again. The reminder before the due date
    and the clock's own escalation are the calendar service's sweep (`calendar.clock_reminders`)."""
    now = now or timezone.now()
    ids = list(
        Ticket.objects.filter(status=Ticket.Status.HANDLING, supervised_at__isnull=True, due_at__lte=now)
        .order_by("due_at")
        .values_list("pk", flat=True)[: int(option("SUPERVISE_BATCH"))]
    )
    marked = 0
    for pk in ids:
        with transaction.atomic():
            claimed = Ticket.objects.filter(
                pk=pk, status=Ticket.Status.HANDLING, supervised_at__isnull=True, due_at__lte=now
            ).update(supervised_at=now, supervision_note=SWEEP_NOTE)
            if not claimed:
                continue
            ticket = Ticket.objects.select_related("agency").get(pk=pk)
            audit.record(event="tickets.supervise", obj=ticket, detail={"note": SWEEP_NOTE, "auto": True})
            _tell_supervised(ticket, actor=None)
            marked += 1
    return marked


def close_expired_return_windows(*, now: datetime | None = None) -> int:
    """Stop the 退单 windows that have run out: the agency kept the ticket. Each is stopped at its
    own last moment (a window that simply ran out was not missed), so none is reminded or
    escalated afterwards."""
    now = now or timezone.now()
    closed = 0
    expired = Clock.objects.filter(
        content_type=control_selectors.ticket_content_type(),
        kind__startswith="return-",
        state=Clock.State.RUNNING,
        due_at__lte=now,
    ).order_by("due_at")
    for clock in expired[:1000]:
        assert clock.due_at is not None
        try:
            calendar.stop_clock(clock=clock, actor=None, at=clock.due_at - timedelta(seconds=1))
        except calendar.ClockError:
            continue  # stopped meanwhile by a return or a reply
        closed += 1
    return closed
