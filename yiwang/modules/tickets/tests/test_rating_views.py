"""Pages of 回访 and 好差评: the citizen's ticket page and the rating link (errors shown with the
choices kept, staff never offered the form), the lookup's link, the 回访 pages, 申诉 and 复核."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from yiwang.modules.tickets.models import FollowUp, Rating, RatingAppeal, Ticket
from yiwang.modules.tickets.rating_link import rating_path
from yiwang.modules.tickets.services import rating
from yiwang.testing.personas import World

from .factories import PHONE
from .test_rating import GOOD, hotline, phone_ticket, rate, replied

__all__ = ["hotline"]  # the fixture, for pytest

pytestmark = pytest.mark.django_db

GOOD_FORM = {"level": "satisfied", **{f"dimension_{code}": level for code, level in GOOD.items()}}


def test_the_citizens_ticket_page_shows_the_reply_and_the_rating_form(
    staff: World, login: Callable[[Any], Client]
) -> None:
    ticket = replied(staff)
    client = login(staff.citizen)
    assert f"/hudong/tickets/mine/{ticket.pk}/" in client.get("/hudong/tickets/mine/").content.decode()
    html = client.get(f"/hudong/tickets/mine/{ticket.pk}/").content.decode()
    assert "循环泵" in html and 'data-testid="rating-form"' in html and "响应速度" in html


def test_another_citizens_ticket_is_not_found(staff: World, login: Callable[[Any], Client]) -> None:
    ticket = replied(staff)
    assert login(staff.enterprise).get(f"/hudong/tickets/mine/{ticket.pk}/").status_code == 404


def test_a_rating_with_a_missing_dimension_is_refused_with_the_choices_kept(staff: World) -> None:
    path = rating_path(replied(staff), round=1)
    data = {**GOOD_FORM, "comment": "办理及时", "dimension_attitude": ""}
    response = Client().post(path, data)
    html = response.content.decode()
    assert response.status_code == 400 and "请为“服务态度”选择评价" in html
    assert re.search(r'name="level" value="satisfied"[^>]*checked', html) and "办理及时" in html
    assert not Rating.objects.exists() and Ticket.objects.get().status == Ticket.Status.REPLIED


def test_a_rating_through_the_link_closes_the_ticket_and_the_link_then_says_so(staff: World) -> None:
    path = rating_path(replied(staff), round=1)
    assert Client().post(path, GOOD_FORM).status_code == 302
    assert Ticket.objects.get().status == Ticket.Status.CLOSED
    assert Rating.objects.get().source == Rating.Source.LINK
    html = Client().get(path).content.decode()
    assert "您已评价：满意" in html and 'data-testid="rating-form"' not in html


def test_the_signed_in_citizen_rates_from_my_tickets(staff: World, login: Callable[[Any], Client]) -> None:
    ticket = replied(staff)
    client = login(staff.citizen)
    assert client.post(rating_path(ticket, round=1), {**GOOD_FORM, "level": "dissatisfied"}).status_code == 302
    given = Rating.objects.get()
    assert (given.rated_by, given.source) == (staff.citizen, Rating.Source.MY_TICKETS)
    html = client.get(f"/hudong/tickets/mine/{ticket.pk}/").content.decode()
    assert "办理中" in html and "退回伊春市民政局重新办理" in html and 'data-testid="rating-form"' not in html


def test_a_damaged_link_is_refused(staff: World) -> None:
    path = rating_path(replied(staff), round=1)
    response = Client().get(path[:-3] + "xx/")
    assert response.status_code == 404 and "评价链接无效或已过期" in response.content.decode()


@pytest.mark.parametrize("persona", ["operator", "dispatcher", "city_clerk"])
def test_staff_who_know_the_code_and_phone_are_never_offered_the_rating_form(
    hotline: World, login: Callable[[Any], Client], persona: str
) -> None:
    ticket = replied(hotline)
    client = login(getattr(hotline, persona))
    lookup = client.post("/hudong/tickets/lookup/", {"query_code": ticket.query_code, "phone": PHONE})
    assert "循环泵" in lookup.content.decode() and "评价本次答复" not in lookup.content.decode()
    path = rating_path(ticket, round=1)
    page = client.get(path).content.decode()
    assert "工作人员不能代替诉求人评价" in page and 'data-testid="rating-form"' not in page
    assert client.post(path, GOOD_FORM).status_code == 403
    assert not Rating.objects.exists()


def test_the_lookup_offers_the_rating_link_to_the_citizen(staff: World) -> None:
    ticket = replied(staff, citizen=None)
    html = Client().post("/hudong/tickets/lookup/", {"query_code": ticket.query_code, "phone": PHONE}).content.decode()
    assert "评价本次答复" in html and "/hudong/tickets/rate/" in html


# --- staff --------------------------------------------------------------------------------------


def test_the_operator_records_a_follow_up_and_a_bad_one_is_kept_in_the_form(
    hotline: World, login: Callable[[Any], Client]
) -> None:
    ticket = phone_ticket(hotline)
    client = login(hotline.operator)
    listing = client.get("/staff/tickets/follow-up/").content.decode()
    assert ticket.title in listing and f"/staff/tickets/{ticket.pk}/follow-up/" in listing
    assert "须先回访" in client.get(f"/staff/tickets/{ticket.pk}/follow-up/").content.decode()
    refused = client.post(f"/staff/tickets/{ticket.pk}/follow-up/record/", {"outcome": "reached", "note": ""})
    assert refused.status_code == 400 and "请填写回访情况" in refused.content.decode()
    done = client.post(
        f"/staff/tickets/{ticket.pk}/follow-up/record/", {"outcome": "reached", "note": "诉求人认可答复"}
    )
    assert done.status_code == 302 and FollowUp.objects.get().reached
    assert client.post(f"/staff/tickets/{ticket.pk}/close/", {"note": ""}).status_code == 302
    assert Ticket.objects.get().status == Ticket.Status.CLOSED


def test_a_phone_ticket_cannot_be_closed_through_the_page_before_its_follow_up(
    hotline: World, login: Callable[[Any], Client]
) -> None:
    ticket = phone_ticket(hotline)
    response = login(hotline.operator).post(f"/staff/tickets/{ticket.pk}/close/", {"note": ""})
    assert response.status_code == 400 and "须先回访" in response.content.decode()
    assert Ticket.objects.get().status == Ticket.Status.REPLIED


def test_an_agency_clerk_has_no_follow_up_pages(hotline: World, login: Callable[[Any], Client]) -> None:
    ticket = phone_ticket(hotline)
    client = login(hotline.city_clerk)
    # The workspace answers a refused page with a redirect to its start page and a message.
    assert client.get("/staff/tickets/follow-up/").status_code in (302, 403)
    response = client.post(f"/staff/tickets/{ticket.pk}/follow-up/record/", {"outcome": "not_reached"})
    assert response.status_code in (302, 403) and "follow-up" not in response.get("Location", "")
    assert not FollowUp.objects.exists()


def test_the_agency_appeals_on_the_ticket_page_and_the_office_decides(
    hotline: World, login: Callable[[Any], Client]
) -> None:
    ticket = replied(hotline)
    given = rate(ticket, "very_dissatisfied", actor=hotline.citizen)
    clerk = login(hotline.city_clerk)
    page = clerk.get(f"/staff/tickets/{ticket.pk}/").content.decode()
    assert "第 1 轮" in page and "非常不满意" in page and "申诉该评价" in page
    empty = clerk.post(f"/staff/tickets/ratings/{given.pk}/appeal/", {f"appeal{given.pk}-reason": ""})
    assert empty.status_code == 400 and "请填写申诉理由" in empty.content.decode()
    reason = {f"appeal{given.pk}-reason": "诉求人评价的是供水问题"}
    assert clerk.post(f"/staff/tickets/ratings/{given.pk}/appeal/", reason).status_code == 302
    appeal = RatingAppeal.objects.get()
    dispatcher = login(hotline.dispatcher)
    assert "待复核的差评申诉" in dispatcher.get("/staff/tickets/follow-up/").content.decode()
    no_note = dispatcher.post(f"/staff/tickets/appeals/{appeal.pk}/decide/", {f"decide{appeal.pk}-decision": "upheld"})
    assert no_note.status_code == 400 and "请填写复核意见" in no_note.content.decode()
    decided = dispatcher.post(
        f"/staff/tickets/appeals/{appeal.pk}/decide/",
        {f"decide{appeal.pk}-decision": "upheld", f"decide{appeal.pk}-note": "评价对象错误"},
    )
    assert decided.status_code == 302 and Rating.objects.get().excluded


def test_another_agency_cannot_appeal(hotline: World, login: Callable[[Any], Client]) -> None:
    given = rate(replied(hotline), "dissatisfied", actor=hotline.citizen)
    response = login(hotline.jiayin_clerk).post(
        f"/staff/tickets/ratings/{given.pk}/appeal/", {f"appeal{given.pk}-reason": "恶意评价"}
    )
    assert response.status_code in (403, 404) and not RatingAppeal.objects.exists()


def test_the_sms_link_is_sent_from_the_follow_up_page(hotline: World, login: Callable[[Any], Client]) -> None:
    ticket = phone_ticket(hotline)
    response = login(hotline.operator).post(
        f"/staff/tickets/{ticket.pk}/follow-up/record/",
        {"outcome": "reached", "note": "同意短信评价", "send_rating_link": "on"},
    )
    assert response.status_code == 302 and FollowUp.objects.get().sent_rating_link
    assert rating.can_close(Ticket.objects.get()) == ""
