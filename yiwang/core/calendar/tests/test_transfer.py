"""移交 (`transfer_clock`): a running clock answered for by another agency — it keeps counting,
the reminder goes to the new holder (again, if the old one was already reminded); audited with
its reason; refused without a reason or on a stopped clock."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from yiwang.core.audit.models import AuditEntry
from yiwang.core.calendar import services
from yiwang.core.calendar.models import Clock
from yiwang.core.calendar.services import ClockError
from yiwang.core.notifications.models import Message
from yiwang.testing.personas import World

pytestmark = pytest.mark.django_db


def at(year: int, month: int, day: int, hour: int) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour))


@pytest.fixture
def clock(world: World) -> Clock:
    return services.start_clock(
        obj=world.citizen,
        unit=Clock.Unit.WORKING_DAYS,
        limit=20,
        start=date(2025, 9, 30),
        basis="诉求办理时限",
        responsible_agency=world.city_civil_affairs,
    )


def test_a_transferred_clock_keeps_its_due_date_and_reminds_the_new_agency(clock: Clock, world: World) -> None:
    due = clock.due_at
    now = at(2025, 10, 31, 9)  # due 4 Nov, reminder from 30 Oct
    services.send_clock_reminders(now=now)
    services.transfer_clock(
        clock=clock, responsible_agency=world.jiayin_civil_affairs, actor=world.dispatcher, reason="改派"
    )
    clock.refresh_from_db()
    assert clock.due_at == due and clock.responsible_agency == world.jiayin_civil_affairs and clock.is_open
    services.send_clock_reminders(now=now)
    reminded = set(Message.objects.filter(template_code=services.TEMPLATE_DUE_SOON).values_list("recipient", flat=True))
    assert world.city_clerk.pk in reminded and world.jiayin_clerk.pk in reminded
    entry = AuditEntry.objects.get(event="calendar.clock_transfer")
    assert (
        entry.detail["reason"] == "改派"
        and entry.detail["after"]["responsible_agency"] == world.jiayin_civil_affairs.pk
    )


def test_a_transfer_needs_a_reason_and_an_open_clock(clock: Clock, world: World) -> None:
    with pytest.raises(ClockError, match="必须填写理由"):
        services.transfer_clock(
            clock=clock, responsible_agency=world.jiayin_civil_affairs, actor=world.dispatcher, reason=""
        )
    services.stop_clock(clock=clock, actor=world.city_clerk, at=at(2025, 10, 10, 9))
    with pytest.raises(ClockError, match="不能移交"):
        services.transfer_clock(
            clock=clock, responsible_agency=world.jiayin_civil_affairs, actor=world.dispatcher, reason="改派"
        )
    clock.refresh_from_db()
    assert clock.responsible_agency == world.city_civil_affairs
