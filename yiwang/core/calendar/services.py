"""Writes: calendar overrides and years, statutory clocks (start, pause, resume, extend, stop),
recomputation, reminders and the unknown-year alert.

Each service runs in one transaction, writes its audit entry there and leaves notifications and
recomputation to after commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from yiwang.core.accounts.models import User
from yiwang.core.audit import services as audit
from yiwang.core.orgs.models import Agency

from . import selectors
from .models import CalendarOverride, CalendarState, CalendarYear, Clock, ClockExtension, ClockPause, UnknownYearAlert
from .workcalendar import UnknownCalendarYear, library_covers, work_calendar

# Reminder lead when the caller gives none, in the clock's own unit.
DEFAULT_REMIND_BEFORE = {Clock.Unit.WORKING_DAYS: 3, Clock.Unit.CALENDAR_DAYS: 3, Clock.Unit.HOURS: 1}

TEMPLATE_DUE_SOON = "calendar.clock_due_soon"
TEMPLATE_OVERDUE = "calendar.clock_overdue"
TEMPLATE_UNKNOWN_YEAR = "calendar.unknown_year"


class ClockError(ValidationError):
    """A clock operation refused: the message says why, in Chinese."""


class CalendarError(ValidationError):
    """A calendar change refused."""


def _calendar_settings() -> dict[str, Any]:
    return dict(getattr(settings, "YIWANG_CALENDAR", {}))


# --- the calendar data ---------------------------------------------------------------------------


def _bump_version() -> None:
    CalendarState.objects.get_or_create(id=1)
    CalendarState.objects.filter(id=1).update(version=F("version") + 1)
    # This process at once (its own later reads, even inside this transaction); other processes
    # see the new version within RECHECK_SECONDS. After commit: reload, then recompute clocks.
    work_calendar.invalidate()

    def after_commit() -> None:
        work_calendar.invalidate()
        from .tasks import recompute_open_clocks_task

        recompute_open_clocks_task.enqueue()

    transaction.on_commit(after_commit)


def _override_snapshot(row: CalendarOverride) -> dict[str, Any]:
    return {
        "day": row.day.isoformat(),
        "is_workday": row.is_workday,
        "name": row.name,
        "source": row.source,
        "reason": row.reason,
    }


def set_override(
    *,
    day: date,
    is_workday: bool,
    name: str = "",
    source: str = "",
    reason: str = "",
    actor: User,
    ip: str | None = None,
) -> CalendarOverride:
    """Add or change the override for `day` (录入/修改日历调整). An override wins over the library."""
    if not (source.strip() or reason.strip()):
        raise CalendarError("请填写依据文件（如国务院办公厅通知文号）或说明。")
    with transaction.atomic():
        row = CalendarOverride.objects.select_for_update().filter(day=day).first()
        before = _override_snapshot(row) if row else None
        if row is None:
            row = CalendarOverride(day=day, created_by=actor)
        row.is_workday, row.name, row.source, row.reason = is_workday, name.strip(), source.strip(), reason.strip()
        row.save()
        _bump_version()
        audit.record(
            event="calendar.override_set",
            actor=actor,
            obj=row,
            ip=ip,
            detail={"before": before, "after": _override_snapshot(row)},
        )
    return row


def delete_override(*, override: CalendarOverride, actor: User, ip: str | None = None) -> None:
    """Remove an override: the day falls back to the library (or to the ordinary week)."""
    with transaction.atomic():
        before = _override_snapshot(override)
        audit.record(
            event="calendar.override_delete", actor=actor, obj=override, ip=ip, detail={"before": before, "after": None}
        )
        override.delete()
        _bump_version()


def mark_year_loaded(
    *, year: int, source: str, complete: bool = True, actor: User, ip: str | None = None
) -> CalendarYear:
    """Declare a year's holidays and 调休 entered (from the State Council notice), making it known.

    `complete=False` withdraws the declaration (the year is unknown again unless the library has it)."""
    if not source.strip():
        raise CalendarError("请填写依据文件（国务院办公厅关于该年部分节假日安排的通知文号）。")
    if not 2000 <= year <= 2100:
        raise CalendarError("年度超出范围。")
    with transaction.atomic():
        row = CalendarYear.objects.select_for_update().filter(year=year).first()
        before = {"source": row.source, "complete": row.complete} if row else None
        if row is None:
            row = CalendarYear(year=year)
        row.source, row.complete, row.loaded_by, row.loaded_at = source.strip(), complete, actor, timezone.now()
        row.save()
        _bump_version()
        audit.record(
            event="calendar.year_loaded" if complete else "calendar.year_withdrawn",
            actor=actor,
            obj=row,
            ip=ip,
            detail={
                "before": before,
                "after": {"source": row.source, "complete": row.complete, "in_library": library_covers(year)},
            },
        )
    return row


def alert_unknown_year(*, year: int) -> bool:
    """Tell the calendar managers that `year` is needed but not loaded — once per year per day.

    Called by the calendar whenever it refuses to compute. The alert row and the notification
    share the caller's transaction: if that rolls back, the next attempt alerts again."""
    today = timezone.localdate()
    with transaction.atomic():
        _, created = UnknownYearAlert.objects.get_or_create(year=year, alerted_on=today)
        if not created:
            return False
        audit.record(event="calendar.unknown_year_alert", result="failure", detail={"year": year})
        recipients = selectors.list_calendar_managers()
        _notify(
            recipients=recipients, template=TEMPLATE_UNKNOWN_YEAR, context={"year": year, "today": today.isoformat()}
        )
    return True


