"""回访 and 好差评: a satisfied rating closes the ticket, a 差评 reopens it for a new round with its
own clock at the same agency; staff never rate; phone tickets need their 回访; the agency appeals;
the satisfaction figures leave upheld appeals out."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from yiwang.core.audit.models import AuditEntry
from yiwang.core.calendar.selectors import get_clock_for
from yiwang.core.notifications.models import Delivery, Message
from yiwang.core.orgs.models import Role
from yiwang.core.workflow import selectors as workflow_selectors
from yiwang.modules.tickets import services
from yiwang.modules.tickets.models import Rating, RatingAppeal, Ticket
from yiwang.modules.tickets.rating_link import make_token, read_token
from yiwang.modules.tickets.selectors import rating as rating_selectors
from yiwang.modules.tickets.services import rating
from yiwang.testing.personas import World

from .factories import submit

pytestmark = pytest.mark.django_db

REPLY = "经核查，供热公司已于12月5日更换3号楼循环泵，室温已达18度以上。"
GOOD = {"speed": "satisfied", "result": "satisfied", "attitude": "very_satisfied"}
BAD = {"speed": "dissatisfied", "result": "very_dissatisfied", "attitude": "basically_satisfied"}


@pytest.fixture
def hotline(staff: World) -> World:
    """The hotline office: 话务员 and 派单员 also hold `tickets.follow_up` (回访, 办结)."""
    for code in ("operator", "dispatcher"):
        role = Role.objects.get(code=code)
        role.verbs = [*role.verbs, rating.FOLLOW_UP_VERB]
        role.save(update_fields=["verbs"])
    return staff


def replied(world: World, ticket: Ticket | None = None, *, reply: str = REPLY, **overrides: Any) -> Ticket:
    """A ticket dispatched to 市民政局, drafted by its clerk and approved by its leader — or, given a
    reopened `ticket`, its next round replied the same way."""
    if ticket is None:
        ticket = submit(**{"citizen": world.citizen, **overrides})
        ticket = services.dispatch_ticket(ticket=ticket, agency=world.city_civil_affairs, actor=world.dispatcher)
    ticket = services.draft_reply(ticket=ticket, actor=world.city_clerk, content=reply)
    return services.approve_reply(ticket=ticket, actor=world.leader)


def rate(ticket: Ticket, level: str, *, actor: Any = None, dims: dict[str, str] | None = None) -> Rating:
    return rating.rate_ticket(
        ticket=ticket,
        round=rating_selectors.current_round(ticket),
        level=level,
        dimension_levels=dims or (BAD if level in ("dissatisfied", "very_dissatisfied") else GOOD),
        comment="",
        actor=actor,
    )


@pytest.mark.parametrize("level", ["very_satisfied", "satisfied", "basically_satisfied"])
def test_a_satisfied_rating_closes_the_ticket(staff: World, level: str) -> None:
    ticket = replied(staff)
    given = rate(ticket, level, actor=staff.citizen)
    assert Ticket.objects.get().status == Ticket.Status.CLOSED
    assert (given.round, given.level, given.reply, given.agency) == (1, level, REPLY, staff.city_civil_affairs)
    assert given.dimensions == GOOD
    assert AuditEntry.objects.filter(event="tickets.rate", actor=staff.citizen).exists()


@pytest.mark.parametrize("level", ["dissatisfied", "very_dissatisfied"])
def test_a_citizen_who_rates_不满意_reopens_the_ticket_at_the_same_agency_with_its_own_clock(
    staff: World, level: str
) -> None:
    ticket = replied(staff)
    rate(ticket, level, actor=staff.citizen)
    ticket = Ticket.objects.get()
    assert ticket.status == Ticket.Status.HANDLING
    assert ticket.agency == staff.city_civil_affairs and ticket.reply == "" and ticket.replied_at is None
    clock = get_clock_for(ticket, kind="rehandling")
    assert clock is not None and clock.is_open and clock.limit == 5 and clock.unit == "working_days"
    assert ticket.due_at == clock.due_at
    instance = workflow_selectors.get_instance(ticket.process_id)
    assert instance.definition.key == "tickets.rehandling"
    assert [item.element_id for item in workflow_selectors.list_todo(staff.city_clerk)] == ["handle"]
    assert ticket.return_closed  # the re-handling agency may not 退单


def test_a_reopened_ticket_leaves_the_last_rounds_督办_behind(staff: World) -> None:
    ticket = replied(staff)
    Ticket.objects.filter(pk=ticket.pk).update(supervised_at=timezone.now(), supervision_note="第一轮超期")
    rate(Ticket.objects.get(), "dissatisfied", actor=staff.citizen)
    ticket = Ticket.objects.get()
    assert (ticket.supervised_at, ticket.supervision_note) == (None, "")  # the new round is flagged anew


def test_the_rehandling_days_are_configurable(staff: World, settings: Any) -> None:
    settings.YIWANG_TICKETS = {"RATING": {"REHANDLING_DAYS": 10}}
    rate(replied(staff), "dissatisfied", actor=staff.citizen)
    clock = get_clock_for(Ticket.objects.get(), kind="rehandling")
    assert clock is not None and clock.limit == 10


def test_the_second_round_is_replied_rated_again_and_both_rounds_are_kept(staff: World) -> None:
    ticket = replied(staff)
    rate(ticket, "very_dissatisfied", actor=staff.citizen)
    ticket = replied(staff, Ticket.objects.get(), reply="已责成供热公司加装加压泵，经复测室温20度。")
    clock = get_clock_for(ticket, kind="rehandling")
    assert ticket.status == Ticket.Status.REPLIED and clock is not None and not clock.is_open
    assert rating_selectors.current_round(ticket) == 2
    rate(ticket, "satisfied", actor=staff.citizen)
    assert Ticket.objects.get().status == Ticket.Status.CLOSED
    rounds = [(r.round, r.level, r.reply[:4]) for r in rating_selectors.list_ratings(ticket)]
    assert rounds == [(1, "very_dissatisfied", "经核查，"), (2, "satisfied", "已责成供")]


def test_the_reply_notification_carries_a_rating_link_for_this_round(staff: World) -> None:
    ticket = replied(staff)
    message = Message.objects.get(recipient=staff.citizen, template_code="tickets.replied")
    token = message.body.split("/hudong/tickets/rate/")[1].split("/")[0]
    target = read_token(token)
    assert target is not None and (target.ticket_id, target.round) == (ticket.pk, 1)


def test_a_forged_or_expired_rating_link_names_nothing(staff: World, settings: Any) -> None:
    token = make_token(replied(staff), round=1)
    assert read_token(token[:-2] + "xx") is None
    settings.YIWANG_TICKETS = {"RATING": {"LINK_MAX_AGE_DAYS": -1}}
    assert read_token(token) is None


def test_a_round_is_rated_only_once(staff: World) -> None:
    ticket = replied(staff)
    rate(ticket, "satisfied")
    with pytest.raises(services.TicketRefused, match="已评价过"):
        rating.rate_ticket(ticket=ticket, round=1, level="dissatisfied", dimension_levels=BAD)
    assert Rating.objects.count() == 1


def test_an_old_rounds_link_cannot_rate_the_new_round(staff: World) -> None:
    ticket = replied(staff)
    rate(ticket, "dissatisfied")
    ticket = replied(staff, Ticket.objects.get())
    with pytest.raises(services.TicketRefused):
        rating.rate_ticket(ticket=ticket, round=1, level="satisfied", dimension_levels=GOOD)
    assert Ticket.objects.get().status == Ticket.Status.REPLIED


def test_a_ticket_not_yet_replied_cannot_be_rated(staff: World) -> None:
    ticket = services.dispatch_ticket(
        ticket=submit(citizen=staff.citizen), agency=staff.city_civil_affairs, actor=staff.dispatcher
    )
    with pytest.raises(services.TicketRefused):
        rating.rate_ticket(ticket=ticket, round=1, level="satisfied", dimension_levels=GOOD)
    assert not Rating.objects.exists()


def test_every_dimension_must_be_rated(staff: World) -> None:
    with pytest.raises(services.TicketRefused, match="服务态度"):
        rating.rate_ticket(
            ticket=replied(staff), round=1, level="satisfied", dimension_levels={"speed": "satisfied", "result": "x"}
        )
    assert not Rating.objects.exists() and Ticket.objects.get().status == Ticket.Status.REPLIED


@pytest.mark.parametrize("persona", ["operator", "dispatcher", "city_clerk", "leader", "system_admin"])
def test_staff_can_never_rate_on_the_citizens_behalf(hotline: World, persona: str) -> None:
    ticket = replied(hotline)
    with pytest.raises(services.TicketRefused, match="工作人员不能代替诉求人评价"):
        rate(ticket, "very_satisfied", actor=getattr(hotline, persona))
    assert not Rating.objects.exists() and Ticket.objects.get().status == Ticket.Status.REPLIED


# --- 回访 ---------------------------------------------------------------------------------------


def phone_ticket(world: World) -> Ticket:
    return replied(world, channel=Ticket.Channel.HOTLINE_12345, citizen=None)


def test_a_replied_phone_ticket_is_on_the_follow_up_list_until_the_citizen_is_reached(hotline: World) -> None:
    ticket = phone_ticket(hotline)
    replied(hotline, channel=Ticket.Channel.MAYOR_MAILBOX)  # a web ticket is not on the list
    assert list(rating_selectors.list_follow_up_due()) == [ticket]
    rating.record_follow_up(ticket=ticket, actor=hotline.operator, reached=False, note="无人接听")
    assert list(rating_selectors.list_follow_up_due()) == [ticket]
    rating.record_follow_up(ticket=ticket, actor=hotline.operator, reached=True, note="诉求人表示室温已正常")
    assert list(rating_selectors.list_follow_up_due()) == []
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.REPLIED  # a 回访 is not a rating
    assert not Rating.objects.exists()


def test_a_phone_ticket_cannot_be_closed_without_its_follow_up(hotline: World) -> None:
    ticket = phone_ticket(hotline)
    with pytest.raises(services.TicketRefused, match="须先回访"):
        rating.close_ticket(ticket=ticket, actor=hotline.operator)
    rating.record_follow_up(ticket=ticket, actor=hotline.operator, reached=True, note="诉求人认可答复")
    assert rating.close_ticket(ticket=ticket, actor=hotline.operator).status == Ticket.Status.CLOSED


def test_three_unanswered_calls_let_the_office_close_a_phone_ticket(hotline: World) -> None:
    ticket = phone_ticket(hotline)
    for _ in range(2):
        rating.record_follow_up(ticket=ticket, actor=hotline.operator, reached=False)
    assert rating.can_close(Ticket.objects.get(pk=ticket.pk))
    rating.record_follow_up(ticket=ticket, actor=hotline.operator, reached=False)
    assert rating.can_close(Ticket.objects.get(pk=ticket.pk)) == ""


def test_a_web_ticket_the_citizen_did_not_rate_may_be_closed_by_the_office(hotline: World) -> None:
    ticket = replied(hotline)
    assert rating.close_ticket(ticket=ticket, actor=hotline.dispatcher).status == Ticket.Status.CLOSED


def test_the_operator_sends_the_rating_link_by_sms(hotline: World) -> None:
    ticket = phone_ticket(hotline)
    follow_up = rating.record_follow_up(
        ticket=ticket, actor=hotline.operator, reached=True, note="诉求人同意短信评价", send_rating_link=True
    )
    assert follow_up.sent_rating_link and follow_up.round == 1
    sms = Delivery.objects.get(template_code="tickets.rating_invite")
    assert "/hudong/tickets/rate/" in sms.text and ticket.query_code in sms.text


def test_a_reached_call_needs_a_note_and_only_the_hotline_office_records_it(hotline: World) -> None:
    ticket = phone_ticket(hotline)
    with pytest.raises(services.TicketRefused, match="请填写回访情况"):
        rating.record_follow_up(ticket=ticket, actor=hotline.operator, reached=True, note=" ")
    with pytest.raises(services.TicketRefused, match="没有回访权限"):
        rating.record_follow_up(ticket=ticket, actor=hotline.city_clerk, reached=False)
    assert not ticket.follow_ups.exists()


# --- 申诉 ---------------------------------------------------------------------------------------


def bad_rating(world: World) -> Rating:
    return rate(replied(world), "very_dissatisfied", actor=world.citizen)


def test_the_agency_appeals_a_rating_and_an_upheld_appeal_leaves_the_statistics(hotline: World) -> None:
    given = bad_rating(hotline)
    today = timezone.localdate()
    appeal = rating.appeal_rating(rating=given, actor=hotline.city_clerk, reason="诉求人评价的是供水问题，与本件无关")
    assert appeal.status == RatingAppeal.Status.PENDING
    assert rating_selectors.satisfaction_totals(start=today, end=today)["rated"] == 1
    rating.decide_appeal(appeal=appeal, actor=hotline.dispatcher, upheld=True, note="经核实评价对象错误")
    assert Rating.objects.get().excluded
    assert rating_selectors.satisfaction_totals(start=today, end=today)["rated"] == 0
    # The re-handling round it opened goes on.
    assert Ticket.objects.get().status == Ticket.Status.HANDLING
    assert AuditEntry.objects.filter(event="tickets.decide_appeal", actor=hotline.dispatcher).exists()


def test_a_rejected_appeal_keeps_the_rating(hotline: World) -> None:
    appeal = rating.appeal_rating(rating=bad_rating(hotline), actor=hotline.leader, reason="已按规定答复")
    rating.decide_appeal(appeal=appeal, actor=hotline.dispatcher, upheld=False, note="答复未解决室温问题")
    assert not Rating.objects.get().excluded
    assert RatingAppeal.objects.get().status == RatingAppeal.Status.REJECTED


def test_only_the_rated_agency_appeals_once_with_a_reason(hotline: World) -> None:
    given = bad_rating(hotline)
    with pytest.raises(services.TicketRefused, match="请填写申诉理由"):
        rating.appeal_rating(rating=given, actor=hotline.city_clerk, reason="")
    with pytest.raises(services.TicketRefused, match="主办单位"):
        rating.appeal_rating(rating=given, actor=hotline.jiayin_clerk, reason="不是我们办的")
    rating.appeal_rating(rating=given, actor=hotline.city_clerk, reason="恶意评价")
    with pytest.raises(services.TicketRefused, match="重复申诉"):
        rating.appeal_rating(rating=given, actor=hotline.leader, reason="恶意评价")


def test_only_the_hotline_office_decides_an_appeal(hotline: World) -> None:
    appeal = rating.appeal_rating(rating=bad_rating(hotline), actor=hotline.city_clerk, reason="恶意评价")
    with pytest.raises(services.TicketRefused, match="没有复核申诉的权限"):
        rating.decide_appeal(appeal=appeal, actor=hotline.leader, upheld=True, note="自己说了算")
    assert RatingAppeal.objects.get().status == RatingAppeal.Status.PENDING


def test_an_anonymous_citizens_reply_sms_carries_the_rating_link(staff: World) -> None:
    ticket = replied(staff, citizen=None, phone_verified=True)
    sms = Delivery.objects.get(template_code="tickets.replied")
    assert "/hudong/tickets/rate/" in sms.text and ticket.query_code in sms.text


def test_the_follow_up_list_is_one_query_whatever_its_length(hotline: World, django_assert_num_queries: Any) -> None:
    for _ in range(3):
        phone_ticket(hotline)
    with django_assert_num_queries(1):
        rows = [(t.query_code, t.agency.short_name if t.agency else "") for t in rating_selectors.list_follow_up_due()]
    assert len(rows) == 3
