"""Time: due dates from the working-day calendar, reminders and escalation, BPMN timer events."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from yiwang.core.audit.models import AuditEntry
from yiwang.core.calendar.workcalendar import add_working_days
from yiwang.core.notifications.models import Message
from yiwang.core.workflow import selectors, services
from yiwang.core.workflow.models import Step, WorkItem
from yiwang.testing.personas import World

from .test_definitions import INITIATOR, bpmn, deploy, user_task
from .test_services_start import open_items, start_document

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


def test_due_date_is_the_end_of_the_nth_working_day(processes: Any, world: World) -> None:
    instance = start_document(world)
    services.complete(open_items(instance)[0], actor=world.city_clerk)
    [review] = open_items(instance)  # 核稿: 2 working days
    assert review.due_at is not None
    local = timezone.localtime(review.due_at)
    assert local.date() == add_working_days(timezone.localdate(services._now()), 2)
    assert (local.hour, local.minute) == (23, 59)


def test_reminder_before_due_then_escalation_to_the_leader_after(processes: Any, world: World) -> None:
    instance = services.start(
        key="core.sample_ticket",
        title="路灯不亮",
        initiator=world.operator,
        agency=world.city_office,
        variables={"handling_agency": world.city_civil_affairs.pk},
    )
    services.claim(open_items(instance)[0], actor=world.dispatcher)
    services.complete(open_items(instance)[0], actor=world.dispatcher)
    [handle] = open_items(instance)
    assert handle.assignee == world.city_clerk and handle.due_at is not None
    counts = services.send_due_reminders(now=handle.due_at - timedelta(hours=2))
    assert counts == {"reminded": 1, "escalated": 0}
    assert Message.objects.filter(recipient=world.city_clerk, template_code="workflow.due_soon").count() == 1
    assert services.send_due_reminders(now=handle.due_at - timedelta(hours=1)) == {"reminded": 0, "escalated": 0}
    counts = services.send_due_reminders(now=handle.due_at + timedelta(minutes=1))
    assert counts == {"reminded": 0, "escalated": 1}
    assert Message.objects.filter(recipient=world.leader, template_code="workflow.overdue").count() == 1
    assert Step.objects.filter(instance=instance, verb="escalate").count() == 1
    assert services.send_due_reminders(now=handle.due_at + timedelta(hours=5))["escalated"] == 0


def _timer_process() -> str:
    return bpmn(
        '<bpmn:startEvent id="start" />'
        + user_task("a", "登记", INITIATOR)
        + '<bpmn:intermediateCatchEvent id="wait" name="公示期"><bpmn:timerEventDefinition>'
        "<bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>"
        + user_task("b", "公示后审核", INITIATOR)
        + '<bpmn:endEvent id="end" />'
        '<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="a" />'
        '<bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="wait" />'
        '<bpmn:sequenceFlow id="f3" sourceRef="wait" targetRef="b" />'
        '<bpmn:sequenceFlow id="f4" sourceRef="b" targetRef="end" />'
    )


def _make_timer_due(instance: Any) -> None:
    """Move the stored timer an hour back, as if the hour had passed."""
    instance.refresh_from_db()
    for task in instance.state["tasks"].values():
        value = task["internal_data"].get("event_value")
        if value:
            moment = datetime.fromisoformat(value) - timedelta(hours=2)
            task["internal_data"]["event_value"] = moment.isoformat()
    instance.wake_at = instance.wake_at - timedelta(hours=2)
    instance.save(update_fields=["state", "wake_at"])


def test_a_bpmn_timer_fires_through_the_periodic_sweep(world: World) -> None:
    deploy(_timer_process())
    instance = services.start(
        key="test.process", title="公示", initiator=world.city_clerk, agency=world.city_civil_affairs
    )
    services.complete(open_items(instance)[0], actor=world.city_clerk)
    instance.refresh_from_db()
    assert not open_items(instance)
    assert instance.wake_at is not None
    assert timezone.now() + timedelta(minutes=50) < instance.wake_at < timezone.now() + timedelta(minutes=70)
    assert services.fire_timers(now=timezone.now()) == 0  # not yet
    _make_timer_due(instance)
    assert services.fire_timers(now=timezone.now()) == 1
    [b] = open_items(instance)
    assert b.element_id == "b"
    instance.refresh_from_db()
    assert instance.wake_at is None
    assert Step.objects.filter(instance=instance, verb="timer").count() == 1
    assert services.fire_timers(now=timezone.now()) == 0


def test_a_terminated_instance_is_not_woken(world: World) -> None:
    deploy(_timer_process())
    instance = services.start(
        key="test.process", title="公示", initiator=world.city_clerk, agency=world.city_civil_affairs
    )
    services.complete(open_items(instance)[0], actor=world.city_clerk)
    _make_timer_due(instance)
    services.terminate(instance, actor=world.system_admin, reason="撤回申请")
    assert services.fire_timers(now=timezone.now()) == 0
    assert not WorkItem.objects.filter(instance=instance, state=WorkItem.State.OPEN).exists()


def test_a_boundary_timer_takes_the_task_away_when_it_fires(world: World) -> None:
    deploy(
        bpmn(
            '<bpmn:startEvent id="start" />'
            + user_task("a", "限时办理", INITIATOR)
            + user_task("late", "超时改派", '<yw:assignee rule="user" user="leader" />')
            + '<bpmn:boundaryEvent id="too_late" attachedToRef="a"><bpmn:timerEventDefinition>'
            "<bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>"
            '<bpmn:endEvent id="end" />'
            '<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="a" />'
            '<bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="end" />'
            '<bpmn:sequenceFlow id="f3" sourceRef="too_late" targetRef="late" />'
            '<bpmn:sequenceFlow id="f4" sourceRef="late" targetRef="end" />'
        )
    )
    instance = services.start(
        key="test.process", title="限时", initiator=world.city_clerk, agency=world.city_civil_affairs
    )
    [a] = open_items(instance)
    assert a.element_id == "a"
    _make_timer_due(instance)
    assert services.fire_timers(now=timezone.now()) == 1
    [late] = open_items(instance)
    assert (late.element_id, late.assignee) == ("late", world.leader)
    assert WorkItem.objects.get(pk=a.pk).state == WorkItem.State.CANCELLED
    services.complete(late, actor=world.leader)
    instance.refresh_from_db()
    assert instance.status == "completed"


def test_reminders_and_escalations_are_audited(processes: Any, world: World) -> None:
    instance = services.start(
        key="core.sample_ticket",
        title="路灯不亮",
        initiator=world.operator,
        agency=world.city_office,
        variables={"handling_agency": world.city_civil_affairs.pk},
    )
    services.claim(open_items(instance)[0], actor=world.dispatcher)
    services.complete(open_items(instance)[0], actor=world.dispatcher)
    [handle] = open_items(instance)
    assert handle.due_at is not None
    services.send_due_reminders(now=handle.due_at - timedelta(hours=2))
    services.send_due_reminders(now=handle.due_at + timedelta(minutes=1))
    services.send_due_reminders(now=handle.due_at + timedelta(hours=5))  # nothing new to record
    [reminded] = AuditEntry.objects.filter(event="workflow.remind")
    [escalated] = AuditEntry.objects.filter(event="workflow.escalate")
    assert reminded.object_id == escalated.object_id == str(instance.pk)
    assert reminded.actor is None and reminded.detail["item"] == str(handle.pk)
    assert escalated.detail == {"item": str(handle.pk), "to": [world.leader.pk]}


SEND_BACK = "<yw:verbs>complete send_back</yw:verbs>"


def _deploy_boundary_after_a_first_step() -> None:
    """登记 (initiator) → 限时办理 (赵刚, 1-hour boundary timer → 超时改派 孙丽) → 复核 (initiator)."""
    deploy(
        bpmn(
            '<bpmn:startEvent id="start" />'
            + user_task("a", "登记", INITIATOR, SEND_BACK)
            + user_task("b", "限时办理", '<yw:assignee rule="user" user="leader" />', SEND_BACK)
            + user_task("c", "复核", INITIATOR, SEND_BACK)
            + user_task("late", "超时改派", '<yw:assignee rule="user" user="office_director" />')
            + '<bpmn:boundaryEvent id="too_late" attachedToRef="b"><bpmn:timerEventDefinition>'
            "<bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>"
            '<bpmn:endEvent id="end" />'
            '<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="a" />'
            '<bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="b" />'
            '<bpmn:sequenceFlow id="f3" sourceRef="b" targetRef="c" />'
            '<bpmn:sequenceFlow id="f4" sourceRef="c" targetRef="end" />'
            '<bpmn:sequenceFlow id="f5" sourceRef="too_late" targetRef="late" />'
            '<bpmn:sequenceFlow id="f6" sourceRef="late" targetRef="end" />'
        )
    )


def test_a_boundary_timer_is_armed_again_when_a_send_back_re_enters_its_step(world: World) -> None:
    _deploy_boundary_after_a_first_step()
    instance = services.start(
        key="test.process", title="限时", initiator=world.city_clerk, agency=world.city_civil_affairs
    )
    services.complete(open_items(instance)[0], actor=world.city_clerk)
    services.complete(open_items(instance)[0], actor=world.leader)  # 限时办理 done in time
    [c] = open_items(instance)
    instance.refresh_from_db()
    assert c.element_id == "c" and instance.wake_at is None
    services.send_back(c, actor=world.city_clerk, reason="请补充办理情况")
    [b] = open_items(instance)
    instance.refresh_from_db()
    assert b.element_id == "b"
    assert instance.wake_at is not None  # the step's time limit runs again
    _make_timer_due(instance)
    assert services.fire_timers(now=timezone.now()) == 1
    [late] = open_items(instance)
    assert (late.element_id, late.assignee) == ("late", world.office_director)
    assert WorkItem.objects.get(pk=b.pk).state == WorkItem.State.CANCELLED


def test_sending_back_from_a_step_with_a_boundary_timer_drops_its_timer(world: World) -> None:
    _deploy_boundary_after_a_first_step()
    instance = services.start(
        key="test.process", title="限时", initiator=world.city_clerk, agency=world.city_civil_affairs
    )
    services.complete(open_items(instance)[0], actor=world.city_clerk)
    [b] = open_items(instance)
    services.send_back(b, actor=world.leader, reason="材料不全")
    [a] = open_items(instance)
    instance.refresh_from_db()
    assert a.element_id == "a" and instance.wake_at is None
    assert services.fire_timers(now=timezone.now() + timedelta(hours=2)) == 0
    services.complete(a, actor=world.city_clerk)  # re-enters 限时办理 with a fresh timer
    instance.refresh_from_db()
    assert [i.element_id for i in open_items(instance)] == ["b"]
    assert instance.wake_at is not None


def test_a_limit_in_a_year_the_calendar_does_not_know_shows_due_unknown(
    processes: Any, world: World, monkeypatch: pytest.MonkeyPatch, login: Any
) -> None:
    # 2031: neither in chinesecalendar nor loaded by the calendar administrators.
    monkeypatch.setattr(services, "_now", lambda: timezone.make_aware(datetime(2031, 3, 4, 10, 0)))
    instance = start_document(world)
    [draft] = open_items(instance)  # 拟稿 has no time limit
    assert (draft.due_at, draft.due_unknown) == (None, False)
    services.complete(draft, actor=world.city_clerk)
    [review] = open_items(instance)  # 核稿: 2 working days, which cannot be counted
    assert (review.due_at, review.due_unknown) == (None, True)
    client = login(world.office_director)
    assert "期限未知" in client.get("/staff/inbox/").content.decode()
    assert "期限未知" in client.get(f"/staff/workflow/items/{review.pk}/").content.decode()
    assert client.get(f"/api/workflow/items/{review.pk}").json()["due_unknown"] is True


def test_the_diagram_shows_a_waiting_timer_then_marks_it_and_the_end_event_passed(world: World) -> None:
    deploy(_timer_process())
    instance = services.start(
        key="test.process", title="公示", initiator=world.city_clerk, agency=world.city_civil_affairs
    )
    services.complete(open_items(instance)[0], actor=world.city_clerk)
    instance.refresh_from_db()
    state = selectors.diagram_state(instance)
    assert state["waiting"] == ["wait"]
    assert state["current"] == []
    assert {"start", "a"} <= set(state["done"]) and "wait" not in state["done"]

    _make_timer_due(instance)
    services.fire_timers(now=timezone.now())
    instance.refresh_from_db()
    state = selectors.diagram_state(instance)
    assert (state["waiting"], state["current"]) == ([], ["b"])
    assert "wait" in state["done"]

    services.complete(open_items(instance)[0], actor=world.city_clerk)
    instance.refresh_from_db()
    state = selectors.diagram_state(instance)
    assert state == {"done": ["a", "b", "end", "start", "wait"], "current": [], "waiting": []}


def test_a_terminated_instance_shows_no_waiting_timer(world: World) -> None:
    deploy(_timer_process())
    instance = services.start(
        key="test.process", title="公示", initiator=world.city_clerk, agency=world.city_civil_affairs
    )
    services.complete(open_items(instance)[0], actor=world.city_clerk)
    services.terminate(instance, actor=world.system_admin, reason="撤回申请")
    instance.refresh_from_db()
    state = selectors.diagram_state(instance)
    assert state["waiting"] == [] and "end" not in state["done"]
