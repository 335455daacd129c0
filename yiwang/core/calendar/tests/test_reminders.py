"""The reminder sweep: due-soon reminders and overdue escalation, each sent once."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from yiwang.core.calendar import selectors, services
from yiwang.core.calendar.models import Clock
from yiwang.core.jobs.periodic import registered_jobs
from yiwang.core.notifications.models import Message

pytestmark = pytest.mark.django_db


def at(*args: int) -> datetime:
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def clock(world) -> Clock:
    return services.start_clock(
        obj=world.citizen,
        unit=Clock.Unit.WORKING_DAYS,
        limit=20,
        start=date(2025, 9, 30),
        basis="政府信息公开条例第三十三条",
        responsible=world.city_clerk,
        responsible_agency=world.city_civil_affairs,
    )


def messages_of(template: str) -> list[str]:
    return sorted(Message.objects.filter(template_code=template).values_list("recipient__username", flat=True))


def test_the_sweep_is_registered_as_a_periodic_job() -> None:
    assert "calendar.clock_reminders" in registered_jobs()


def test_a_clock_in_its_window_reminds_the_responsible_user_once(clock) -> None:
    now = at(2025, 10, 31, 9)  # due 4 Nov, reminder from 30 Oct
    assert list(selectors.list_due_soon(now=now)) == [clock]
    assert services.send_clock_reminders(now=now)["reminded"] == 1
    assert services.send_clock_reminders(now=now)["reminded"] == 0
    assert messages_of(services.TEMPLATE_DUE_SOON) == ["city_clerk"]
    message = Message.objects.get(template_code=services.TEMPLATE_DUE_SOON)
    assert "2025-11-04" in message.body and "政府信息公开条例第三十三条" in message.body


def test_nothing_is_sent_before_the_window(clock) -> None:
    assert services.send_clock_reminders(now=at(2025, 10, 20, 9)) == {"reminded": 0, "escalated": 0, "unknown_years": 0}
    assert not list(selectors.list_due_soon(now=at(2025, 10, 20, 9)))


def test_an_overdue_clock_escalates_to_the_responsible_user_and_agency_leaders_once(clock) -> None:
    now = at(2025, 11, 5, 0, 1)
    assert list(selectors.list_overdue(now=now)) == [clock]
    assert services.send_clock_reminders(now=now)["escalated"] == 1
    assert services.send_clock_reminders(now=now)["escalated"] == 0
    assert messages_of(services.TEMPLATE_OVERDUE) == ["city_clerk", "leader"]


def test_without_a_responsible_user_the_agency_staff_are_reminded(world) -> None:
    services.start_clock(
        obj=world.citizen,
        unit=Clock.Unit.WORKING_DAYS,
        limit=20,
        start=date(2025, 9, 30),
        basis="政府信息公开条例第三十三条",
        responsible_agency=world.city_civil_affairs,
    )
    services.send_clock_reminders(now=at(2025, 10, 31, 9))
    assert messages_of(services.TEMPLATE_DUE_SOON) == ["city_clerk", "leader", "office_director"]


def test_stopped_and_paused_clocks_are_not_chased(clock, world) -> None:
    services.pause_clock(
        clock=clock, reason="征求第三方意见", approver=world.leader, actor=world.city_clerk, at=at(2025, 10, 13)
    )
    assert services.send_clock_reminders(now=at(2025, 11, 20))["escalated"] == 0
    services.stop_clock(clock=clock, actor=world.city_clerk, at=at(2025, 10, 20))
    assert services.send_clock_reminders(now=at(2025, 11, 20))["escalated"] == 0


def test_an_extension_re_arms_the_reminder(clock, world) -> None:
    services.send_clock_reminders(now=at(2025, 10, 31, 9))
    clock.refresh_from_db()
    assert clock.reminded_at is not None
    services.extend_clock(
        clock=clock, extra=20, reason="经负责人同意延长", approver=world.leader, actor=world.city_clerk
    )
    clock.refresh_from_db()
    assert clock.reminded_at is None


def test_provisional_clocks_keep_alerting_the_calendar_managers_daily(world) -> None:
    services.start_clock(
        obj=world.citizen,
        unit=Clock.Unit.WORKING_DAYS,
        limit=20,
        start=date(2026, 12, 20),
        basis="政府信息公开条例第三十三条",
    )
    assert messages_of(services.TEMPLATE_UNKNOWN_YEAR) == ["sysadmin"]
    assert services.send_clock_reminders()["unknown_years"] == 0  # already told today


def test_overdue_list_is_one_query_however_many_clocks(world, django_assert_num_queries) -> None:
    for i in range(5):
        services.start_clock(
            obj=world.citizen,
            unit=Clock.Unit.WORKING_DAYS,
            limit=20,
            start=date(2025, 9, 30),
            basis="政府信息公开条例第三十三条",
            kind=f"k{i}",
            responsible=world.city_clerk,
            responsible_agency=world.city_civil_affairs,
        )
    with django_assert_num_queries(1):
        clocks = list(selectors.list_overdue(now=at(2025, 12, 1), agency_ids=[world.city_civil_affairs.pk]))
        assert [c.responsible_agency for c in clocks] == [world.city_civil_affairs] * 5
    assert not list(selectors.list_overdue(now=at(2025, 12, 1), agency_ids=[world.jiayin_civil_affairs.pk]))


def test_next_years_calendar_is_asked_for_from_november_once_a_day(world) -> None:
    assert services.check_next_year(today=date(2026, 10, 31)) is False
    assert services.check_next_year(today=date(2026, 11, 1)) is True
    assert services.check_next_year(today=date(2026, 11, 1)) is False
    assert services.check_next_year(today=date(2025, 11, 20)) is False  # 2026 is in the library
    assert messages_of(services.TEMPLATE_UNKNOWN_YEAR) == ["sysadmin"]


def test_remaining_units_counts_working_days_after_today(clock) -> None:
    assert selectors.remaining_units(clock, now=at(2025, 10, 31, 9)) == 2  # 3 and 4 Nov
    assert selectors.remaining_units(clock, now=at(2025, 11, 6, 9)) == -2