def _notify(*, recipients: list[User], template: str, context: dict[str, Any], obj: models.Model | None = None) -> None:
    if not recipients:
        return
    from yiwang.core.notifications.services import notify

    notify(recipients=recipients, template=template, context=context, obj=obj)


# --- clocks --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Due:
    due_date: date | None
    due_at: datetime | None
    remind_at: datetime | None
    provisional: bool = False
    note: str = ""
    unknown_year: int | None = None


def _start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _compute(clock: Clock, pauses: list[ClockPause], extensions: list[ClockExtension]) -> _Due:
    """Due moment from the start, limit, extensions and closed pauses.

    An open pause does not move the due date yet (the clock is PAUSED, so not overdue); resuming
    adds the paused units. Working-day clocks skip the working days inside each pause (a pause
    from day A to day B removes the working days in (A, B], like the start day rule); calendar-day
    clocks skip the calendar days; hour clocks skip the wall-clock time."""
    total = clock.limit + sum(ext.extra for ext in extensions)
    closed = [(p.started_at, p.ended_at) for p in pauses if p.ended_at is not None]
    try:
        if clock.unit == Clock.Unit.HOURS:
            paused = sum((end - begin for begin, end in closed), timedelta())
            due_at = work_calendar.add_hours(clock.start_at, total) + paused
            return _Due(due_date=None, due_at=due_at, remind_at=due_at - timedelta(hours=clock.remind_before))
        if clock.unit == Clock.Unit.WORKING_DAYS:
            paused_days = sum(work_calendar.working_days_between(_local_date(b), _local_date(e)) for b, e in closed)
            due_date = work_calendar.add_working_days(clock.start_date, total + paused_days)
            try:
                remind_day = work_calendar.add_working_days(due_date, -clock.remind_before)
            except UnknownCalendarYear:
                remind_day = due_date
        else:
            paused_days = sum((_local_date(e) - _local_date(b)).days for b, e in closed)
            due_date = work_calendar.add_calendar_days(clock.start_date, total + paused_days)
            remind_day = due_date - timedelta(days=clock.remind_before)
    except UnknownCalendarYear as exc:
        return _Due(
            due_date=None,
            due_at=None,
            remind_at=None,
            provisional=True,
            note=f"{exc.year}年节假日安排尚未录入，届满日待录入后自动计算",
            unknown_year=exc.year,
        )
    return _Due(
        due_date=due_date, due_at=_start_of_day(due_date + timedelta(days=1)), remind_at=_start_of_day(remind_day)
    )


