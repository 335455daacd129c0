"""Starting a process and completing its steps (提交/同意)."""

from __future__ import annotations

from typing import Any

import pytest

from yiwang.core.audit.models import AuditEntry
from yiwang.core.workflow import services
from yiwang.core.workflow.errors import WorkflowError
from yiwang.core.workflow.models import ProcessInstance, Step, WorkItem
from yiwang.testing.factories import MembershipFactory, StaffFactory
from yiwang.testing.personas import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


def start_document(world: World, **kwargs: Any) -> ProcessInstance:
    variables = {
        "countersign_agencies": [
            world.city_civil_affairs.pk,
            world.jiayin_civil_affairs.pk,
            world.tieli_civil_affairs.pk,
        ]
    }
    return services.start(
        key="core.sample_outgoing",
        title="关于做好2026年冬季社会救助工作的通知",
        initiator=world.city_clerk,
        agency=world.city_civil_affairs,
        subject=services.Subject(type="office.document", id="1", url="/staff/office/documents/1/"),
        variables=variables,
        **kwargs,
    )


def open_items(instance: ProcessInstance) -> list[WorkItem]:
    return list(WorkItem.objects.filter(instance=instance, state=WorkItem.State.OPEN).order_by("created_at", "pk"))


def test_starting_a_document_gives_the_drafter_the_first_task(processes: Any, world: World) -> None:
    instance = start_document(world)
    [item] = open_items(instance)
    assert (item.element_id, item.step_name, item.assignee) == ("draft", "拟稿", world.city_clerk)
    assert instance.current_steps == "拟稿"
    assert [s.verb for s in Step.objects.filter(instance=instance)] == ["start"]


def test_document_runs_through_review_countersign_and_sign_off_to_the_end(processes: Any, world: World) -> None:
    instance = start_document(world)
    [draft] = open_items(instance)
    services.complete(draft, actor=world.city_clerk, opinion="请核稿")
    [review] = open_items(instance)
    assert review.assignee == world.office_director
    assert review.due_at is not None
    services.complete(review, actor=world.office_director, opinion="核稿无误")
    votes = open_items(instance)
    assert {item.assignee for item in votes} == {world.leader, world.jiayin_leader, world.tieli_leader}
    for vote in votes:
        services.complete(vote, actor=vote.assignee, opinion="同意会签")
    [sign] = open_items(instance)
    assert (sign.element_id, sign.assignee) == ("sign", world.leader)
    services.complete(sign, actor=world.leader, opinion="同意", data={"decision": "同意"})
    [recheck] = open_items(instance)
    assert (recheck.element_id, recheck.assignee) == ("recheck", world.office_director)
    services.complete(recheck, actor=world.office_director)
    instance.refresh_from_db()
    assert instance.status == ProcessInstance.Status.COMPLETED
    assert instance.state == {}
    assert not open_items(instance)


def test_a_definition_versions_spec_and_rules_are_read_from_the_database_once(processes: Any, world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first, second = start_document(world), start_document(world)
    services.complete(open_items(first)[0], actor=world.city_clerk)
    with CaptureQueriesContext(connection) as captured:
        services.complete(open_items(second)[0], actor=world.city_clerk, opinion="请核稿")
    definition_columns = [q["sql"] for q in captured if '"bpmn_xml"' in q["sql"] or '"spec"' in q["sql"]]
    assert definition_columns == []
    [review] = open_items(second)
    assert (review.element_id, review.assignee) == ("review", world.office_director)


def test_sign_off_refused_goes_back_to_the_drafter(processes: Any, world: World) -> None:
    instance = start_document(world)
    services.complete(open_items(instance)[0], actor=world.city_clerk)
    services.complete(open_items(instance)[0], actor=world.office_director)
    for vote in open_items(instance):
        services.complete(vote, actor=vote.assignee)
    services.complete(open_items(instance)[0], actor=world.leader, opinion="需修改", data={"decision": "不同意"})
    [draft] = open_items(instance)
    assert (draft.element_id, draft.assignee) == ("draft", world.city_clerk)


def test_the_new_assignee_is_told_after_commit(
    processes: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    from yiwang.core.notifications.models import Message

    with django_capture_on_commit_callbacks(execute=True):
        instance = start_document(world)
        assert not Message.objects.filter(template_code="workflow.assigned").exists()  # nothing before commit
    [message] = Message.objects.filter(template_code="workflow.assigned")
    assert message.recipient == world.city_clerk
    assert "拟稿" in message.title and instance.title in message.title


# 发起 in an agency's name ------------------------------------------------------------------


def test_an_outsider_cannot_start_a_process_in_an_agencys_name(processes: Any, world: World) -> None:
    with pytest.raises(WorkflowError, match="您不是该机关的工作人员，不能以其名义发起。") as refused:
        services.start(
            key="core.sample_outgoing",
            title="以市民政局名义的发文",
            initiator=world.jiayin_clerk,  # 嘉荫县民政局, not 市民政局
            agency=world.city_civil_affairs,
        )
    assert refused.value.code == "not_member"
    assert not ProcessInstance.objects.exists()
    assert not WorkItem.objects.exists()
    assert not AuditEntry.objects.filter(event="workflow.start").exists()


def test_a_post_that_covers_the_subtree_may_start_for_an_agency_below(processes: Any, world: World) -> None:
    # 派单员老周 holds his post in 市政府 with covers_subtree: 市政府办公室 is below it.
    instance = services.start(
        key="core.sample_ticket",
        title="路灯不亮",
        initiator=world.dispatcher,
        agency=world.city_office,
        variables={"handling_agency": world.city_civil_affairs.pk},
    )
    assert instance.initiator_agency == world.city_office


# initiator_leader ---------------------------------------------------------------------------


def _deploy_leader_approval() -> None:
    from .test_definitions import deploy, linear, user_task

    deploy(linear(user_task("approve", "领导审批", '<yw:assignee rule="initiator_leader" />')))


def test_initiator_leader_is_the_leader_of_the_initiators_agency(world: World) -> None:
    _deploy_leader_approval()
    instance = services.start(
        key="test.process", title="请假申请", initiator=world.city_clerk, agency=world.city_civil_affairs
    )
    [item] = open_items(instance)
    assert item.assignee == world.leader


def test_a_leader_who_initiates_is_approved_by_the_next_leader_up_not_by_themselves(world: World) -> None:
    _deploy_leader_approval()
    mayor = StaffFactory(username="mayor", display_name="市长刘强")
    MembershipFactory(user=mayor, agency=world.city_government, role=world.leader_role, is_leader=True)
    instance = services.start(
        key="test.process", title="局长出差请示", initiator=world.leader, agency=world.city_civil_affairs
    )
    [item] = open_items(instance)
    assert item.assignee == mayor


def test_a_leader_who_initiates_with_no_leader_above_is_refused_and_nothing_is_created(world: World) -> None:
    _deploy_leader_approval()
    with pytest.raises(WorkflowError, match="发起人本人是伊春市民政局的负责人"):
        services.start(
            key="test.process", title="局长出差请示", initiator=world.leader, agency=world.city_civil_affairs
        )
    assert not ProcessInstance.objects.exists()
    assert not WorkItem.objects.filter(assignee=world.leader).exists()
