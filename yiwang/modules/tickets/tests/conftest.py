"""Fixtures of the staff-side tests: the 诉求 verbs on the personas' roles and the handling process."""

from __future__ import annotations

import pytest

from yiwang.core.orgs.models import Role
from yiwang.core.workflow import services as workflow
from yiwang.testing.personas import World


@pytest.fixture
def staff(world: World) -> World:
    """派单员 hold `tickets.dispatch`, 经办人 and 负责人 `tickets.handle`; `tickets.handling` deployed."""
    for code, verb in (("dispatcher", "tickets.dispatch"), ("clerk", "tickets.handle"), ("leader", "tickets.handle")):
        role = Role.objects.get(code=code)
        role.verbs = [*role.verbs, verb]
        role.save(update_fields=["verbs"])
    workflow.sync_processes()
    return world


@pytest.fixture
def desk(staff: World) -> World:
    """`staff`, and 话务员 and 派单员 hold `tickets.intake`; 经办人, 负责人, 话务员 and 派单员 `tickets.knowledge`."""
    for code, verbs in (
        ("operator", ("tickets.intake", "tickets.knowledge")),
        ("dispatcher", ("tickets.intake", "tickets.knowledge")),
        ("clerk", ("tickets.knowledge",)),
        ("leader", ("tickets.knowledge",)),
    ):
        role = Role.objects.get(code=code)
        role.verbs = [*role.verbs, *verbs]
        role.save(update_fields=["verbs"])
    return staff
