"""答复: the agency's clerk drafts, its leader approves on the process's 审核 step (or sends it back),
the clock stops, the citizen is notified and sees the reply in 诉求查询 and 我的诉求."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from yiwang.core.calendar.selectors import get_clock_for
from yiwang.core.notifications.models import Message
from yiwang.core.workflow import selectors as workflow_selectors
from yiwang.modules.tickets import services
from yiwang.modules.tickets.models import Ticket
from yiwang.testing.personas import World

from .factories import PHONE, submit

pytestmark = pytest.mark.django_db

REPLY = "经核查，供热公司已于12月5日更换3号楼循环泵，室温已达18度以上。感谢您的监督。"


def _dispatched(world: World) -> Ticket:
    return services.dispatch_ticket(
        ticket=submit(citizen=world.citizen), agency=world.city_civil_affairs, actor=world.dispatcher
    )


def test_a_drafted_reply_waits_for_the_leader_and_is_not_shown_to_the_citizen(staff: World) -> None:
    ticket = services.draft_reply(ticket=_dispatched(staff), actor=staff.city_clerk, content=REPLY)
    assert [item.element_id for item in workflow_selectors.list_todo(staff.leader)] == ["approve"]
    assert ticket.status == Ticket.Status.HANDLING and ticket.replied_at is None


def test_the_leaders_approval_replies_stops_the_clock_and_notifies_the_citizen(staff: World) -> None:
    ticket = services.draft_reply(ticket=_dispatched(staff), actor=staff.city_clerk, content=REPLY)
    ticket = services.approve_reply(ticket=ticket, actor=staff.leader)
    assert ticket.status == Ticket.Status.REPLIED and ticket.replied_at is not None
    clock = get_clock_for(ticket, kind="handling")
    assert clock is not None and not clock.is_open
    message = Message.objects.get(recipient=staff.citizen)
    assert ticket.query_code in message.body and "循环泵" in message.body


def test_only_the_agencys_leader_approves(staff: World) -> None:
    ticket = services.draft_reply(ticket=_dispatched(staff), actor=staff.city_clerk, content=REPLY)
    with pytest.raises(services.TicketRefused):
        services.approve_reply(ticket=ticket, actor=staff.city_clerk)
    assert Ticket.objects.get().status == Ticket.Status.HANDLING


def test_the_leader_sends_a_draft_back_to_the_clerk(staff: World) -> None:
    ticket = services.draft_reply(ticket=_dispatched(staff), actor=staff.city_clerk, content=REPLY)
    services.send_back_reply(ticket=ticket, actor=staff.leader, reason="请补充整改时限")
    assert [item.element_id for item in workflow_selectors.list_todo(staff.city_clerk)] == ["handle"]
    services.draft_reply(ticket=ticket, actor=staff.city_clerk, content=REPLY + "整改已于12月5日完成。")
    assert "整改已于" in Ticket.objects.get().reply


def test_an_empty_reply_is_refused(staff: World) -> None:
    with pytest.raises(services.TicketRefused, match="请填写答复内容"):
        services.draft_reply(ticket=_dispatched(staff), actor=staff.city_clerk, content=" ")


def test_the_citizen_sees_the_reply_in_lookup_and_my_tickets(staff: World, login: Callable[[Any], Client]) -> None:
    ticket = services.draft_reply(ticket=_dispatched(staff), actor=staff.city_clerk, content=REPLY)
    services.approve_reply(ticket=ticket, actor=staff.leader)
    html = Client().post("/hudong/tickets/lookup/", {"query_code": ticket.query_code, "phone": PHONE}).content.decode()
    assert "循环泵" in html and staff.city_civil_affairs.full_name in html
    assert "循环泵" in login(staff.citizen).get("/hudong/tickets/mine/").content.decode()


def test_a_draft_is_not_shown_in_lookup(staff: World) -> None:
    ticket = services.draft_reply(ticket=_dispatched(staff), actor=staff.city_clerk, content=REPLY)
    html = Client().post("/hudong/tickets/lookup/", {"query_code": ticket.query_code, "phone": PHONE}).content.decode()
    assert "循环泵" not in html


def test_reply_and_approval_through_the_ticket_page(staff: World, login: Callable[[Any], Client]) -> None:
    ticket = _dispatched(staff)
    clerk = login(staff.city_clerk)
    assert "拟写答复" in clerk.get(f"/staff/tickets/{ticket.pk}/").content.decode()
    empty = clerk.post(f"/staff/tickets/{ticket.pk}/reply/", {"reply": ""})
    assert empty.status_code == 400 and "请填写答复内容" in empty.content.decode()
    assert clerk.post(f"/staff/tickets/{ticket.pk}/reply/", {"reply": REPLY}).status_code == 302
    leader = login(staff.leader)
    assert "审核答复" in leader.get(f"/staff/tickets/{ticket.pk}/").content.decode()
    no_reason = leader.post(f"/staff/tickets/{ticket.pk}/approve/", {"decision": "send_back", "opinion": ""})
    assert no_reason.status_code == 400 and "退回修改时请说明理由" in no_reason.content.decode()
    assert leader.post(f"/staff/tickets/{ticket.pk}/approve/", {"decision": "approve"}).status_code == 302
    assert Ticket.objects.get().status == Ticket.Status.REPLIED


def test_another_agency_cannot_reply_or_approve(staff: World, login: Callable[[Any], Client]) -> None:
    ticket = _dispatched(staff)
    assert login(staff.jiayin_clerk).post(f"/staff/tickets/{ticket.pk}/reply/", {"reply": REPLY}).status_code == 404
    response = login(staff.jiayin_leader).post(f"/staff/tickets/{ticket.pk}/approve/", {"decision": "approve"})
    assert response.status_code == 404
    assert Ticket.objects.get().reply == ""
