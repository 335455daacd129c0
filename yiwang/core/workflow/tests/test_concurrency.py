"""Two people acting at once: the instance row lock lets exactly one win; nothing is lost or doubled.

PostgreSQL only — threads with their own connections racing on the same rows."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from yiwang.core.workflow import services
from yiwang.core.workflow.errors import WorkflowError
from yiwang.core.workflow.models import Step, WorkItem
from yiwang.testing.personas import World

from .test_services_start import open_items, start_document

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("pinned_clock"),
]


def race(actions: list[Callable[[], Any]]) -> tuple[list[Any], list[BaseException]]:
    """Run the actions in threads released together; each thread has its own connection."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's shared in-memory test database cannot take two writers from two threads")
    barrier = threading.Barrier(len(actions))
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(action: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results.append(action())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_eight_clicks_on_the_same_task_complete_it_once(processes: Any, world: World) -> None:
    instance = start_document(world)
    [draft] = open_items(instance)
    results, errors = race([lambda: services.complete(draft.pk, actor=world.city_clerk)] * 8)
    assert len(results) == 1
    assert len(errors) == 7
    assert all(isinstance(e, WorkflowError) and e.code == "already_done" for e in errors)
    assert Step.objects.filter(instance=instance, verb="complete").count() == 1
    [review] = open_items(instance)
    assert review.element_id == "review"


def test_two_dispatchers_claiming_at_once_one_wins(processes: Any, world: World) -> None:
    from yiwang.core.orgs.models import Membership, Role
    from yiwang.testing.factories import StaffFactory

    other = StaffFactory(username="dispatcher2", display_name="派单员小吴")
    Membership.objects.create(user=other, agency=world.city_office, role=Role.objects.get(code="dispatcher"))
    instance = services.start(
        key="core.sample_ticket",
        title="噪音扰民",
        initiator=world.operator,
        agency=world.city_office,
        variables={"handling_agency": world.city_civil_affairs.pk},
    )
    [dispatch] = open_items(instance)
    results, errors = race(
        [lambda: services.claim(dispatch.pk, actor=world.dispatcher), lambda: services.claim(dispatch.pk, actor=other)]
    )
    assert len(results) == 1 and len(errors) == 1
    assert isinstance(errors[0], WorkflowError) and errors[0].code == "already_claimed"
    assert WorkItem.objects.get(pk=dispatch.pk).assignee == results[0].assignee


def test_three_countersigners_at_once_move_the_process_on_exactly_once(processes: Any, world: World) -> None:
    instance = start_document(world)
    services.complete(open_items(instance)[0], actor=world.city_clerk)
    services.complete(open_items(instance)[0], actor=world.office_director)
    votes = open_items(instance)
    results, errors = race([lambda v=v: services.complete(v.pk, actor=v.assignee) for v in votes])
    assert errors == [] and len(results) == 3
    [sign] = open_items(instance)
    assert sign.element_id == "sign"
    assert Step.objects.filter(instance=instance, element_id="countersign", verb="complete").count() == 3
    assert WorkItem.objects.filter(instance=instance, element_id="sign").count() == 1


def test_send_back_racing_a_completion_leaves_one_consistent_outcome(processes: Any, world: World) -> None:
    instance = start_document(world)
    services.complete(open_items(instance)[0], actor=world.city_clerk)
    [review] = open_items(instance)
    results, errors = race(
        [
            lambda: services.complete(review.pk, actor=world.office_director),
            lambda: services.send_back(review.pk, actor=world.office_director, reason="退回修改"),
        ]
    )
    assert len(results) == 1 and len(errors) == 1
    live = open_items(instance)
    assert {item.element_id for item in live} in ({"draft"}, {"countersign"})
