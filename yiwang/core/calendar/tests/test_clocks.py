"""Statutory clocks: start, pause (中止), resume, extension (延长), stop, provisional years."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import chinese_calendar
import pytest
from django.utils import timezone

from yiwang.core.audit.models import AuditEntry
from yiwang.core.calendar import selectors, services
from yiwang.core.calendar.models import Clock, ClockExtension, ClockPause
from yiwang.core.calendar.services import ClockError
from yiwang.core.notifications.models import Message

pytestmark = pytest.mark.django_db

OGI = "政府信息公开条例第三十三条"


def at(*args: int) -> datetime:
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def holder(world):
    """Any saved model can hold a clock; the citizen's account stands in for a request."""
    return world.citizen


def ogi_clock(holder, world, **kwargs) -> Clock:
    defaults = dict(
        obj=holder,
        unit=Clock.Unit.WORKING_DAYS,
        limit=20,
        start=date(2025, 9, 30),
        basis=OGI,
        responsible=world.city_clerk,
        responsible_agency=world.city_civil_affairs,
        actor=world.city_clerk,
    )
    return services.start_clock(**{**defaults, **kwargs})


def test_working_day_clock_stores_unit_basis_and_due(holder, world) -> None:
    clock = ogi_clock(holder, world)
    assert clock.unit == "working_days" and clock.basis == OGI and clock.limit == 20
    assert clock.start_date == date(2025, 9, 30)
    assert clock.due_date == chinese_calendar.find_workday(20, date(2025, 9, 30)) == date(2025, 11, 4)
    assert clock.due_at == at(2025, 11, 5)  # the last day ends at 24:00
    assert clock.remind_at == at(2025, 10, 30)  # 3 working days before 4 Nov
    assert clock.state == Clock.State.RUNNING and not clock.provisional
    assert selectors.get_clock_for(holder) == clock
    assert AuditEntry.objects.filter(event="calendar.clock_start", object_id=str(clock.pk)).count() == 1


def test_clock_refuses_a_missing_basis_or_a_zero_limit(holder, world) -> None:
    with pytest.raises(ClockError):
        ogi_clock(holder, world, basis="  ")
    with pytest.raises(ClockError):
        ogi_clock(holder, world, limit=0)
    with pytest.raises(ClockError):
        ogi_clock(holder, world, unit="weeks")
    assert not Clock.objects.exists()


def test_calendar_day_clock_moves_a_last_day_on_a_holiday(holder, world) -> None:
    # 信访工作条例: 15 days; 23 Sep + 8 → 1 Oct (国庆) → 9 Oct (民法典 Art. 203).
    clock = ogi_clock(
        holder, world, unit=Clock.Unit.CALENDAR_DAYS, limit=8, start=date(2025, 9, 23), basis="信访工作条例"
    )
    assert clock.due_date == date(2025, 10, 9)


def test_hour_clock_is_wall_clock(holder, world) -> None:
    clock = ogi_clock(
        holder, world, unit=Clock.Unit.HOURS, limit=4, start=at(2025, 10, 1, 8, 30), basis="突发事件信息报送（4小时）"
    )
    assert clock.due_at == at(2025, 10, 1, 12, 30) and clock.due_date is None
    assert clock.remind_at == at(2025, 10, 1, 11, 30)


def test_kind_distinguishes_clocks_of_one_object(holder, world) -> None:
    reply = ogi_clock(holder, world)
    correction = ogi_clock(holder, world, kind="correction", limit=7, basis="政府信息公开条例第三十条")
    assert selectors.get_clock_for(holder) == reply
    assert selectors.get_clock_for(holder, kind="correction") == correction
    assert list(selectors.list_clocks_for(holder)) == [reply, correction]


@pytest.mark.parametrize(
    ("reason", "approver_name", "message"),
    [
        ("", "leader", "必须填写理由"),
        ("   ", "leader", "必须填写理由"),
        ("征求第三方意见", None, "必须指定批准人"),
        ("征求第三方意见", "citizen", "批准人必须是在职工作人员"),
        ("征求第三方意见", "city_clerk", "批准人不能是记录人本人"),
    ],
)
def test_pause_and_extension_require_reason_and_a_staff_approver(holder, world, reason, approver_name, message) -> None:
    clock = ogi_clock(holder, world)
    approver = getattr(world, approver_name) if approver_name else None
    with pytest.raises(ClockError, match=message):
        services.pause_clock(clock=clock, reason=reason, approver=approver, actor=world.city_clerk, at=at(2025, 10, 13))
    with pytest.raises(ClockError, match=message):
        services.extend_clock(clock=clock, extra=20, reason=reason, approver=approver, actor=world.city_clerk)
    clock.refresh_from_db()
    assert clock.state == Clock.State.RUNNING and clock.due_date == date(2025, 11, 4)
    assert not ClockPause.objects.exists() and not ClockExtension.objects.exists()


