"""The staff ticket page's 改派, 合并, 延期 and 督办 actions over HTTP — each with its permission
failure, and a refusal shown again (400) with the input kept and nothing changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from yiwang.modules.tickets import services
from yiwang.modules.tickets.models import ExtensionRequest, Ticket
from yiwang.modules.tickets.services import handling_control as control
from yiwang.testing.personas import World

from .factories import submit

pytestmark = pytest.mark.django_db

LIST = "/staff/tickets/"


def _page(ticket: Ticket, action: str = "") -> str:
    return f"/staff/tickets/{ticket.pk}/{action + '/' if action else ''}"


def _denied(response: Any) -> bool:
    return response.status_code in (403, 404) or (
        response.status_code == 302
        and response["Location"].split("?")[0] in ("/staff/", "/staff/login/", "/accounts/login/")
    )


def _dispatched(world: World, **overrides: object) -> Ticket:
    return services.dispatch_ticket(ticket=submit(**overrides), agency=world.city_civil_affairs, actor=world.dispatcher)


def test_the_dispatcher_reassigns_from_the_ticket_page(staff: World, login: Callable[[Any], Client]) -> None:
    ticket = _dispatched(staff)
    client = login(staff.dispatcher)
    assert "改派" in client.get(_page(ticket)).content.decode()
    response = client.post(
        _page(ticket, "reassign"),
        {"reassign-agency": staff.jiayin_civil_affairs.pk, "reassign-reason": "事发地在嘉荫县"},
    )
    assert response.status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).agency == staff.jiayin_civil_affairs


def test_a_reassignment_without_a_reason_is_shown_again_with_the_choice_kept(
    staff: World, login: Callable[[Any], Client]
) -> None:
    ticket = _dispatched(staff)
    response = login(staff.dispatcher).post(
        _page(ticket, "reassign"), {"reassign-agency": staff.jiayin_civil_affairs.pk, "reassign-reason": ""}
    )
    html = response.content.decode()
    assert response.status_code == 400 and "请填写改派理由" in html
    assert f'<option value="{staff.jiayin_civil_affairs.pk}" selected>' in html
    assert Ticket.objects.get(pk=ticket.pk).agency == staff.city_civil_affairs


def test_a_clerk_cannot_post_a_reassignment(staff: World, login: Callable[[Any], Client]) -> None:
    ticket = _dispatched(staff)
    response = login(staff.city_clerk).post(
        _page(ticket, "reassign"), {"reassign-agency": staff.jiayin_civil_affairs.pk, "reassign-reason": "x"}
    )
    assert _denied(response)
    assert Ticket.objects.get(pk=ticket.pk).agency == staff.city_civil_affairs


def test_the_page_of_a_new_ticket_lists_its_suggested_duplicates_and_merges_one(
    staff: World, login: Callable[[Any], Client]
) -> None:
    main = submit()
    duplicate = submit()
    client = login(staff.dispatcher)
    html = client.get(_page(duplicate)).content.decode()
    assert "疑似重复诉求" in html and main.query_code in html and "同一来电人" in html
    response = client.post(_page(duplicate, "merge"), {"merge-into_code": main.query_code})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == main and duplicate.status == Ticket.Status.CLOSED
    assert main.query_code in client.get(_page(duplicate)).content.decode()


def test_a_merge_into_an_unknown_code_is_refused_with_the_code_kept(
    staff: World, login: Callable[[Any], Client]
) -> None:
    ticket = submit()
    response = login(staff.dispatcher).post(_page(ticket, "merge"), {"merge-into_code": "0000000001"})
    html = response.content.decode()
    assert response.status_code == 400 and "没有找到该查询码的诉求" in html and 'value="0000000001"' in html
    assert Ticket.objects.get(pk=ticket.pk).merged_into is None


def test_a_clerk_cannot_merge(staff: World, login: Callable[[Any], Client]) -> None:
    main, ticket = submit(), submit()
    assert _denied(login(staff.city_clerk).post(_page(ticket, "merge"), {"merge-into_code": main.query_code}))
    assert Ticket.objects.get(pk=ticket.pk).merged_into is None


def test_the_citizen_lookup_of_a_merged_ticket_shows_the_main_tickets_reply(staff: World, client: Client) -> None:
    main = _dispatched(staff)
    duplicate = control.merge_ticket(duplicate=submit(), into=main, actor=staff.dispatcher)
    services.draft_reply(ticket=main, actor=staff.city_clerk, content="供热公司已更换循环泵，室温达标。")
    services.approve_reply(ticket=main, actor=staff.leader)
    response = client.post("/hudong/tickets/lookup/", {"query_code": duplicate.query_code, "phone": "13904581234"})
    html = response.content.decode()
    assert "合并办理" in html and "循环泵" in html


def test_the_clerk_requests_and_the_dispatcher_approves_an_extension(
    staff: World, login: Callable[[Any], Client]
) -> None:
    ticket = _dispatched(staff)
    clerk = login(staff.city_clerk)
    response = clerk.post(_page(ticket, "extension"), {"extension-days": "2", "extension-reason": "需现场测温"})
    assert response.status_code == 302
    dispatcher = login(staff.dispatcher)
    assert "审批延期申请" in dispatcher.get(_page(ticket)).content.decode()
    response = dispatcher.post(_page(ticket, "extension/decide"), {"decision-decision": "approve"})
    assert response.status_code == 302
    assert ExtensionRequest.objects.get().status == ExtensionRequest.Status.APPROVED
    assert Ticket.objects.get(pk=ticket.pk).due_at != ticket.due_at


def test_an_extension_beyond_the_limit_is_shown_again_with_the_message(
    staff: World, login: Callable[[Any], Client], settings: object
) -> None:
    settings.YIWANG_TICKETS = {"EXTENSION_MAX_DAYS": 5}  # type: ignore[attr-defined]
    ticket = _dispatched(staff)
    response = login(staff.city_clerk).post(
        _page(ticket, "extension"), {"extension-days": "9", "extension-reason": "需协调多部门"}
    )
    html = response.content.decode()
    assert response.status_code == 400 and "延期天数应为 1–5 个工作日" in html and "需协调多部门" in html
    assert not ExtensionRequest.objects.exists()


def test_a_dispatcher_cannot_request_an_extension(staff: World, login: Callable[[Any], Client]) -> None:
    ticket = _dispatched(staff)
    response = login(staff.dispatcher).post(
        _page(ticket, "extension"), {"extension-days": "2", "extension-reason": "x"}
    )
    assert _denied(response)
    assert not ExtensionRequest.objects.exists()


def test_a_clerk_cannot_decide_an_extension(staff: World, login: Callable[[Any], Client]) -> None:
    ticket = _dispatched(staff)
    control.request_extension(ticket=ticket, days=2, reason="需协调", actor=staff.city_clerk)
    assert _denied(login(staff.leader).post(_page(ticket, "extension/decide"), {"decision-decision": "approve"}))
    assert ExtensionRequest.objects.get().status == ExtensionRequest.Status.PENDING


def test_the_dispatcher_supervises_and_the_list_filters_supervised_tickets(
    staff: World, login: Callable[[Any], Client]
) -> None:
    ticket = _dispatched(staff)
    other = _dispatched(staff, title="乌翠区新兴路路灯夜间不亮")
    client = login(staff.dispatcher)
    response = client.post(_page(ticket, "supervise"), {"supervise-note": "群众多次来电"})
    assert response.status_code == 302
    html = client.get(LIST, {"supervised": "on"}).content.decode()
    assert ticket.title in html and "督办" in html and other.title not in html


def test_a_clerk_cannot_supervise(staff: World, login: Callable[[Any], Client]) -> None:
    ticket = _dispatched(staff)
    assert _denied(login(staff.city_clerk).post(_page(ticket, "supervise"), {"supervise-note": "x"}))
    assert Ticket.objects.get(pk=ticket.pk).supervised_at is None
