"""改派 (`reroute`): an open step assigned afresh from its rule after its variables changed — the
old addressees' items cancelled, the new ones' created; refused (nothing changed) without the
authority or a reason."""

from __future__ import annotations

from typing import Any

import pytest

from yiwang.core.workflow import selectors, services
from yiwang.core.workflow.errors import WorkflowError
from yiwang.core.workflow.models import ProcessInstance, Step, WorkItem
from yiwang.testing.personas import World

from .test_services_start import open_items
from .test_services_verbs import snapshot, start_ticket

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


def _in_handling(world: World) -> tuple[ProcessInstance, WorkItem]:
    instance = start_ticket(world)
    [dispatch] = open_items(instance)
    services.claim(dispatch, actor=world.dispatcher)
    services.complete(dispatch, actor=world.dispatcher, opinion="请市民政局办理")
    [handle] = open_items(instance)
    return instance, handle


def test_reroute_gives_the_step_to_the_agency_its_new_variables_name(processes: Any, world: World) -> None:
    instance, handle = _in_handling(world)
    [created] = services.reroute(
        handle,
        actor=world.system_admin,
        data={"handling_agency": world.jiayin_civil_affairs.pk},
        reason="事发地在嘉荫县",
    )
    handle.refresh_from_db()
    instance.refresh_from_db()
    assert handle.state == WorkItem.State.CANCELLED
    assert created.element_id == "handle" and created.assignee == world.jiayin_clerk
    assert instance.variables["handling_agency"] == world.jiayin_civil_affairs.pk
    assert [i.element_id for i in selectors.list_todo(world.jiayin_clerk)] == ["handle"]
    assert not list(selectors.list_todo(world.city_clerk))
    assert Step.objects.filter(instance=instance, verb="reroute", opinion="事发地在嘉荫县").exists()


def test_reroute_is_refused_without_the_authority_or_a_reason(processes: Any, world: World) -> None:
    instance, handle = _in_handling(world)
    before = snapshot(instance)
    data = {"handling_agency": world.jiayin_civil_affairs.pk}
    with pytest.raises(WorkflowError, match="无权改派"):
        services.reroute(handle, actor=world.city_clerk, data=data, reason="不属本局")
    with pytest.raises(WorkflowError, match="无权改派"):  # a verb of another module grants nothing here
        services.reroute(handle, actor=world.city_clerk, data=data, reason="不属本局", authority="portal.edit")
    with pytest.raises(WorkflowError, match="改派理由"):
        services.reroute(handle, actor=world.system_admin, data=data, reason=" ")
    assert snapshot(instance) == before