def _apply(clock: Clock, due: _Due) -> list[str]:
    """Store a computed due on the clock; returns the changed field names."""
    changed = []
    values = {
        "due_date": due.due_date,
        "due_at": due.due_at,
        "remind_at": due.remind_at,
        "provisional": due.provisional,
        "provisional_note": due.note,
        "unknown_year": due.unknown_year,
    }
    for name, value in values.items():
        if getattr(clock, name) != value:
            setattr(clock, name, value)
            changed.append(name)
    # A due date moved later than the reminder (or escalation) already sent re-arms it.
    if (
        "remind_at" in changed
        and clock.reminded_at
        and (clock.remind_at is None or clock.remind_at > clock.reminded_at)
    ):
        clock.reminded_at = None
        changed.append("reminded_at")
    if "due_at" in changed and clock.escalated_at and (clock.due_at is None or clock.due_at > clock.escalated_at):
        clock.escalated_at = None
        changed.append("escalated_at")
    return changed


def _recompute(clock: Clock) -> list[str]:
    return _apply(clock, _compute(clock, list(clock.pauses.all()), list(clock.extensions.all())))


def _clock_snapshot(clock: Clock) -> dict[str, Any]:
    return {
        "state": clock.state,
        "due_date": clock.due_date,
        "due_at": clock.due_at,
        "provisional": clock.provisional,
        "limit": clock.limit,
        "unit": clock.unit,
    }


def _as_moment(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return _start_of_day(value)


def _locked(clock: Clock) -> Clock:
    return Clock.objects.select_for_update().get(pk=clock.pk)


def _refresh_caller_copy(target: Clock, source: Clock) -> None:
    for f in Clock._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))


def start_clock(
    *,
    obj: models.Model,
    unit: str,
    limit: int,
    start: date | datetime,
    basis: str,
    remind_before: int | None = None,
    kind: str = "main",
    responsible: User | None = None,
    responsible_agency: Agency | None = None,
    actor: User | None = None,
) -> Clock:
    """Start a statutory clock (起算) held by `obj`.

    The start day is not counted (民法典 Art. 201). If the due date would fall in a year the
    calendar does not know, the clock is stored `provisional` without a due date and the
    calendar managers are alerted; `recompute_open_clocks()` resolves it once the year is loaded."""
    if unit not in Clock.Unit.values:
        raise ClockError(f"未知的计时单位：{unit}")
    if limit < 1:
        raise ClockError("期限必须为正整数。")
    if not basis.strip():
        raise ClockError("必须写明法定依据（如“政府信息公开条例第三十三条”）。")
    if obj.pk is None:
        raise ClockError("业务对象尚未保存，无法起算时限。")
    if not isinstance(obj.pk, int):
        raise ClockError("时限只能挂在整数主键的业务对象上。")
    start_at = _as_moment(start)
    clock = Clock(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        kind=kind,
        unit=unit,
        limit=limit,
        basis=basis.strip(),
        start_at=start_at,
        start_date=_local_date(start_at),
        remind_before=DEFAULT_REMIND_BEFORE[Clock.Unit(unit)] if remind_before is None else remind_before,
        responsible=responsible,
        responsible_agency=responsible_agency,
    )
    with transaction.atomic():
        _apply(clock, _compute(clock, [], []))
        clock.save()
        audit.record(
            event="calendar.clock_start",
            actor=actor,
            obj=clock,
            detail={"after": _clock_snapshot(clock), "holder": f"{clock.content_type.model}:{clock.object_id}"},
        )
    return clock