def test_pause_shifts_a_working_day_clock_by_the_paused_working_days(holder, world) -> None:
    clock = ogi_clock(holder, world)
    pause = services.pause_clock(
        clock=clock,
        reason="征求第三方意见（条例第三十二条）",
        approver=world.leader,
        actor=world.city_clerk,
        at=at(2025, 10, 13, 9),
    )
    assert clock.state == Clock.State.PAUSED
    assert not clock.is_overdue  # a paused clock is never overdue
    services.resume_clock(clock=clock, actor=world.city_clerk, at=at(2025, 10, 17, 16))
    pause.refresh_from_db()
    assert (
        pause.ended_at == at(2025, 10, 17, 16)
        and pause.approver == world.leader
        and pause.recorded_by == world.city_clerk
    )
    # Working days in (13 Oct, 17 Oct] = 14, 15, 16, 17 → four more working days.
    assert clock.state == Clock.State.RUNNING
    assert clock.due_date == chinese_calendar.find_workday(24, date(2025, 9, 30)) == date(2025, 11, 10)
    clock.refresh_from_db()
    assert clock.due_date == date(2025, 11, 10)
    events = list(
        AuditEntry.objects.filter(object_type="calendar.Clock", object_id=str(clock.pk)).values_list("event", flat=True)
    )
    assert events == ["calendar.clock_start", "calendar.clock_pause", "calendar.clock_resume"]


def test_a_pause_over_a_holiday_only_counts_its_working_days(holder, world) -> None:
    clock = ogi_clock(holder, world, start=date(2025, 9, 26))
    base = clock.due_date
    services.pause_clock(
        clock=clock, reason="等待补正材料", approver=world.leader, actor=world.city_clerk, at=at(2025, 9, 30, 10)
    )
    services.resume_clock(clock=clock, actor=world.city_clerk, at=at(2025, 10, 9, 10))
    # (30 Sep, 9 Oct] holds one working day (9 Oct): the 国庆 break costs nothing.
    assert clock.due_date == chinese_calendar.find_workday(1, base)


def test_pause_shifts_a_calendar_day_clock_by_calendar_days(holder, world) -> None:
    clock = ogi_clock(
        holder, world, unit=Clock.Unit.CALENDAR_DAYS, limit=15, start=date(2025, 9, 15), basis="信访工作条例第三十二条"
    )
    assert clock.due_date == date(2025, 9, 30)
    services.pause_clock(
        clock=clock, reason="听证", approver=world.leader, actor=world.city_clerk, at=at(2025, 9, 20, 9)
    )
    services.resume_clock(clock=clock, actor=world.city_clerk, at=at(2025, 9, 25, 9))
    # 5 days later is 5 Oct (国庆) → the first working day after the break.
    assert clock.due_date == date(2025, 10, 9)


def test_pause_shifts_an_hour_clock_by_the_paused_time(holder, world) -> None:
    clock = ogi_clock(holder, world, unit=Clock.Unit.HOURS, limit=4, start=at(2025, 10, 1, 8), basis="突发事件初报")
    services.pause_clock(
        clock=clock, reason="等待现场核实", approver=world.leader, actor=world.city_clerk, at=at(2025, 10, 1, 9)
    )
    services.resume_clock(clock=clock, actor=world.city_clerk, at=at(2025, 10, 1, 9, 45))
    assert clock.due_at == at(2025, 10, 1, 12, 45)


def test_extension_adds_units_in_the_clocks_unit(holder, world) -> None:
    clock = ogi_clock(holder, world)
    extension = services.extend_clock(
        clock=clock, extra=20, reason="申请内容复杂，经负责人同意延长", approver=world.leader, actor=world.city_clerk
    )
    assert extension.approver == world.leader and extension.recorded_by == world.city_clerk
    assert clock.due_date == chinese_calendar.find_workday(40, date(2025, 9, 30))
    entry = AuditEntry.objects.get(event="calendar.clock_extend")
    assert entry.detail["before"]["due_date"] == "2025-11-04"
    assert entry.detail["after"]["due_date"] == clock.due_date.isoformat()


def test_pause_and_extension_combine_exactly(holder, world) -> None:
    clock = ogi_clock(holder, world)
    services.extend_clock(clock=clock, extra=5, reason="经批准延长", approver=world.leader, actor=world.city_clerk)
    services.pause_clock(
        clock=clock, reason="征求第三方意见", approver=world.leader, actor=world.city_clerk, at=at(2025, 10, 9)
    )
    services.resume_clock(clock=clock, actor=world.city_clerk, at=at(2025, 10, 10))
    assert clock.due_date == chinese_calendar.find_workday(26, date(2025, 9, 30))


