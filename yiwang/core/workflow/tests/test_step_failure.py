"""A worker dying mid-step: SpiffWorkflow has already advanced in memory when the save fails.

The step's transaction must roll back whole — instance, items, steps, audit exactly as before, no
notification queued — and the same task can then be completed normally.
"""

from __future__ import annotations

from typing import Any

import pytest

from yiwang.core.audit.models import AuditEntry
from yiwang.core.workflow import services
from yiwang.core.workflow.engine import runtime
from yiwang.core.workflow.models import ProcessInstance, Step, WorkItem
from yiwang.testing.personas import World

from .test_services_start import open_items, start_document

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


class WorkerKilled(Exception):
    pass


def snapshot(instance: ProcessInstance) -> tuple[Any, ...]:
    return (
        ProcessInstance.objects.filter(pk=instance.pk).values().get(),
        list(WorkItem.objects.filter(instance=instance).order_by("pk").values()),
        list(Step.objects.filter(instance=instance).order_by("pk").values()),
        AuditEntry.objects.count(),
    )


# Each failure point is reached after runtime.complete_task advanced the workflow in memory.
FAILURE_POINTS = {
    "serialising the advanced workflow": (runtime, "dump"),
    "computing the next timer": (runtime, "next_timer_at"),
    "publishing the step event": (services, "_publish_step"),
}


@pytest.mark.parametrize("where", list(FAILURE_POINTS))
def test_a_step_that_dies_after_the_engine_advanced_leaves_everything_as_before_and_can_be_redone(
    where: str, processes: Any, world: World, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    instance = start_document(world)
    services.complete(open_items(instance)[0], actor=world.city_clerk, opinion="请核稿")
    [review] = open_items(instance)
    before = snapshot(instance)

    advanced: list[bool] = []
    real_complete_task = runtime.complete_task

    def complete_task(*args: Any, **kwargs: Any) -> Any:
        result = real_complete_task(*args, **kwargs)
        advanced.append(True)
        return result

    def die(*args: Any, **kwargs: Any) -> Any:
        raise WorkerKilled(where)

    module, name = FAILURE_POINTS[where]
    with monkeypatch.context() as patch:
        patch.setattr(runtime, "complete_task", complete_task)
        patch.setattr(module, name, die)
        with django_capture_on_commit_callbacks() as queued, pytest.raises(WorkerKilled):
            services.complete(review, actor=world.office_director, opinion="核稿无误")

    assert advanced == [True], "the failure must come after SpiffWorkflow advanced"
    assert snapshot(instance) == before
    assert queued == []  # no 待办 notification for a step that never happened

    services.complete(review, actor=world.office_director, opinion="核稿无误")
    votes = open_items(instance)
    assert {v.element_id for v in votes} == {"countersign"} and len(votes) == 3
    assert list(
        Step.objects.filter(instance=instance, verb="complete").order_by("at", "pk").values_list("opinion", flat=True)
    ) == ["请核稿", "核稿无误"]


def test_the_last_countersign_vote_dying_mid_step_reopens_nothing_and_can_be_cast_again(
    processes: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    instance = start_document(world)
    services.complete(open_items(instance)[0], actor=world.city_clerk)
    services.complete(open_items(instance)[0], actor=world.office_director)
    first, second, last = open_items(instance)
    services.complete(first, actor=first.assignee, opinion="同意")
    services.complete(second, actor=second.assignee, opinion="同意")
    before = snapshot(instance)

    def die(*args: Any, **kwargs: Any) -> Any:
        raise WorkerKilled("dump")

    with monkeypatch.context() as patch:
        patch.setattr(runtime, "dump", die)
        with pytest.raises(WorkerKilled):
            services.complete(last, actor=last.assignee, opinion="同意")
    assert snapshot(instance) == before
    assert WorkItem.objects.get(pk=last.pk).state == WorkItem.State.OPEN

    services.complete(last, actor=last.assignee, opinion="同意")
    [sign] = open_items(instance)
    assert (sign.element_id, sign.assignee) == ("sign", world.leader)