def _check_approval(*, reason: str, approver: User | None, actor: User) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ClockError("必须填写理由。（A reason is required.）")
    if approver is None:
        raise ClockError("必须指定批准人。（An approver is required.）")
    if not approver.is_active or approver.kind != User.Kind.STAFF:
        raise ClockError("批准人必须是在职工作人员。（The approver must be an active staff member.）")
    if _calendar_settings().get("APPROVER_MUST_DIFFER", True) and approver.pk == actor.pk:
        raise ClockError("批准人不能是记录人本人。（The approver cannot be the person recording it.）")
    return reason


def pause_clock(*, clock: Clock, reason: str, approver: User, actor: User, at: datetime | None = None) -> ClockPause:
    """中止 — stop counting from `at` (default now) until `resume_clock`. Reason and approver required."""
    reason = _check_approval(reason=reason, approver=approver, actor=actor)
    at = _as_moment(at) if at is not None else timezone.now()
    with transaction.atomic():
        locked = _locked(clock)
        if locked.state != Clock.State.RUNNING:
            raise ClockError(f"时限当前状态为“{locked.get_state_display()}”，不能中止。")
        last = locked.pauses.order_by("-started_at").first()
        if at < locked.start_at or (last is not None and last.ended_at is not None and at < last.ended_at):
            raise ClockError("中止时间不能早于起算时间或上一次恢复时间。")
        if at > timezone.now():
            raise ClockError("中止时间不能晚于当前时间。")
        before = _clock_snapshot(locked)
        pause = ClockPause.objects.create(
            clock=locked, started_at=at, reason=reason, approver=approver, recorded_by=actor
        )
        locked.state = Clock.State.PAUSED
        locked.save(update_fields=["state"])
        audit.record(
            event="calendar.clock_pause",
            actor=actor,
            obj=locked,
            detail={
                "before": before,
                "after": _clock_snapshot(locked),
                "reason": reason,
                "approver": approver.pk,
                "at": at,
            },
        )
    _refresh_caller_copy(clock, locked)
    return pause


def resume_clock(*, clock: Clock, actor: User, at: datetime | None = None) -> ClockPause:
    """恢复 — close the open pause; the due date moves by the paused units."""
    at = _as_moment(at) if at is not None else timezone.now()
    with transaction.atomic():
        locked = _locked(clock)
        pause = locked.pauses.filter(ended_at__isnull=True).order_by("-started_at").first()
        if locked.state != Clock.State.PAUSED or pause is None:
            raise ClockError("时限未处于中止状态，无需恢复。")
        if at < pause.started_at:
            raise ClockError("恢复时间不能早于中止时间。")
        if at > timezone.now():
            raise ClockError("恢复时间不能晚于当前时间。")
        before = _clock_snapshot(locked)
        pause.ended_at, pause.resumed_by = at, actor
        pause.save(update_fields=["ended_at", "resumed_by"])
        locked.state = Clock.State.RUNNING
        changed = _recompute(locked)
        locked.save(update_fields=["state", *changed])
        audit.record(
            event="calendar.clock_resume",
            actor=actor,
            obj=locked,
            detail={"before": before, "after": _clock_snapshot(locked), "at": at},
        )
    _refresh_caller_copy(clock, locked)
    return pause


def extend_clock(*, clock: Clock, extra: int, reason: str, approver: User, actor: User) -> ClockExtension:
    """延长 — add `extra` units (the clock's unit). Reason and approver required
    (e.g. 政府信息公开条例 Art. 33: 经政府信息公开工作机构负责人同意, at most 20 working days)."""
    reason = _check_approval(reason=reason, approver=approver, actor=actor)
    if extra < 1:
        raise ClockError("延长期限必须为正整数。")
    with transaction.atomic():
        locked = _locked(clock)
        if not locked.is_open:
            raise ClockError(f"时限当前状态为“{locked.get_state_display()}”，不能延长。")
        before = _clock_snapshot(locked)
        extension = ClockExtension.objects.create(
            clock=locked, extra=extra, reason=reason, approver=approver, recorded_by=actor
        )
        changed = _recompute(locked)
        if changed:
            locked.save(update_fields=changed)
        audit.record(
            event="calendar.clock_extend",
            actor=actor,
            obj=locked,
            detail={
                "before": before,
                "after": _clock_snapshot(locked),
                "extra": extra,
                "reason": reason,
                "approver": approver.pk,
            },
        )
    _refresh_caller_copy(clock, locked)
    return extension


