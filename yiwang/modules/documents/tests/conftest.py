"""Fixtures of the 公文 tests: the manifest's verbs on the personas' roles, the 发文 process, the
机关代字, and a leader of 市政府办公室 to countersign a joint document."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from yiwang.core.accounts.models import User
from yiwang.core.orgs.models import Role
from yiwang.core.workflow import services as workflow
from yiwang.testing.factories import MembershipFactory, StaffFactory
from yiwang.testing.personas import World

from ..manifest import manifest
from ..models import IssuerCode


@dataclass
class Office:
    world: World
    office_leader: User  # 市政府办公室 副主任 (会签 for the office)
    civil_code: IssuerCode  # 伊民发
    office_code: IssuerCode  # 伊政办发


@pytest.fixture
def office(world: World) -> Office:
    for verb in manifest.verbs:
        for code in verb.roles:
            role = Role.objects.filter(code=code).first()
            if role is not None and verb.code not in role.verbs:
                role.verbs = [*role.verbs, verb.code]
                role.save(update_fields=["verbs"])
    workflow.sync_processes()
    office_leader = StaffFactory(username="office_leader", display_name="市政府办公室副主任陈明")
    MembershipFactory(
        user=office_leader, agency=world.city_office, role=world.leader_role, is_leader=True, title="副主任"
    )
    return Office(
        world=world,
        office_leader=office_leader,
        civil_code=IssuerCode.objects.create(agency=world.city_civil_affairs, code="伊民发", label="发文"),
        office_code=IssuerCode.objects.create(agency=world.city_office, code="伊政办发", label="发文"),
    )
