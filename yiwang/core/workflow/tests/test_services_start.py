"""Starting a process and completing its steps (提交/同意)."""

from __future__ import annotations

from typing import Any

import pytest

from yiwang.core.workflow import services
from yiwang.core.workflow.models import ProcessInstance, Step, WorkItem
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