def test_pause_and_resume_refuse_the_wrong_state(holder, world) -> None:
    clock = ogi_clock(holder, world)
    with pytest.raises(ClockError):
        services.resume_clock(clock=clock, actor=world.city_clerk)
    services.pause_clock(
        clock=clock, reason="等待补正", approver=world.leader, actor=world.city_clerk, at=at(2025, 10, 13)
    )
    with pytest.raises(ClockError):
        services.pause_clock(
            clock=clock, reason="再次中止", approver=world.leader, actor=world.city_clerk, at=at(2025, 10, 14)
        )
    with pytest.raises(ClockError, match="不能早于中止时间"):
        services.resume_clock(clock=clock, actor=world.city_clerk, at=at(2025, 10, 12))
    with pytest.raises(ClockError, match="不能晚于当前时间"):
        services.resume_clock(clock=clock, actor=world.city_clerk, at=timezone.now() + timedelta(days=1))


def test_stop_in_time_is_met_and_after_due_is_late(holder, world) -> None:
    met = ogi_clock(holder, world)
    services.stop_clock(clock=met, actor=world.city_clerk, at=at(2025, 11, 4, 23, 59))
    assert met.state == Clock.State.MET and met.stopped_at == at(2025, 11, 4, 23, 59)
    late = ogi_clock(holder, world, kind="other")
    services.stop_clock(clock=late, actor=world.city_clerk, at=at(2025, 11, 5, 0, 0))
    assert late.state == Clock.State.LATE
    with pytest.raises(ClockError):
        services.stop_clock(clock=late, actor=world.city_clerk)
    with pytest.raises(ClockError):
        services.extend_clock(clock=late, extra=1, reason="x", approver=world.leader, actor=world.city_clerk)


def test_stopping_a_paused_clock_closes_the_pause(holder, world) -> None:
    clock = ogi_clock(holder, world)
    services.pause_clock(
        clock=clock, reason="等待补正", approver=world.leader, actor=world.city_clerk, at=at(2025, 10, 13)
    )
    services.stop_clock(clock=clock, actor=world.city_clerk, at=at(2025, 10, 20))
    assert clock.state == Clock.State.MET
    assert ClockPause.objects.get().ended_at == at(2025, 10, 20)


def test_clock_reaching_an_unknown_year_is_provisional_and_alerts_once(holder, world) -> None:
    clock = ogi_clock(holder, world, start=date(2026, 12, 20))
    assert clock.provisional and clock.due_date is None and clock.due_at is None and clock.unknown_year == 2027
    assert "2027年节假日安排尚未录入" in clock.provisional_note
    assert clock.state == Clock.State.RUNNING and not clock.is_overdue
    ogi_clock(holder, world, start=date(2026, 12, 21), kind="second")
    assert Message.objects.filter(template_code=services.TEMPLATE_UNKNOWN_YEAR).count() == 1
    assert list(selectors.list_provisional()) == [clock, selectors.get_clock_for(holder, kind="second")]


def test_loading_the_year_resolves_provisional_clocks(holder, world) -> None:
    clock = ogi_clock(holder, world, start=date(2026, 12, 20))
    services.set_override(
        day=date(2027, 1, 1), is_workday=False, name="元旦", source="国办发明电〔2026〕1号", actor=world.system_admin
    )
    services.mark_year_loaded(year=2027, source="国办发明电〔2026〕1号", actor=world.system_admin)
    assert services.recompute_open_clocks() == 1
    clock.refresh_from_db()
    # 21–31 Dec 2026 hold 9 working days; 1 Jan 2027 is off; then 11 more from 4 Jan → 18 Jan.
    assert not clock.provisional and clock.unknown_year is None and clock.provisional_note == ""
    assert clock.due_date == date(2027, 1, 18)
    assert AuditEntry.objects.filter(event="calendar.clock_recompute", object_id=str(clock.pk)).count() == 1
    assert services.recompute_open_clocks() == 0


def test_a_provisional_clock_stopped_before_the_unknown_year_is_met(holder, world) -> None:
    clock = ogi_clock(holder, world, start=timezone.localdate() - timedelta(days=1), limit=60)
    assert clock.provisional
    services.stop_clock(clock=clock, actor=world.city_clerk)
    assert clock.state == Clock.State.MET


def test_an_override_changed_later_moves_open_clocks(holder, world, django_capture_on_commit_callbacks) -> None:
    clock = ogi_clock(holder, world)
    with django_capture_on_commit_callbacks(execute=True):
        services.set_override(
            day=date(2025, 10, 20), is_workday=False, reason="特殊情况停止办公", actor=world.system_admin
        )
    clock.refresh_from_db()  # the after-commit task recomputed it
    assert clock.due_date == date(2025, 11, 5)
    closed = ogi_clock(holder, world, kind="closed")
    services.stop_clock(clock=closed, actor=world.city_clerk, at=at(2025, 10, 10))
    with django_capture_on_commit_callbacks(execute=True):
        services.set_override(
            day=date(2025, 10, 21), is_workday=False, reason="特殊情况停止办公", actor=world.system_admin
        )
    closed.refresh_from_db()
    assert closed.due_date == date(2025, 11, 5)  # a stopped clock keeps its record