def transfer_clock(
    *, clock: Clock, responsible_agency: Agency | None, responsible: User | None = None, actor: User, reason: str
) -> Clock:
    """移交 — the clock keeps counting, but another agency (or person) answers for it from now on:
    reminders and escalation go to them. A reminder already sent is sent again to the new holder."""
    reason = (reason or "").strip()
    if not reason:
        raise ClockError("必须填写理由。（A reason is required.）")
    with transaction.atomic():
        locked = _locked(clock)
        if not locked.is_open:
            raise ClockError(f"时限当前状态为“{locked.get_state_display()}”，不能移交。")
        before = {"responsible_agency": locked.responsible_agency_id, "responsible": locked.responsible_id}
        locked.responsible_agency, locked.responsible = responsible_agency, responsible
        changed = ["responsible_agency", "responsible"]
        if locked.reminded_at is not None and locked.escalated_at is None:
            locked.reminded_at = None
            changed.append("reminded_at")
        locked.save(update_fields=changed)
        audit.record(
            event="calendar.clock_transfer",
            actor=actor,
            obj=locked,
            detail={
                "before": before,
                "after": {"responsible_agency": locked.responsible_agency_id, "responsible": locked.responsible_id},
                "reason": reason,
            },
        )
    _refresh_caller_copy(clock, locked)
    return locked


def _verdict(clock: Clock, stopped_at: datetime) -> str:
    if clock.due_at is not None:
        return Clock.State.MET if stopped_at < clock.due_at else Clock.State.LATE
    # Provisional: the due date lies in (or after) the unknown year, so a stop before that year is in time.
    if clock.unknown_year is not None and _local_date(stopped_at).year < clock.unknown_year:
        return Clock.State.MET
    return Clock.State.STOPPED


def stop_clock(*, clock: Clock, actor: User | None, at: datetime | None = None) -> Clock:
    """办结 — stop the clock at `at` (default now): 按期 (met) or 超期 (late). An open pause is
    closed at the same moment."""
    at = _as_moment(at) if at is not None else timezone.now()
    with transaction.atomic():
        locked = _locked(clock)
        if not locked.is_open:
            raise ClockError(f"时限当前状态为“{locked.get_state_display()}”，不能重复办结。")
        if at < locked.start_at:
            raise ClockError("办结时间不能早于起算时间。")
        if at > timezone.now():
            raise ClockError("办结时间不能晚于当前时间。")
        before = _clock_snapshot(locked)
        changed: list[str] = []
        open_pause = locked.pauses.filter(ended_at__isnull=True).first()
        if open_pause is not None:
            open_pause.ended_at, open_pause.resumed_by = max(at, open_pause.started_at), actor
            open_pause.save(update_fields=["ended_at", "resumed_by"])
            changed = _recompute(locked)
        locked.state = _verdict(locked, at)
        locked.stopped_at = at
        locked.save(update_fields=["state", "stopped_at", *changed])
        audit.record(
            event="calendar.clock_stop",
            actor=actor,
            obj=locked,
            detail={"before": before, "after": _clock_snapshot(locked)},
        )
    _refresh_caller_copy(clock, locked)
    return locked


