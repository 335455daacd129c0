"""Maintaining the organisation tree and roles in the staff workspace."""

from __future__ import annotations

import pytest

from yiwang.core.audit.models import AuditEntry
from yiwang.core.orgs.models import Agency, Role
from yiwang.testing.auth import signed_in_client
from yiwang.testing.personas import World

pytestmark = pytest.mark.django_db


def test_the_system_admin_sees_the_agency_tree(world: World) -> None:
    response = signed_in_client(world.system_admin).get("/staff/orgs/")
    assert response.status_code == 200
    assert "嘉荫县民政局" in response.content.decode()


@pytest.mark.parametrize("persona", ["security_admin", "audit_admin", "leader", "city_clerk"])
def test_others_cannot_maintain_organisations(world: World, persona: str) -> None:
    client = signed_in_client(getattr(world, persona))
    assert client.get("/staff/orgs/").status_code in (302, 403)
    response = client.post(f"/staff/orgs/{world.city_office.pk}/", {"full_name": "改名"})
    assert response.status_code in (302, 403)
    world.city_office.refresh_from_db()
    assert world.city_office.full_name == "伊春市人民政府办公室"


def test_a_new_department_is_placed_under_its_government_and_audited(world: World) -> None:
    client = signed_in_client(world.system_admin)
    response = client.post(
        "/staff/orgs/new/",
        {
            "parent": world.jiayin_government.pk,
            "division": world.jiayin.pk,
            "kind": "department",
            "full_name": "嘉荫县财政局",
            "short_name": "嘉荫县财政局",
            "sort_order": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    agency = Agency.objects.get(full_name="嘉荫县财政局")
    assert agency.path.startswith(world.jiayin_government.path)
    assert AuditEntry.objects.filter(
        event="orgs.agency_create", object_id=str(agency.pk), actor=world.system_admin
    ).exists()


def test_an_invalid_credit_code_is_refused_with_a_message_and_the_input_kept(world: World) -> None:
    client = signed_in_client(world.system_admin)
    response = client.post(
        f"/staff/orgs/{world.city_office.pk}/",
        {
            "kind": "department",
            "full_name": "伊春市人民政府办公室（新）",
            "short_name": "市政府办",
            "uscc": "91230700ABCDEFGHIJ",
            "sort_order": 0,
            "is_active": "on",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "统一社会信用代码无效" in text
    assert "伊春市人民政府办公室（新）" in text  # what the user typed is still in the form
    world.city_office.refresh_from_db()
    assert world.city_office.full_name == "伊春市人民政府办公室"


def test_an_edit_records_before_and_after(world: World) -> None:
    client = signed_in_client(world.system_admin)
    client.post(
        f"/staff/orgs/{world.city_office.pk}/",
        {
            "kind": "department",
            "full_name": "伊春市人民政府办公室",
            "short_name": "市政府办",
            "phone": "0458-3612345",
            "sort_order": 0,
            "is_active": "on",
        },
    )
    entry = AuditEntry.objects.get(event="orgs.agency_update")
    assert entry.detail["before"]["phone"] == "" and entry.detail["after"]["phone"] == "0458-3612345"


def test_a_role_can_only_grant_declared_verbs(world: World) -> None:
    client = signed_in_client(world.system_admin)
    role = Role.objects.get(code="clerk")
    response = client.post(
        f"/staff/orgs/roles/{role.pk}/", {"name": "经办人", "verbs": ["portal.view", "no.such_verb"]}
    )
    assert response.status_code == 200  # the form is shown again with the error
    role.refresh_from_db()
    assert role.verbs == ["portal.view", "portal.edit"]
    client.post(f"/staff/orgs/roles/{role.pk}/", {"name": "经办人", "verbs": ["portal.view"]})
    role.refresh_from_db()
    assert role.verbs == ["portal.view"]
