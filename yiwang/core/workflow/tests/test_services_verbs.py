"""The office verbs: 退回, 撤回, 转办, 认领, 委托, 加签, 传阅/阅知, 催办, 终止 — and bad input changes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from yiwang.core.audit.models import AuditEntry
from yiwang.core.notifications.models import Message
from yiwang.core.workflow import selectors, services
from yiwang.core.workflow.errors import WorkflowError
from yiwang.core.workflow.models import ProcessInstance, Step, WorkItem
from yiwang.testing.factories import StaffFactory
from yiwang.testing.personas import World

from .test_services_start import open_items, start_document

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


def start_ticket(world: World) -> ProcessInstance:
    return services.start(
        key="core.sample_ticket",
        title="伊美区某小区供暖温度不达标",
        initiator=world.operator,
        agency=world.city_office,
        variables={"handling_agency": world.city_civil_affairs.pk},
    )


def snapshot(instance: ProcessInstance) -> tuple[Any, ...]:
    """Everything a refused verb must leave as it was."""
    instance.refresh_from_db()
    items = list(WorkItem.objects.filter(instance=instance).order_by("pk").values())
    return (
        instance.revision,
        instance.status,
        instance.state,
        items,
        Step.objects.filter(instance=instance).count(),
        AuditEntry.objects.count(),
    )


def to_countersign(world: World) -> ProcessInstance:
    instance = start_document(world)
    services.complete(open_items(instance)[0], actor=world.city_clerk)
    services.complete(open_items(instance)[0], actor=world.office_director)
    return instance


# 退回 ---------------------------------------------------------------------------------------


def test_send_back_to_previous_returns_the_task_to_who_sent_it(processes: Any, world: World) -> None:
    instance = start_document(world)
    services.complete(open_items(instance)[0], actor=world.city_clerk)
    [review] = open_items(instance)
    services.send_back(review, actor=world.office_director, reason="引用文件文号有误")
    [draft] = open_items(instance)
    assert (draft.element_id, draft.assignee) == ("draft", world.city_clerk)
    step = Step.objects.filter(instance=instance, verb="send_back").get()
    assert (step.opinion, step.detail["to"]) == ("引用文件文号有误", "draft")


def test_send_back_from_inside_a_countersign_cancels_the_other_votes(processes: Any, world: World) -> None:
    instance = to_countersign(world)
    votes = open_items(instance)
    services.complete(votes[0], actor=votes[0].assignee, opinion="同意")
    services.send_back(votes[1], actor=votes[1].assignee, to="initiator", reason="涉及我局职责表述不准确")
    [draft] = open_items(instance)
    assert (draft.element_id, draft.assignee) == ("draft", world.city_clerk)
    assert WorkItem.objects.get(pk=votes[2].pk).state == WorkItem.State.CANCELLED
    # And the process runs on normally from there.
    services.complete(draft, actor=world.city_clerk)
    [review] = open_items(instance)
    assert review.element_id == "review"


def test_send_back_to_any_earlier_step_and_refused_for_a_step_not_yet_done(processes: Any, world: World) -> None:
    instance = to_countersign(world)
    for vote in open_items(instance):
        services.complete(vote, actor=vote.assignee)
    [sign] = open_items(instance)
    before = snapshot(instance)
    with pytest.raises(WorkflowError, match="已办理过"):
        services.send_back(sign, actor=world.leader, to="recheck", reason="x")
    assert snapshot(instance) == before
    services.send_back(sign, actor=world.leader, to="review", reason="请重新核稿")
    [review] = open_items(instance)
    assert (review.element_id, review.assignee) == ("review", world.office_director)


def test_send_back_needs_a_reason_and_a_step_that_allows_it(processes: Any, world: World) -> None:
    instance = start_document(world)
    [draft] = open_items(instance)
    before = snapshot(instance)
    with pytest.raises(WorkflowError, match="退回理由"):
        services.send_back(draft, actor=world.city_clerk, reason=" ")
    with pytest.raises(WorkflowError, match="不允许退回"):
        services.send_back(draft, actor=world.city_clerk, reason="无")
    assert snapshot(instance) == before


def test_ticket_handled_sent_back_to_dispatch_and_re_dispatched(processes: Any, world: World) -> None:
    instance = start_ticket(world)
    [dispatch] = open_items(instance)
    assert dispatch.assignee is None and dispatch.candidate_role is not None
    services.claim(dispatch, actor=world.dispatcher)
    services.complete(dispatch, actor=world.dispatcher, opinion="请市民政局办理")
    [handle] = open_items(instance)
    assert handle.assignee == world.city_clerk
    services.send_back(handle, actor=world.city_clerk, reason="不属于我局职责，请重新派单")
    [again] = open_items(instance)
    assert (again.element_id, again.assignee) == ("dispatch", world.dispatcher)
    services.complete(again, actor=world.dispatcher, data={"handling_agency": world.city_civil_affairs.pk})
    services.complete(open_items(instance)[0], actor=world.city_clerk, opinion="已联系供热公司")
    [reply] = open_items(instance)
    assert (reply.element_id, reply.assignee) == ("reply", world.city_clerk)
    services.complete(reply, actor=world.city_clerk, opinion="答复：已恢复供暖")
    [review] = open_items(instance)
    assert review.assignee == world.leader
    services.complete(review, actor=world.leader, opinion="同意答复")
    instance.refresh_from_db()
    assert instance.status == ProcessInstance.Status.COMPLETED


# 撤回 ---------------------------------------------------------------------------------------


def test_sender_withdraws_while_the_next_step_is_unopened(processes: Any, world: World) -> None:
    instance = start_document(world)
    [draft] = open_items(instance)
    services.complete(draft, actor=world.city_clerk)
    services.withdraw(draft, actor=world.city_clerk, reason="漏附附件")
    [again] = open_items(instance)
    assert (again.element_id, again.assignee) == ("draft", world.city_clerk)
    assert WorkItem.objects.filter(instance=instance, element_id="review").get().state == WorkItem.State.CANCELLED


def test_withdraw_is_refused_once_the_next_assignee_opened_it(processes: Any, world: World) -> None:
    instance = start_document(world)
    [draft] = open_items(instance)
    services.complete(draft, actor=world.city_clerk)
    [review] = open_items(instance)
    services.open_item(review, actor=world.leader)  # someone else looking does not count
    assert WorkItem.objects.get(pk=review.pk).opened_at is None
    services.open_item(review, actor=world.office_director)
    before = snapshot(instance)
    with pytest.raises(WorkflowError, match="已开始办理"):
        services.withdraw(draft, actor=world.city_clerk)
    with pytest.raises(WorkflowError, match="发送人"):
        services.withdraw(draft, actor=world.leader)
    assert snapshot(instance) == before


def test_a_countersigner_withdraws_their_own_vote_while_others_are_open(processes: Any, world: World) -> None:
    instance = to_countersign(world)
    vote = open_items(instance)[0]
    services.complete(vote, actor=vote.assignee)
    services.withdraw(vote, actor=vote.assignee)
    assert WorkItem.objects.get(pk=vote.pk).state == WorkItem.State.OPEN
    assert len(open_items(instance)) == 3


# 转办, 认领, 委托 -----------------------------------------------------------------------------


def test_reassign_hands_the_task_to_another_person(processes: Any, world: World) -> None:
    instance = start_document(world)
    services.complete(open_items(instance)[0], actor=world.city_clerk)
    [review] = open_items(instance)
    colleague = StaffFactory(username="deputy", display_name="副主任")
    services.reassign(review, actor=world.office_director, to_user=colleague, reason="出差")
    review.refresh_from_db()
    assert review.assignee == colleague
    with pytest.raises(WorkflowError, match="不是您的待办"):
        services.complete(review, actor=world.office_director)
    services.complete(review, actor=colleague)


def test_first_claimant_wins_a_group_task(processes: Any, world: World) -> None:
    other = StaffFactory(username="dispatcher2", display_name="派单员小吴")
    from yiwang.core.orgs.models import Membership, Role

    Membership.objects.create(user=other, agency=world.city_office, role=Role.objects.get(code="dispatcher"))
    instance = start_ticket(world)
    [dispatch] = open_items(instance)
    with pytest.raises(WorkflowError, match="请先认领"):
        services.complete(dispatch, actor=world.dispatcher)
    services.claim(dispatch, actor=other)
    before = snapshot(instance)
    with pytest.raises(WorkflowError, match="已被"):
        services.claim(dispatch, actor=world.dispatcher)
    with pytest.raises(WorkflowError, match=r"候选办理人|已被"):
        services.claim(dispatch, actor=world.city_clerk)
    assert snapshot(instance) == before


def test_a_non_member_cannot_claim(processes: Any, world: World) -> None:
    instance = start_ticket(world)
    [dispatch] = open_items(instance)
    with pytest.raises(WorkflowError, match="候选办理人"):
        services.claim(dispatch, actor=world.city_clerk)


def test_delegate_acts_for_the_principal_and_the_step_records_it(processes: Any, world: World) -> None:
    instance = start_document(world)
    services.complete(open_items(instance)[0], actor=world.city_clerk)
    [review] = open_items(instance)
    today = timezone.localdate()
    delegation = services.delegate(
        principal=world.office_director,
        delegate=world.city_clerk,
        starts_on=today,
        ends_on=today + timedelta(days=3),
        reason="外出学习",
        actor=world.office_director,
    )
    services.complete(review, actor=world.city_clerk, opinion="代为核稿")
    step = Step.objects.filter(instance=instance, element_id="review", verb="complete").get()
    assert (step.actor, step.on_behalf_of) == (world.city_clerk, world.office_director)
    services.revoke_delegation(delegation, actor=world.office_director)
    with pytest.raises(WorkflowError, match="已收回"):
        services.revoke_delegation(delegation, actor=world.office_director)


def test_delegation_rules(processes: Any, world: World) -> None:
    today = timezone.localdate()
    with pytest.raises(WorkflowError, match="只能委托自己的"):
        services.delegate(
            principal=world.leader,
            delegate=world.city_clerk,
            starts_on=today,
            ends_on=today,
            reason="x",
            actor=world.city_clerk,
        )
    with pytest.raises(WorkflowError, match="结束日期"):
        services.delegate(
            principal=world.leader,
            delegate=world.city_clerk,
            starts_on=today,
            ends_on=today - timedelta(days=1),
            reason="x",
            actor=world.leader,
        )
    with pytest.raises(WorkflowError, match="自己"):
        services.delegate(
            principal=world.leader,
            delegate=world.leader,
            starts_on=today,
            ends_on=today,
            reason="x",
            actor=world.leader,
        )


def test_an_expired_delegation_gives_no_access(processes: Any, world: World) -> None:
    instance = start_document(world)
    services.complete(open_items(instance)[0], actor=world.city_clerk)
    [review] = open_items(instance)
    from yiwang.core.workflow.models import Delegation

    today = timezone.localdate()
    Delegation.objects.create(
        principal=world.office_director,
        delegate=world.city_clerk,
        starts_on=today - timedelta(days=9),
        ends_on=today - timedelta(days=1),
        reason="过期",
    )
    with pytest.raises(WorkflowError, match="不是您的待办"):
        services.complete(review, actor=world.city_clerk)


# 加签 ---------------------------------------------------------------------------------------


def test_add_signer_before_returns_the_task_afterwards(processes: Any, world: World) -> None:
    instance = start_document(world)
    services.complete(open_items(instance)[0], actor=world.city_clerk)
    [review] = open_items(instance)
    added = services.add_signer(
        review, actor=world.office_director, signer=world.leader, position="before", reason="请局长先看"
    )
    assert [i.pk for i in open_items(instance)] == [added.pk]
    with pytest.raises(WorkflowError, match="加签"):
        services.complete(review, actor=world.office_director)
    services.complete(added, actor=world.leader, opinion="可以")
    [back] = open_items(instance)
    assert back.pk == review.pk
    services.complete(back, actor=world.office_director)
    assert {i.element_id for i in open_items(instance)} == {"countersign"}


def test_add_signer_after_finishes_the_step_when_the_signer_acts(processes: Any, world: World) -> None:
    instance = start_document(world)
    services.complete(open_items(instance)[0], actor=world.city_clerk)
    [review] = open_items(instance)
    added = services.add_signer(
        review, actor=world.office_director, signer=world.leader, position="after", reason="请局长把关"
    )
    services.complete(review, actor=world.office_director)
    [now_open] = open_items(instance)
    assert now_open.pk == added.pk and now_open.assignee == world.leader
    services.complete(now_open, actor=world.leader)
    assert {i.element_id for i in open_items(instance)} == {"countersign"}


def test_add_signer_is_refused_where_the_step_does_not_allow_it(processes: Any, world: World) -> None:
    instance = start_document(world)
    [draft] = open_items(instance)
    before = snapshot(instance)
    with pytest.raises(WorkflowError, match="不允许加签"):
        services.add_signer(draft, actor=world.city_clerk, signer=world.leader, position="before", reason="x")
    with pytest.raises(WorkflowError, match="加签位置"):
        services.add_signer(draft, actor=world.city_clerk, signer=world.leader, position="middle", reason="x")
    assert snapshot(instance) == before


# 传阅/阅知, 催办, 终止 ------------------------------------------------------------------------


def test_circulate_and_mark_read_track_who_has_read(processes: Any, world: World) -> None:
    instance = start_document(world)
    items = services.circulate(
        instance, actor=world.city_clerk, recipients=[world.leader, world.jiayin_clerk], note="请阅"
    )
    assert {i.assignee for i in items} == {world.leader, world.jiayin_clerk}
    assert all(i.kind == WorkItem.Kind.READ for i in items)
    services.mark_read(items[0], actor=items[0].assignee, opinion="已阅")
    read = WorkItem.objects.filter(instance=instance, kind=WorkItem.Kind.READ, state=WorkItem.State.DONE)
    assert [i.assignee for i in read] == [items[0].assignee]
    with pytest.raises(WorkflowError, match="重复"):
        services.mark_read(items[0], actor=items[0].assignee)
    with pytest.raises(WorkflowError, match="参与人"):
        services.circulate(instance, actor=world.tieli_leader, recipients=[world.leader])


def test_urge_notifies_the_assignee_and_is_logged(processes: Any, world: World) -> None:
    instance = start_document(world)
    services.complete(open_items(instance)[0], actor=world.city_clerk)
    [review] = open_items(instance)
    services.urge(review, actor=world.city_clerk, message="请今天核稿")
    assert Message.objects.filter(recipient=world.office_director, template_code="workflow.urged").exists()
    assert Step.objects.filter(instance=instance, verb="urge", opinion="请今天核稿").exists()


def test_only_process_admins_terminate(processes: Any, world: World) -> None:
    instance = start_document(world)
    before = snapshot(instance)
    with pytest.raises(WorkflowError, match="流程管理员"):
        services.terminate(instance, actor=world.leader, reason="撤销发文")
    assert snapshot(instance) == before
    services.terminate(instance, actor=world.system_admin, reason="撤销发文")
    instance.refresh_from_db()
    assert instance.status == ProcessInstance.Status.TERMINATED
    assert not open_items(instance)
    with pytest.raises(WorkflowError, match="已终止"):
        services.complete(WorkItem.objects.filter(instance=instance).first(), actor=world.city_clerk)


def test_circulate_is_refused_where_the_step_does_not_allow_it(world: World) -> None:
    from .test_definitions import INITIATOR, deploy, linear, user_task

    deploy(linear(user_task("a", "拟办", INITIATOR, "<yw:verbs>complete</yw:verbs>")))
    instance = services.start(
        key="test.process", title="内部请示", initiator=world.city_clerk, agency=world.city_civil_affairs
    )
    [item] = open_items(instance)
    before = snapshot(instance)
    with pytest.raises(WorkflowError, match="环节“拟办”不允许传阅") as refused:
        services.circulate(instance, actor=world.city_clerk, recipients=[world.leader], note="请阅")
    assert refused.value.code == "verb_not_allowed"
    with pytest.raises(WorkflowError, match="不允许传阅"):
        services.circulate(instance, actor=world.city_clerk, recipients=[world.leader], item=item)
    assert snapshot(instance) == before
    assert not Message.objects.filter(template_code="workflow.circulated").exists()
    # A process administrator is not bound by the step's verbs (as with 转办 and 终止).
    [reading] = services.circulate(instance, actor=world.system_admin, recipients=[world.leader])
    assert reading.kind == WorkItem.Kind.READ


def test_circulate_follows_the_step_the_actor_is_at(processes: Any, world: World) -> None:
    instance = start_document(world)
    [draft] = open_items(instance)  # 拟稿 allows 传阅
    [reading] = services.circulate(instance, actor=world.city_clerk, recipients=[world.leader], item=draft)
    assert reading.assignee == world.leader


def test_terminate_cancels_the_todo_items_but_circulated_items_stay_readable(
    processes: Any, world: World, login: Any
) -> None:
    instance = start_document(world)
    [reading] = services.circulate(instance, actor=world.city_clerk, recipients=[world.leader], note="请阅")
    services.terminate(instance, actor=world.system_admin, reason="撤销发文")
    assert not WorkItem.objects.filter(instance=instance, kind=WorkItem.Kind.TODO, state=WorkItem.State.OPEN).exists()
    reading.refresh_from_db()
    assert reading.state == WorkItem.State.OPEN
    assert reading in selectors.list_to_read(world.leader)
    html = login(world.leader).get(f"/staff/workflow/items/{reading.pk}/").content.decode()
    assert 'value="mark_read"' in html
    services.mark_read(reading, actor=world.leader, opinion="已阅")
    reading.refresh_from_db()
    assert reading.state == WorkItem.State.DONE


# 打开 and the periodic reminders are audited --------------------------------------------------


def test_the_first_opening_of_a_task_is_audited_and_logged_once(processes: Any, world: World) -> None:
    instance = start_document(world)
    services.complete(open_items(instance)[0], actor=world.city_clerk)
    [review] = open_items(instance)
    services.open_item(review, actor=world.leader)  # someone else looking changes nothing
    assert not AuditEntry.objects.filter(event="workflow.open").exists()
    services.open_item(review, actor=world.office_director, ip="10.1.2.3")
    services.open_item(review, actor=world.office_director)  # opening again changes nothing
    [entry] = AuditEntry.objects.filter(event="workflow.open")
    assert (entry.actor, entry.ip, entry.object_id) == (world.office_director, "10.1.2.3", str(instance.pk))
    assert entry.detail["item"] == str(review.pk)
    assert Step.objects.filter(instance=instance, verb="open", item=review).count() == 1


# Bad input ----------------------------------------------------------------------------------


def test_bad_input_is_refused_with_a_clear_message_and_changes_nothing(processes: Any, world: World) -> None:
    instance = start_document(world)
    [draft] = open_items(instance)
    before = snapshot(instance)
    with pytest.raises(WorkflowError, match="不存在") as unknown:
        services.complete("00000000-0000-0000-0000-000000000000", actor=world.city_clerk)
    assert unknown.value.code == "not_found"
    with pytest.raises(WorkflowError, match="不存在"):
        services.complete("not-a-uuid", actor=world.city_clerk)
    with pytest.raises(WorkflowError, match="不是您的待办") as not_yours:
        services.complete(draft, actor=world.leader)
    assert not_yours.value.code == "not_yours"
    with pytest.raises(WorkflowError, match="不允许转办"):
        services.reassign(draft, actor=world.city_clerk, to_user=world.leader, reason="x")
    with pytest.raises(WorkflowError, match="流程变量"):
        services.complete(draft, actor=world.city_clerk, data={"bad key": 1})
    assert snapshot(instance) == before
    services.complete(draft, actor=world.city_clerk)
    with pytest.raises(WorkflowError, match="不能重复办理") as twice:
        services.complete(draft, actor=world.city_clerk)
    assert twice.value.code == "already_done"


def test_start_refuses_an_unknown_process(processes: Any, world: World) -> None:
    with pytest.raises(WorkflowError, match="不存在或尚未部署"):
        services.start(key="nope", title="x", initiator=world.city_clerk, agency=world.city_civil_affairs)
    assert not ProcessInstance.objects.exists()


def test_a_step_whose_assignee_cannot_be_resolved_is_refused_and_nothing_moves(processes: Any, world: World) -> None:
    instance = services.start(key="core.sample_ticket", title="x", initiator=world.operator, agency=world.city_office)
    [dispatch] = open_items(instance)
    services.claim(dispatch, actor=world.dispatcher)
    before = snapshot(instance)
    with pytest.raises(WorkflowError, match="handling_agency"):
        services.complete(dispatch, actor=world.dispatcher)  # no agency chosen
    assert snapshot(instance) == before
