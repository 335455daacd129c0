"""话务受理: the operator takes a call on /staff/tickets/hotline/ — the caller's earlier tickets (by
the keyed phone hash) beside the form, the ticket stored through `submit_ticket` with the operator
as the audited actor, the 查询码 shown once, errors shown with the input kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from yiwang.core.audit.models import AuditEntry
from yiwang.modules.tickets.models import Ticket
from yiwang.modules.tickets.selectors import hotline
from yiwang.testing.personas import World

from .factories import PHONE, heating, submit
from .test_staff_views import _denied

pytestmark = pytest.mark.django_db

SCREEN = "/staff/tickets/hotline/"
HISTORY = "/staff/tickets/hotline/history/"


def _call(**overrides: Any) -> dict[str, Any]:
    data = {
        "contact_phone": PHONE,
        "contact_name": "张伟",
        "channel": Ticket.Channel.HOTLINE_12345,
        "kind": Ticket.Kind.CONSULTATION,
        "category": heating().pk,
        "title": "咨询伊美区供暖开始时间",
        "content": "来电人询问今年伊美区集中供暖从哪天开始。",
        "address": "",
        "wants_public": "no",
        "excluded_matter": "",
    }
    data.update(overrides)
    return data


def test_the_caller_history_finds_earlier_tickets_by_the_phone_however_it_is_typed(desk: World) -> None:
    earlier = submit()
    submit(contact_phone="13945678901")
    assert list(hotline.list_caller_history(desk.operator, "139 0458 1234")) == [earlier]
    assert not hotline.list_caller_history(desk.operator, "12").exists()
    assert not hotline.list_caller_history(desk.city_clerk, PHONE).exists()  # no tickets.intake


def test_the_urls_resolve_to_the_operator_screen() -> None:
    assert reverse("tickets_hotline") == SCREEN and reverse("tickets_hotline_history") == HISTORY


def test_a_citizen_and_a_clerk_without_the_verb_are_refused_the_operator_screen(
    desk: World, login: Callable[[Any], Client]
) -> None:
    assert _denied(login(desk.citizen).get(SCREEN))
    clerk = login(desk.city_clerk)
    assert _denied(clerk.get(SCREEN))
    assert _denied(clerk.post(SCREEN, _call()))
    assert _denied(clerk.get(HISTORY, {"contact_phone": PHONE}))
    assert not Ticket.objects.exists()


def test_the_operator_screen_puts_the_cursor_on_the_phone_with_the_12345_line_chosen(
    desk: World, login: Callable[[Any], Client]
) -> None:
    page = login(desk.operator).get(SCREEN).content.decode()
    assert 'name="contact_phone"' in page and "autofocus" in page and 'accesskey="1"' in page
    assert '<option value="hotline_12345" selected>' in page and "市长专线" in page and "行风热线" in page
    assert "市长信箱" not in page  # a web channel, not a phone line
    assert 'id="knowledge-q"' in page


def test_the_history_partial_lists_the_callers_earlier_tickets(desk: World, login: Callable[[Any], Client]) -> None:
    earlier = submit()
    response = login(desk.operator).get(HISTORY, {"contact_phone": PHONE})
    assert response.status_code == 200
    assert earlier.title in response.content.decode() and earlier.query_code in response.content.decode()
    assert "没有历史诉求" in login(desk.operator).get(HISTORY, {"contact_phone": "13800000000"}).content.decode()


def test_the_operator_stores_a_ticket_and_sees_its_query_code_once_on_an_empty_form(
    desk: World, login: Callable[[Any], Client]
) -> None:
    client = login(desk.operator)
    response = client.post(SCREEN, _call(channel=Ticket.Channel.MAYOR_LINE))
    assert response.status_code == 302 and response["Location"] == SCREEN
    ticket = Ticket.objects.get()
    assert ticket.channel == Ticket.Channel.MAYOR_LINE and ticket.contact_phone == PHONE and ticket.citizen is None
    entry = AuditEntry.objects.get(event="tickets.submit")
    assert entry.actor_id == desk.operator.pk
    page = client.get(SCREEN).content.decode()
    assert ticket.query_code in page and "咨询伊美区供暖开始时间" in page
    assert 'value="13904581234"' not in page  # the form is empty again
    assert ticket.query_code not in client.get(SCREEN).content.decode()  # shown once


def test_bad_input_is_refused_with_chinese_messages_and_the_input_kept(
    desk: World, login: Callable[[Any], Client]
) -> None:
    submit()
    response = login(desk.operator).post(SCREEN, _call(title="太短", contact_phone="139 0458 1234"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "标题应为" in page and "来电人询问今年伊美区集中供暖从哪天开始。" in page
    assert "伊美区朝阳小区供暖温度不达标" in page  # the caller's history stays beside the form
    assert Ticket.objects.count() == 1


def test_a_web_channel_is_not_offered_to_the_operator(desk: World, login: Callable[[Any], Client]) -> None:
    response = login(desk.operator).post(SCREEN, _call(channel=Ticket.Channel.MAYOR_MAILBOX))
    assert response.status_code == 400 and not Ticket.objects.exists()


def test_an_excluded_matter_gets_the_notice_to_read_and_nothing_is_stored(
    desk: World, login: Callable[[Any], Client]
) -> None:
    response = login(desk.operator).post(SCREEN, _call(excluded_matter="petition"))
    assert "网上信访" in response.content.decode() and not Ticket.objects.exists()


def test_the_knowledge_search_panel_answers_htmx_with_the_results_and_a_plain_request_with_the_list(
    desk: World, login: Callable[[Any], Client]
) -> None:
    client = login(desk.operator)
    url = reverse("tickets_knowledge_search")
    partial = client.get(url, {"q": "低保"}, headers={"HX-Request": "true"})
    assert partial.status_code == 200 and "<html" not in partial.content.decode()
    plain = client.get(url, {"q": "低保"})
    assert plain.status_code == 302 and plain["Location"].startswith(reverse("tickets_knowledge_list") + "?q=")
