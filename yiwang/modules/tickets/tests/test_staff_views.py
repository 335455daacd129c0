"""The staff screens: 工单列表 with its filters, the ticket page, 派单 and 退单 — each with its
permission failure."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from yiwang.modules.tickets import services
from yiwang.modules.tickets.models import Ticket
from yiwang.testing.personas import World

from .factories import submit

pytestmark = pytest.mark.django_db

LIST = "/staff/tickets/"


def _denied(response: Any) -> bool:
    """Wagtail answers a refused workspace request by sending the user to the workspace home (or login)."""
    return response.status_code == 403 or (
        response.status_code == 302
        and response["Location"].split("?")[0] in ("/staff/", "/staff/login/", "/accounts/login/")
    )


def _page(ticket: Ticket) -> str:
    return f"/staff/tickets/{ticket.pk}/"


def test_the_dispatcher_sees_every_ticket_and_filters_them(staff: World, login: Callable[[Any], Client]) -> None:
    heating = submit(title="伊美区朝阳小区供暖温度不达标")
    consultation = submit(title="友好区公交站牌缺失请求增设", kind=Ticket.Kind.CONSULTATION)
    client = login(staff.dispatcher)
    html = client.get(LIST).content.decode()
    assert heating.title in html and consultation.title in html
    html = client.get(LIST, {"kind": "consultation"}).content.decode()
    assert consultation.title in html and heating.title not in html
    html = client.get(LIST, {"category": heating.category.parent_id}).content.decode()  # a group takes its children
    assert heating.title in html


def test_the_overdue_filter_shows_only_tickets_past_their_limit(staff: World, login: Callable[[Any], Client]) -> None:
    late = services.dispatch_ticket(ticket=submit(), agency=staff.city_civil_affairs, actor=staff.dispatcher)
    Ticket.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(hours=1))
    on_time = submit(title="乌翠区新兴路路灯夜间不亮")
    html = login(staff.dispatcher).get(LIST, {"overdue": "on"}).content.decode()
    assert late.title in html and "已超期" in html and on_time.title not in html


def test_an_agency_clerk_sees_only_the_tickets_of_their_agency(staff: World, login: Callable[[Any], Client]) -> None:
    ours = services.dispatch_ticket(ticket=submit(), agency=staff.city_civil_affairs, actor=staff.dispatcher)
    theirs = services.dispatch_ticket(
        ticket=submit(title="乌翠区新兴路路灯夜间不亮"), agency=staff.jiayin_civil_affairs, actor=staff.dispatcher
    )
    client = login(staff.city_clerk)
    html = client.get(LIST).content.decode()
    assert ours.title in html and theirs.title not in html
    assert client.get(_page(theirs)).status_code == 404
    assert client.get(_page(ours)).status_code == 200


def test_the_staff_list_is_refused_to_citizens_and_staff_without_the_verbs(
    staff: World, login: Callable[[Any], Client]
) -> None:
    assert _denied(login(staff.operator).get(LIST))
    assert _denied(login(staff.citizen).get(LIST))


def test_the_dispatcher_dispatches_from_the_ticket_page(staff: World, login: Callable[[Any], Client]) -> None:
    ticket = submit()
    client = login(staff.dispatcher)
    assert "派单" in client.get(_page(ticket)).content.decode()
    response = client.post(
        f"/staff/tickets/{ticket.pk}/dispatch/",
        {"agency": staff.city_civil_affairs.pk, "co_agencies": [staff.jiayin_civil_affairs.pk], "note": "请主办"},
    )
    assert response.status_code == 302
    html = client.get(_page(ticket)).content.decode()
    assert staff.city_civil_affairs.full_name in html and staff.jiayin_civil_affairs.full_name in html
    assert Ticket.objects.get().status == Ticket.Status.HANDLING


def test_a_dispatch_without_an_agency_is_refused_with_a_message(staff: World, login: Callable[[Any], Client]) -> None:
    ticket = submit()
    response = login(staff.dispatcher).post(f"/staff/tickets/{ticket.pk}/dispatch/", {"note": "请主办"})
    assert response.status_code == 400 and "请选择主办单位" in response.content.decode()
    assert "请主办" in response.content.decode()
    assert Ticket.objects.get().status == Ticket.Status.SUBMITTED


def test_a_clerk_cannot_dispatch(staff: World, login: Callable[[Any], Client]) -> None:
    ticket = services.dispatch_ticket(ticket=submit(), agency=staff.city_civil_affairs, actor=staff.dispatcher)
    response = login(staff.city_clerk).post(
        f"/staff/tickets/{ticket.pk}/dispatch/", {"agency": staff.jiayin_civil_affairs.pk}
    )
    assert _denied(response)
    assert Ticket.objects.get().agency == staff.city_civil_affairs


def test_the_clerk_returns_the_ticket_with_a_reason(staff: World, login: Callable[[Any], Client]) -> None:
    ticket = services.dispatch_ticket(ticket=submit(), agency=staff.city_civil_affairs, actor=staff.dispatcher)
    client = login(staff.city_clerk)
    assert "退单" in client.get(_page(ticket)).content.decode()
    empty = client.post(f"/staff/tickets/{ticket.pk}/return/", {"reason": ""})
    assert empty.status_code == 400 and "请填写退单理由" in empty.content.decode()
    response = client.post(f"/staff/tickets/{ticket.pk}/return/", {"reason": "供热属住建部门职责"})
    assert response.status_code == 302
    assert Ticket.objects.get().status == Ticket.Status.RETURNED
    assert "供热属住建部门职责" in login(staff.dispatcher).get(_page(ticket)).content.decode()


def test_another_agencys_clerk_cannot_return_the_ticket(staff: World, login: Callable[[Any], Client]) -> None:
    ticket = services.dispatch_ticket(ticket=submit(), agency=staff.city_civil_affairs, actor=staff.dispatcher)
    response = login(staff.jiayin_clerk).post(f"/staff/tickets/{ticket.pk}/return/", {"reason": "不属本局"})
    assert response.status_code == 404
    assert Ticket.objects.get().status == Ticket.Status.HANDLING
