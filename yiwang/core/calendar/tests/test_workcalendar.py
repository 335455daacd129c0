"""The working-day calendar: 调休 boundaries, 民法典 Art. 201/203, overrides and unknown years."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import chinese_calendar
import pytest

from yiwang.core.calendar import services
from yiwang.core.calendar.models import CalendarOverride, UnknownYearAlert
from yiwang.core.calendar.workcalendar import (
    UnknownCalendarYear,
    add_calendar_days,
    add_hours,
    add_working_days,
    is_known_year,
    is_workday,
    work_calendar,
    working_days_between,
)
from yiwang.core.notifications.models import Message

pytestmark = pytest.mark.django_db

D = date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2025, 9, 26), True),  # Fri
        (D(2025, 9, 27), False),  # Sat
        (D(2025, 9, 28), True),  # Sun, 调休上班 for 国庆
        (D(2025, 9, 30), True),
        (D(2025, 10, 1), False),  # 国庆
        (D(2025, 10, 6), False),  # 中秋
        (D(2025, 10, 8), False),  # last day of the break
        (D(2025, 10, 9), True),
        (D(2025, 10, 11), True),  # Sat, 调休上班
        (D(2025, 10, 12), False),  # Sun
        (D(2026, 2, 13), True),
        (D(2026, 2, 14), True),  # Sat, 调休上班 for 春节
        (D(2026, 2, 15), False),  # 春节 15–23
        (D(2026, 2, 17), False),
        (D(2026, 2, 23), False),
        (D(2026, 2, 24), True),
        (D(2026, 2, 28), True),  # Sat, 调休上班
        (D(2026, 3, 1), False),
    ],
)
def test_is_workday_follows_the_state_council_notice(day: date, expected: bool) -> None:
    assert is_workday(day) is expected
    assert chinese_calendar.is_workday(day) is expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2025, 9, 30), 1, D(2025, 10, 9)),  # skips the 8-day 国庆/中秋 break
        (D(2025, 9, 27), 1, D(2025, 9, 28)),  # a 调休 Sunday counts
        (D(2025, 9, 30), 2, D(2025, 10, 10)),
        (D(2025, 9, 30), 3, D(2025, 10, 11)),  # a 调休 Saturday counts
        (D(2025, 9, 30), 4, D(2025, 10, 13)),
        (D(2025, 10, 3), 1, D(2025, 10, 9)),  # start inside the holiday: the next working day is day 1
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 2, 13), 2, D(2026, 2, 24)),
        (D(2026, 1, 29), 20, D(2026, 3, 4)),
        (D(2025, 12, 30), 3, D(2026, 1, 5)),  # 元旦 2026 is 1–3 Jan; Sun 4 Jan is a working day
    ],
)
def test_add_working_days_counts_from_the_day_after_start(start: date, n: int, expected: date) -> None:
    assert add_working_days(start, n) == expected
    if chinese_calendar.is_workday(start):
        # find_workday counts from the first working day on or after its date, so it agrees only
        # when the start is a working day; from a rest day the statute's "next day" is day 1.
        assert chinese_calendar.find_workday(n, start) == expected


def test_add_working_days_zero_returns_start_and_negative_counts_back() -> None:
    assert add_working_days(D(2025, 10, 1), 0) == D(2025, 10, 1)
    assert add_working_days(D(2025, 10, 9), -1) == D(2025, 9, 30)
    assert add_working_days(D(2026, 2, 24), -2) == D(2026, 2, 13)


def test_working_days_between_counts_the_half_open_interval() -> None:
    assert working_days_between(D(2025, 9, 30), D(2025, 10, 9)) == 1
    assert working_days_between(D(2025, 9, 30), D(2025, 9, 30)) == 0
    assert working_days_between(D(2025, 10, 9), D(2025, 9, 30)) == -1
    assert working_days_between(D(2026, 1, 29), D(2026, 3, 4)) == 20
    assert working_days_between(D(2025, 12, 1), D(2026, 1, 31)) == len(
        chinese_calendar.get_workdays(D(2025, 12, 2), D(2026, 1, 31))
    )


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2025, 9, 15), 15, D(2025, 9, 30)),  # ends on a working day: unchanged
        (D(2025, 9, 23), 8, D(2025, 10, 9)),  # ends 1 Oct (国庆): moves past the break (Art. 203)
        (D(2025, 10, 17), 15, D(2025, 11, 3)),  # ends Sat 1 Nov: moves to Monday
        (D(2025, 9, 26), 15, D(2025, 10, 11)),  # ends on a 调休 Saturday: a working day, unchanged
        (D(2026, 2, 1), 14, D(2026, 2, 24)),  # ends 15 Feb (春节): moves to 24 Feb
        (D(2025, 9, 26), 2, D(2025, 9, 28)),  # ends on a 调休 Sunday: unchanged
    ],
)
def test_add_calendar_days_moves_a_last_day_that_is_a_rest_day(start: date, n: int, expected: date) -> None:
    assert add_calendar_days(start, n) == expected


def test_add_hours_is_wall_clock_even_on_a_holiday() -> None:
    start = datetime(2025, 10, 1, 22, 30)
    assert add_hours(start, 4) == datetime(2025, 10, 2, 2, 30)


def test_datetimes_are_counted_by_their_local_day() -> None:
    from django.utils import timezone

    late_evening_utc = timezone.make_aware(datetime(2025, 10, 8, 17, 0), timezone=UTC)  # 01:00 on 9 Oct in Beijing
    assert add_working_days(late_evening_utc, 1) == D(2025, 10, 10)


def test_unknown_year_refuses_with_a_chinese_message_and_alerts_once(world) -> None:
    assert not is_known_year(2027)
    with pytest.raises(UnknownCalendarYear) as excinfo:
        add_working_days(D(2026, 12, 30), 5)
    assert "2027年的节假日安排尚未录入，无法计算期限" in str(excinfo.value)
    assert excinfo.value.year == 2027
    with pytest.raises(UnknownCalendarYear):
        is_workday(D(2027, 3, 1))
    with pytest.raises(UnknownCalendarYear):
        add_calendar_days(D(2026, 12, 20), 30)

    assert UnknownYearAlert.objects.filter(year=2027).count() == 1
    alerts = Message.objects.filter(template_code=services.TEMPLATE_UNKNOWN_YEAR)
    assert list(alerts.values_list("recipient__username", flat=True)) == ["sysadmin"]
    assert "2027年节假日安排尚未录入" in alerts.get().title


def test_unknown_year_never_falls_back_to_monday_to_friday() -> None:
    # 2027-01-04 is a Monday: a silent fallback would call it a working day.
    with pytest.raises(UnknownCalendarYear):
        is_workday(D(2027, 1, 4))
    with pytest.raises(UnknownCalendarYear):
        working_days_between(D(2026, 12, 1), D(2027, 1, 10))


def test_overrides_alone_do_not_make_a_year_known(world) -> None:
    services.set_override(
        day=D(2027, 1, 1), is_workday=False, name="元旦", source="国办发明电〔2026〕1号", actor=world.system_admin
    )
    with pytest.raises(UnknownCalendarYear):
        add_working_days(D(2026, 12, 31), 1)


def test_a_year_marked_loaded_computes_with_its_overrides(world) -> None:
    admin = world.system_admin
    source = "国办发明电〔2026〕1号"
    for day in (D(2027, 1, 1), *[D(2027, 2, 5) + timedelta(days=i) for i in range(9)]):
        services.set_override(
            day=day, is_workday=False, name="元旦" if day.month == 1 else "春节", source=source, actor=admin
        )
    services.set_override(day=D(2027, 2, 14), is_workday=True, name="春节调休上班", source=source, actor=admin)
    services.mark_year_loaded(year=2027, source=source, actor=admin)

    assert is_known_year(2027)
    assert add_working_days(D(2026, 12, 30), 2) == D(2027, 1, 4)  # 31 Dec, then 1 Jan off, weekend
    assert is_workday(D(2027, 2, 14))  # Sunday made a working day
    assert not is_workday(D(2027, 2, 8))  # Monday in the break
    assert add_working_days(D(2027, 2, 4), 1) == D(2027, 2, 14)
    assert add_calendar_days(D(2027, 1, 28), 10) == D(2027, 2, 14)  # 7 Feb is in the break


def test_withdrawing_a_loaded_year_makes_it_unknown_again(world) -> None:
    services.mark_year_loaded(year=2027, source="国办发明电〔2026〕1号", actor=world.system_admin)
    assert is_workday(D(2027, 3, 1))
    services.mark_year_loaded(year=2027, source="录入有误，撤回", complete=False, actor=world.system_admin)
    with pytest.raises(UnknownCalendarYear):
        is_workday(D(2027, 3, 1))


def test_an_override_wins_over_the_library_and_is_audited(world) -> None:
    from yiwang.core.audit.models import AuditEntry

    assert is_workday(D(2026, 6, 1))
    row = services.set_override(
        day=D(2026, 6, 1),
        is_workday=False,
        reason="市政府临时决定放假（演练）",
        actor=world.system_admin,
        ip="10.0.0.5",
    )
    assert not is_workday(D(2026, 6, 1))
    assert add_working_days(D(2026, 5, 29), 1) == D(2026, 6, 2)
    entry = AuditEntry.objects.get(event="calendar.override_set")
    assert entry.actor_id == world.system_admin.pk and entry.ip == "10.0.0.5"
    assert entry.detail["before"] is None and entry.detail["after"]["is_workday"] is False

    services.delete_override(override=row, actor=world.system_admin)
    assert is_workday(D(2026, 6, 1))
    assert not CalendarOverride.objects.exists()
    assert AuditEntry.objects.filter(event="calendar.override_delete").count() == 1


def test_an_override_needs_a_source_or_reason(world) -> None:
    with pytest.raises(services.CalendarError):
        services.set_override(day=D(2026, 6, 1), is_workday=False, actor=world.system_admin)
    assert not CalendarOverride.objects.exists()


def test_describe_year_labels_adjusted_workdays_and_holidays() -> None:
    days = {info.day: info for info in work_calendar.describe_year(2026)}
    assert days[D(2026, 2, 14)].kind == "adjusted_workday" and days[D(2026, 2, 14)].name == "春节"
    assert days[D(2026, 2, 16)].kind == "holiday" and days[D(2026, 2, 16)].label == "假"
    assert days[D(2026, 3, 7)].kind == "weekend"
    assert days[D(2026, 3, 9)].kind == "workday"
    assert len(days) == 365