def recompute_open_clocks(*, batch_size: int = 500) -> int:
    """Recompute every open clock and every provisional one (after an override changes or a new
    year is loaded). Returns how many clocks changed; each change is audited."""
    changed_count = 0
    open_ids = Clock.objects.filter(models.Q(state__in=Clock.OPEN_STATES) | models.Q(provisional=True)).values_list(
        "pk", flat=True
    )
    ids = list(open_ids.order_by("pk"))
    for offset in range(0, len(ids), batch_size):
        for pk in ids[offset : offset + batch_size]:
            with transaction.atomic():
                clock = Clock.objects.select_for_update().filter(pk=pk).first()
                if clock is None:
                    continue
                before = _clock_snapshot(clock)
                changed = _recompute(clock)
                if clock.state == Clock.State.STOPPED and clock.stopped_at is not None and not clock.provisional:
                    clock.state = _verdict(clock, clock.stopped_at)
                    changed.append("state")
                if not changed:
                    continue
                clock.save(update_fields=changed)
                audit.record(
                    event="calendar.clock_recompute",
                    obj=clock,
                    detail={"before": before, "after": _clock_snapshot(clock)},
                )
                changed_count += 1
    return changed_count


# --- reminders -----------------------------------------------------------------------------------


def _clock_context(clock: Clock) -> dict[str, Any]:
    holder = clock.obj
    return {
        "basis": clock.basis,
        "limit": clock.limit,
        "unit": clock.get_unit_display(),
        "due": clock.due_display(),
        "object": str(holder) if holder is not None else f"{clock.content_type.name} {clock.object_id}",
        "kind": clock.kind,
    }


def send_clock_reminders(*, now: datetime | None = None) -> dict[str, int]:
    """Remind (提醒) clocks entering their window and escalate (督办) overdue ones, once each.

    Idempotent: the conditional UPDATE on `reminded_at` / `escalated_at` claims each clock, so
    two schedulers running at once still send one reminder. Provisional clocks re-alert the
    calendar managers (once per year per day)."""
    now = now or timezone.now()
    sent = {"reminded": 0, "escalated": 0, "unknown_years": 0}
    due_soon = Clock.objects.filter(
        state=Clock.State.RUNNING, reminded_at__isnull=True, remind_at__lte=now, due_at__gt=now
    ).select_related("content_type", "responsible")
    for clock in due_soon[:1000]:
        with transaction.atomic():
            if not Clock.objects.filter(pk=clock.pk, reminded_at__isnull=True).update(reminded_at=now):
                continue
            audit.record(event="calendar.clock_remind", obj=clock, detail={"due": clock.due_display()})
            _notify(
                recipients=selectors.list_responsible_users(clock),
                template=TEMPLATE_DUE_SOON,
                context=_clock_context(clock),
                obj=clock,
            )
            sent["reminded"] += 1
    overdue = Clock.objects.filter(
        state=Clock.State.RUNNING, escalated_at__isnull=True, due_at__lte=now
    ).select_related("content_type", "responsible")
    for clock in overdue[:1000]:
        with transaction.atomic():
            if not Clock.objects.filter(pk=clock.pk, escalated_at__isnull=True).update(escalated_at=now):
                continue
            audit.record(event="calendar.clock_escalate", obj=clock, detail={"due": clock.due_display()})
            _notify(
                recipients=selectors.list_responsible_users(clock, leaders=True),
                template=TEMPLATE_OVERDUE,
                context=_clock_context(clock),
                obj=clock,
            )
            sent["escalated"] += 1
    years = (
        Clock.objects.filter(provisional=True, unknown_year__isnull=False)
        .values_list("unknown_year", flat=True)
        .distinct()
    )
    for year in sorted({y for y in years if y is not None}):
        if not work_calendar.is_known_year(year) and alert_unknown_year(year=year):
            sent["unknown_years"] += 1
    return sent


def check_next_year(*, today: date | None = None) -> bool:
    """From `YIWANG_CALENDAR["WARN_FROM_MONTH"]` (November: the State Council notice usually comes
    out late October to November), alert the calendar managers daily while next year is unknown —
    before any clock reaches it. Returns True when an alert went out."""
    today = today or timezone.localdate()
    if today.month < int(_calendar_settings().get("WARN_FROM_MONTH", 11)):
        return False
    if work_calendar.is_known_year(today.year + 1):
        return False
    return alert_unknown_year(year=today.year + 1)
