"""派单 and 退单 on the handling process: the 主办/协办 agencies, the 1-working-day return window,
the dispatcher's decision after a return, the handling clock, and the one 待办 inbox."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from yiwang.core.audit.models import AuditEntry
from yiwang.core.calendar.selectors import get_clock_for
from yiwang.core.workflow import selectors as workflow_selectors
from yiwang.modules.tickets import services
from yiwang.modules.tickets.models import Ticket
from yiwang.testing.personas import World

from .factories import submit

pytestmark = pytest.mark.django_db


def _dispatch(world: World, ticket: Ticket, **kwargs: object) -> Ticket:
    values: dict[str, object] = {"agency": world.city_civil_affairs, "actor": world.dispatcher}
    values.update(kwargs)
    return services.dispatch_ticket(ticket=ticket, **values)  # type: ignore[arg-type]


def test_dispatch_routes_the_ticket_to_the_main_agency_and_starts_its_clock(staff: World) -> None:
    ticket = _dispatch(staff, submit(), co_agencies=[staff.jiayin_civil_affairs], note="请民政局主办")
    assert ticket.status == Ticket.Status.HANDLING and ticket.agency == staff.city_civil_affairs
    assert list(ticket.co_agencies.all()) == [staff.jiayin_civil_affairs]
    clock = get_clock_for(ticket, kind="handling")
    assert clock is not None and clock.limit == 3  # 供热采暖 has its own 3-working-day limit
    assert ticket.due_at == clock.due_at and ticket.due_at is not None
    assert AuditEntry.objects.filter(event="tickets.dispatch", object_id=str(ticket.pk)).exists()


def test_the_agency_clerk_finds_the_ticket_in_the_inbox_linked_to_its_staff_page(staff: World) -> None:
    ticket = _dispatch(staff, submit())
    items = list(workflow_selectors.list_todo(staff.city_clerk))
    assert [item.element_id for item in items] == ["handle"]
    assert items[0].subject_url == f"/staff/tickets/{ticket.pk}/"


def test_the_time_limit_comes_from_the_type_when_the_category_has_none(staff: World, settings: object) -> None:
    settings.YIWANG_TICKETS = {"TIME_LIMITS": {"consultation": 2}}  # type: ignore[attr-defined]
    ticket = submit(kind=Ticket.Kind.CONSULTATION)
    ticket.category.time_limit_days = None
    ticket.category.save()
    assert services.time_limit_days(Ticket.objects.get(pk=ticket.pk)) == 2
    ticket.kind = Ticket.Kind.HELP
    assert services.time_limit_days(ticket) == services.DEFAULT_TIME_LIMIT_DAYS


def test_only_a_dispatcher_may_dispatch(staff: World) -> None:
    with pytest.raises(services.TicketRefused, match="没有派单权限"):
        _dispatch(staff, submit(), actor=staff.city_clerk)
    assert Ticket.objects.get().status == Ticket.Status.SUBMITTED


def test_a_returned_ticket_goes_back_to_the_dispatcher_with_its_reason(staff: World) -> None:
    ticket = _dispatch(staff, submit())
    ticket = services.return_ticket(ticket=ticket, actor=staff.city_clerk, reason="供热属住建部门职责")
    assert ticket.status == Ticket.Status.RETURNED
    assignment = ticket.assignments.get()
    assert assignment.return_reason == "供热属住建部门职责" and assignment.returned_by == staff.city_clerk
    assert [item.element_id for item in workflow_selectors.list_todo(staff.dispatcher)] == ["dispatch"]
    assert not list(workflow_selectors.list_todo(staff.city_clerk))


def test_a_return_needs_a_reason(staff: World) -> None:
    ticket = _dispatch(staff, submit())
    with pytest.raises(services.TicketRefused, match="退单理由"):
        services.return_ticket(ticket=ticket, actor=staff.city_clerk, reason="  ")
    assert Ticket.objects.get().status == Ticket.Status.HANDLING


def test_after_the_dispatchers_decision_the_ticket_cannot_be_returned_twice(staff: World) -> None:
    ticket = _dispatch(staff, submit())
    services.return_ticket(ticket=ticket, actor=staff.city_clerk, reason="不属本局职责")
    ticket = _dispatch(staff, ticket, note="经核实属民政局职责")
    assert ticket.return_closed and ticket.assignments.count() == 2
    with pytest.raises(services.TicketRefused, match="不能再次退单"):
        services.return_ticket(ticket=ticket, actor=staff.city_clerk, reason="仍不属本局职责")
    assert Ticket.objects.get().status == Ticket.Status.HANDLING


def test_a_ticket_cannot_be_returned_after_one_working_day(staff: World) -> None:
    ticket = _dispatch(staff, submit())
    assignment = ticket.assignments.get()
    assert assignment.return_until is not None and assignment.return_until > assignment.dispatched_at
    later = assignment.return_until + timedelta(minutes=1)
    assert "已超过退单时限" in services.can_return(ticket, assignment, now=later)
    assignment.return_until = timezone.now() - timedelta(minutes=1)
    assignment.save()
    with pytest.raises(services.TicketRefused, match="已超过退单时限"):
        services.return_ticket(ticket=ticket, actor=staff.city_clerk, reason="不属本局职责")


def test_another_agencys_clerk_cannot_return_the_ticket(staff: World) -> None:
    ticket = _dispatch(staff, submit())
    with pytest.raises(services.TicketRefused):
        services.return_ticket(ticket=ticket, actor=staff.jiayin_clerk, reason="不属本局职责")
    assert Ticket.objects.get().status == Ticket.Status.HANDLING


def test_a_ticket_in_handling_cannot_be_dispatched_again(staff: World) -> None:
    ticket = _dispatch(staff, submit())
    with pytest.raises(services.TicketRefused, match="不能重复派单"):
        _dispatch(staff, ticket, agency=staff.jiayin_civil_affairs)
