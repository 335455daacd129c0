"""改派, 合并, 延期 and 督办: the hotline office's control of handling — each action's rules and
refusals, the duplicate suggestions, and the overdue sweep (run at a given moment, twice)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yiwang.core.audit.models import AuditEntry
from yiwang.core.calendar import services as calendar_services
from yiwang.core.calendar.models import Clock
from yiwang.core.calendar.selectors import get_clock_for, list_clocks_for
from yiwang.core.notifications.models import Delivery, Message
from yiwang.core.workflow import selectors as workflow_selectors
from yiwang.modules.tickets import services
from yiwang.modules.tickets.models import Category, ExtensionRequest, Ticket
from yiwang.modules.tickets.selectors import handling_control as control_selectors
from yiwang.modules.tickets.services import handling_control as control
from yiwang.modules.tickets.services import rating
from yiwang.testing.personas import World

from .factories import submit

pytestmark = pytest.mark.django_db


def _dispatched(world: World, **overrides: object) -> Ticket:
    return services.dispatch_ticket(ticket=submit(**overrides), agency=world.city_civil_affairs, actor=world.dispatcher)


def _reassign(world: World, ticket: Ticket, **kwargs: object) -> Ticket:
    values: dict[str, object] = {
        "agency": world.jiayin_civil_affairs,
        "reason": "事发地在嘉荫县，属县民政局职责",
        "actor": world.dispatcher,
    }
    values.update(kwargs)
    return control.reassign_ticket(ticket=ticket, **values)  # type: ignore[arg-type]


def _open_window_clocks(ticket: Ticket) -> list[Clock]:
    return list(list_clocks_for(ticket).filter(kind__startswith="return-", state__in=Clock.OPEN_STATES))


# --- 改派 ---------------------------------------------------------------------------------------


def test_the_dispatcher_reassigns_a_ticket_in_handling_to_another_agency(staff: World) -> None:
    ticket = _dispatched(staff)
    due_before = ticket.due_at
    ticket = _reassign(staff, ticket, co_agencies=[staff.tieli_civil_affairs])
    assert ticket.agency == staff.jiayin_civil_affairs and ticket.status == Ticket.Status.HANDLING
    assert list(ticket.co_agencies.all()) == [staff.tieli_civil_affairs]
    assert [i.element_id for i in workflow_selectors.list_todo(staff.jiayin_clerk)] == ["handle"]
    assert not list(workflow_selectors.list_todo(staff.city_clerk))
    newest = ticket.assignments.order_by("-dispatched_at", "-id").first()
    assert newest is not None and newest.reassigned and newest.agency == staff.jiayin_civil_affairs
    # The handling clock continues (the citizen's time limit), now answered for by the new agency.
    clock = get_clock_for(ticket, kind="handling")
    assert clock is not None and clock.responsible_agency == staff.jiayin_civil_affairs
    assert ticket.due_at == due_before == clock.due_at
    assert AuditEntry.objects.filter(event="tickets.reassign", object_id=str(ticket.pk)).exists()


def test_the_new_agency_drafts_the_reply_and_its_own_leader_approves_it(staff: World) -> None:
    ticket = _reassign(staff, _dispatched(staff))
    ticket = services.draft_reply(ticket=ticket, actor=staff.jiayin_clerk, content="已安排县供热办现场核查并整改。")
    assert [i.element_id for i in workflow_selectors.list_todo(staff.jiayin_leader)] == ["approve"]
    assert not list(workflow_selectors.list_todo(staff.leader))


def test_reassignment_can_correct_the_category(staff: World) -> None:
    other = Category.objects.create(code="0199", name="其他城建问题", parent=Category.objects.get(code="01"))
    ticket = _reassign(staff, _dispatched(staff), category=other)
    assert Ticket.objects.get(pk=ticket.pk).category == other


def test_a_clerk_cannot_reassign(staff: World) -> None:
    ticket = _dispatched(staff)
    with pytest.raises(services.TicketRefused, match="没有改派权限"):
        _reassign(staff, ticket, actor=staff.city_clerk)
    assert Ticket.objects.get(pk=ticket.pk).agency == staff.city_civil_affairs


def test_reassignment_needs_a_reason_and_another_agency(staff: World) -> None:
    ticket = _dispatched(staff)
    with pytest.raises(services.TicketRefused, match="请填写改派理由"):
        _reassign(staff, ticket, reason=" ")
    with pytest.raises(services.TicketRefused, match="与当前主办单位相同"):
        _reassign(staff, ticket, agency=staff.city_civil_affairs)
    assert ticket.assignments.count() == 1


def test_a_ticket_not_yet_dispatched_is_dispatched_not_reassigned(staff: World) -> None:
    with pytest.raises(services.TicketRefused, match="只有办理中的诉求可以改派"):
        _reassign(staff, submit())


def test_a_reply_waiting_for_the_leader_cannot_be_reassigned(staff: World) -> None:
    ticket = services.draft_reply(ticket=_dispatched(staff), actor=staff.city_clerk, content="已核查处理。")
    with pytest.raises(services.TicketRefused, match="负责人审核"):
        _reassign(staff, ticket)


def test_the_clock_restarts_for_the_new_agency_when_so_configured(staff: World, settings: object) -> None:
    settings.YIWANG_TICKETS = {"REASSIGN_RESTARTS_CLOCK": True}  # type: ignore[attr-defined]
    ticket = _dispatched(staff)
    first = get_clock_for(ticket, kind="handling")
    ticket = _reassign(staff, ticket)
    assert first is not None
    first.refresh_from_db()
    second = get_clock_for(ticket, kind="handling")
    assert not first.is_open and second is not None and second.pk != first.pk and second.is_open
    assert second.responsible_agency == staff.jiayin_civil_affairs and ticket.due_at == second.due_at


# --- the 退单 windows --------------------------------------------------------------------------


def test_the_return_window_clock_stops_when_the_ticket_is_returned(staff: World) -> None:
    ticket = _dispatched(staff)
    assert len(_open_window_clocks(ticket)) == 1
    services.return_ticket(ticket=ticket, actor=staff.city_clerk, reason="不属本局职责")
    assert _open_window_clocks(ticket) == []


def test_the_return_window_clock_stops_when_the_agency_drafts_its_reply(staff: World) -> None:
    ticket = _dispatched(staff)
    services.draft_reply(ticket=ticket, actor=staff.city_clerk, content="已核查处理。")
    assert _open_window_clocks(ticket) == []


def test_a_reassignment_closes_the_old_window_and_opens_one_for_the_new_agency(staff: World) -> None:
    ticket = _reassign(staff, _dispatched(staff))
    windows = _open_window_clocks(ticket)
    assert [c.kind for c in windows] == ["return-2"]
    assert services.can_return(ticket, ticket.assignments.order_by("-id").first()) == ""


def test_a_ticket_reassigned_during_its_re_handling_cannot_be_returned(staff: World) -> None:
    ticket = _dispatched(staff, citizen=staff.citizen)
    services.draft_reply(ticket=ticket, actor=staff.city_clerk, content="已处理。")
    services.approve_reply(ticket=ticket, actor=staff.leader)
    rating.rate_ticket(
        ticket=ticket,
        round=1,
        level="dissatisfied",
        dimension_levels={"speed": "dissatisfied", "result": "dissatisfied", "attitude": "dissatisfied"},
        comment="",
        actor=staff.citizen,
    )
    ticket = _reassign(staff, Ticket.objects.get(pk=ticket.pk))
    assert [i.element_id for i in workflow_selectors.list_todo(staff.jiayin_clerk)] == ["handle"]
    assert _open_window_clocks(ticket) == [] and ticket.return_closed
    assert "不能再次退单" in services.can_return(ticket, ticket.assignments.order_by("-id").first())
    clock = get_clock_for(ticket, kind="rehandling")
    assert clock is not None and clock.is_open and clock.responsible_agency == staff.jiayin_civil_affairs


def test_an_expired_return_window_is_closed_by_the_sweep_and_never_escalated(staff: World) -> None:
    ticket = _dispatched(staff)
    (window,) = _open_window_clocks(ticket)
    # The window ran out an hour ago (a clock is stopped at a past moment only).
    now = timezone.now()
    Clock.objects.filter(pk=window.pk).update(start_at=now - timedelta(days=3), due_at=now - timedelta(hours=1))
    assert control.close_expired_return_windows(now=now) == 1
    window.refresh_from_db()
    assert window.state == Clock.State.MET and window.stopped_at is not None
    assert control.close_expired_return_windows(now=now) == 0
    assert calendar_services.send_clock_reminders(now=now)["escalated"] == 0


# --- 合并 ---------------------------------------------------------------------------------------


def test_the_dispatcher_merges_a_duplicate_into_the_main_ticket(staff: World) -> None:
    main = _dispatched(staff)
    duplicate = submit(citizen=staff.citizen)
    duplicate = control.merge_ticket(duplicate=duplicate, into=main, actor=staff.dispatcher, note="同一小区供暖")
    assert duplicate.status == Ticket.Status.CLOSED and duplicate.merged_into == main
    assert Message.objects.filter(recipient=staff.citizen, template_code="tickets.merged").exists()
    assert AuditEntry.objects.filter(event="tickets.merge", object_id=str(duplicate.pk)).exists()


def test_the_citizen_of_a_merged_ticket_gets_the_main_tickets_reply(staff: World) -> None:
    main = _dispatched(staff)
    duplicate = control.merge_ticket(duplicate=submit(citizen=staff.citizen), into=main, actor=staff.dispatcher)
    services.draft_reply(ticket=main, actor=staff.city_clerk, content="供热公司已更换循环泵，室温达标。")
    services.approve_reply(ticket=main, actor=staff.leader)
    message = Message.objects.get(recipient=staff.citizen, template_code="tickets.merged_replied")
    assert "循环泵" in message.body and duplicate.query_code in message.body


def test_an_anonymous_citizen_of_a_merged_ticket_gets_the_reply_by_sms_to_the_proved_phone(staff: World) -> None:
    main = _dispatched(staff)
    duplicate = submit(phone_verified=True)
    control.merge_ticket(duplicate=duplicate, into=main, actor=staff.dispatcher)
    services.draft_reply(ticket=main, actor=staff.city_clerk, content="供热公司已更换循环泵，室温达标。")
    services.approve_reply(ticket=main, actor=staff.leader)
    texts = Delivery.objects.filter(channel="sms", template_code__startswith="tickets.merged")
    assert sorted(texts.values_list("template_code", flat=True)) == ["tickets.merged", "tickets.merged_replied"]
    assert all(duplicate.query_code in d.text for d in texts)


def test_only_a_new_ticket_can_be_merged_and_not_into_itself(staff: World) -> None:
    main = submit()
    with pytest.raises(services.TicketRefused, match="不能把诉求合并到它自己"):
        control.merge_ticket(duplicate=main, into=main, actor=staff.dispatcher)
    with pytest.raises(services.TicketRefused, match="待审查或待处理"):
        control.merge_ticket(duplicate=_dispatched(staff), into=main, actor=staff.dispatcher)


def test_a_clerk_cannot_merge(staff: World) -> None:
    with pytest.raises(services.TicketRefused, match="没有合并"):
        control.merge_ticket(duplicate=submit(), into=submit(), actor=staff.city_clerk)


def test_a_ticket_cannot_be_merged_into_a_merged_one(staff: World) -> None:
    main, middle = submit(), submit()
    control.merge_ticket(duplicate=middle, into=main, actor=staff.dispatcher)
    with pytest.raises(services.TicketRefused, match="最终的主工单"):
        control.merge_ticket(duplicate=submit(), into=Ticket.objects.get(pk=middle.pk), actor=staff.dispatcher)


# --- duplicate suggestions ----------------------------------------------------------------------


def test_a_recent_ticket_from_the_same_caller_is_suggested(staff: World) -> None:
    earlier = submit(title="友好区公交站牌缺失请求增设", content="友好区中心路公交站没有站牌，请增设。")
    ticket = submit(title="伊美区朝阳小区供暖温度不达标")
    (suggestion,) = control_selectors.list_duplicate_suggestions(ticket)
    assert suggestion.ticket.pk == earlier.pk and suggestion.same_caller


def test_a_similar_text_in_the_same_category_is_suggested_and_an_unrelated_one_not(staff: World) -> None:
    similar = submit(contact_phone="13804581111")
    unrelated = submit(
        contact_phone="13704582222",
        title="乌翠区新兴路路灯夜间不亮",
        content="新兴路两侧路灯已连续一周夜间不亮，行人出行不便。",
    )
    ticket = submit(
        contact_phone="13604583333",
        content="伊美区朝阳小区3号楼室温长期低于18度，供热公司一直未解决，请督促整改。",
    )
    found = {s.ticket.pk: s for s in control_selectors.list_duplicate_suggestions(ticket)}
    assert similar.pk in found and not found[similar.pk].same_caller and found[similar.pk].similarity > 0.5
    assert unrelated.pk not in found


def test_old_and_merged_tickets_are_not_suggested(staff: World) -> None:
    old = submit()
    Ticket.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=90))
    main, merged = submit(), submit()
    control.merge_ticket(duplicate=merged, into=main, actor=staff.dispatcher)
    ticket = submit()
    assert [s.ticket.pk for s in control_selectors.list_duplicate_suggestions(ticket)] == [main.pk]


def test_the_duplicate_search_reads_a_bounded_candidate_set(staff: World, settings: object) -> None:
    settings.YIWANG_TICKETS = {"DUPLICATE_SAME_CALLER": 3, "DUPLICATE_SAME_CATEGORY": 3}  # type: ignore[attr-defined]
    for _ in range(8):
        submit()
    ticket = submit()
    with CaptureQueriesContext(connection) as queries:
        found = control_selectors.list_duplicate_suggestions(ticket)
    assert len(queries) == 2  # one indexed query per candidate source
    assert len(found) == 3  # the same-category rows are the same-caller rows: at most 3 distinct candidates


# --- 延期 ---------------------------------------------------------------------------------------


def test_an_approved_extension_moves_the_handling_clock_and_the_tickets_due_date(staff: World) -> None:
    ticket = _dispatched(staff)
    due_before = ticket.due_at
    extension = control.request_extension(
        ticket=ticket, days=3, reason="需现场测温并协调供热公司", actor=staff.city_clerk
    )
    assert Ticket.objects.get(pk=ticket.pk).due_at == due_before  # nothing moves before the approval
    assert Message.objects.filter(recipient=staff.dispatcher, template_code="tickets.extension_requested").exists()
    extension = control.decide_extension(extension=extension, approve=True, actor=staff.dispatcher)
    ticket.refresh_from_db()
    clock = get_clock_for(ticket, kind="handling")
    assert clock is not None and ticket.due_at == clock.due_at and due_before is not None
    assert ticket.due_at is not None and ticket.due_at > due_before
    (record,) = clock.extensions.all()
    assert record.extra == 3 and record.approver == staff.dispatcher and record.recorded_by == staff.city_clerk
    assert extension.status == ExtensionRequest.Status.APPROVED
    assert Message.objects.filter(recipient=staff.city_clerk, template_code="tickets.extension_decided").exists()


def test_a_refused_extension_leaves_the_clock_and_needs_a_reason(staff: World) -> None:
    ticket = _dispatched(staff)
    extension = control.request_extension(ticket=ticket, days=2, reason="需协调", actor=staff.city_clerk)
    with pytest.raises(services.TicketRefused, match="不予批准时请说明理由"):
        control.decide_extension(extension=extension, approve=False, actor=staff.dispatcher)
    extension = control.decide_extension(
        extension=extension, approve=False, note="时限内可办结", actor=staff.dispatcher
    )
    assert extension.status == ExtensionRequest.Status.REFUSED
    assert Ticket.objects.get(pk=ticket.pk).due_at == ticket.due_at


def test_a_dispatcher_cannot_request_an_extension_for_the_agency(staff: World) -> None:
    with pytest.raises(services.TicketRefused, match="只有主办单位的工作人员"):
        control.request_extension(ticket=_dispatched(staff), days=2, reason="需协调", actor=staff.dispatcher)


def test_an_agency_cannot_approve_its_own_extension(staff: World) -> None:
    extension = control.request_extension(ticket=_dispatched(staff), days=2, reason="需协调", actor=staff.city_clerk)
    with pytest.raises(services.TicketRefused, match="没有审批权限"):
        control.decide_extension(extension=extension, approve=True, actor=staff.leader)


def test_an_extension_beyond_the_limit_is_refused_with_a_clear_message(staff: World, settings: object) -> None:
    settings.YIWANG_TICKETS = {"EXTENSION_MAX_DAYS": 5, "EXTENSION_MAX_COUNT": 1}  # type: ignore[attr-defined]
    ticket = _dispatched(staff)
    with pytest.raises(services.TicketRefused, match="延期天数应为 1–5 个工作日"):
        control.request_extension(ticket=ticket, days=6, reason="需协调", actor=staff.city_clerk)
    extension = control.request_extension(ticket=ticket, days=5, reason="需协调", actor=staff.city_clerk)
    with pytest.raises(services.TicketRefused, match="待审批"):
        control.request_extension(ticket=ticket, days=1, reason="需协调", actor=staff.city_clerk)
    control.decide_extension(extension=extension, approve=True, actor=staff.dispatcher)
    with pytest.raises(services.TicketRefused, match="最多延期 1 次"):
        control.request_extension(ticket=ticket, days=1, reason="仍需协调", actor=staff.city_clerk)


# --- 到期提醒 and 督办 ----------------------------------------------------------------------------


def test_the_agency_is_reminded_one_working_day_before_the_due_date(staff: World) -> None:
    ticket = _dispatched(staff)
    clock = get_clock_for(ticket, kind="handling")
    assert clock is not None and clock.remind_before == 1 and clock.remind_at is not None and clock.due_at
    reminders = Message.objects.filter(recipient=staff.city_clerk, template_code="calendar.clock_due_soon")
    calendar_services.send_clock_reminders(now=clock.remind_at - timedelta(minutes=1))
    assert not reminders.exists()
    calendar_services.send_clock_reminders(now=clock.remind_at + timedelta(minutes=1))
    calendar_services.send_clock_reminders(now=clock.remind_at + timedelta(minutes=20))
    assert reminders.count() == 1


def test_the_sweep_supervises_an_overdue_ticket_once_and_tells_the_leader_and_the_office(staff: World) -> None:
    ticket = _dispatched(staff)
    on_time = _dispatched(staff, title="乌翠区新兴路路灯夜间不亮")
    assert ticket.due_at is not None
    Ticket.objects.filter(pk=on_time.pk).update(due_at=ticket.due_at + timedelta(days=30))
    assert control.supervise_overdue_tickets(now=ticket.due_at - timedelta(minutes=1)) == 0
    later = ticket.due_at + timedelta(minutes=1)
    assert control.supervise_overdue_tickets(now=later) == 1
    ticket.refresh_from_db()
    assert ticket.supervised_at == later and ticket.supervision_note
    assert Ticket.objects.get(pk=on_time.pk).supervised_at is None
    sent = Message.objects.filter(template_code="tickets.supervised")
    assert {m.recipient_id for m in sent} == {staff.leader.pk, staff.dispatcher.pk}
    assert control.supervise_overdue_tickets(now=later + timedelta(hours=1)) == 0  # idempotent
    assert sent.count() == 2


def test_a_replied_ticket_is_not_supervised(staff: World) -> None:
    ticket = _dispatched(staff)
    services.draft_reply(ticket=ticket, actor=staff.city_clerk, content="已处理。")
    services.approve_reply(ticket=ticket, actor=staff.leader)
    assert ticket.due_at is not None
    assert control.supervise_overdue_tickets(now=ticket.due_at + timedelta(days=1)) == 0


def test_the_dispatcher_supervises_by_hand_with_a_note(staff: World) -> None:
    ticket = _dispatched(staff)
    with pytest.raises(services.TicketRefused, match="请填写督办说明"):
        control.supervise_ticket(ticket=ticket, note="", actor=staff.dispatcher)
    with pytest.raises(services.TicketRefused, match="没有督办权限"):
        control.supervise_ticket(ticket=ticket, note="群众多次反映", actor=staff.city_clerk)
    ticket = control.supervise_ticket(ticket=ticket, note="群众多次反映，请加快办理", actor=staff.dispatcher)
    assert ticket.supervised_at is not None and ticket.supervision_note == "群众多次反映，请加快办理"
    assert Message.objects.filter(recipient=staff.leader, template_code="tickets.supervised").exists()
    with pytest.raises(services.TicketRefused, match="已在督办中"):
        control.supervise_ticket(ticket=ticket, note="再次督办", actor=staff.dispatcher)
