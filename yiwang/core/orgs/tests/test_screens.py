"""Maintaining the organisation tree and roles in the staff workspace."""

from __future__ import annotations

import pytest

from yiwang.core.accounts.tests.test_security_keys import fresh
from yiwang.core.audit.models import AuditEntry
from yiwang.core.orgs import services
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
    fresh(client)
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


def test_a_business_role_cannot_carry_core_verbs_even_past_the_form(world: World) -> None:
    """The form hides core.* verbs; the service refuses them too (三权分立: no business role holds an
    administrator's power, e.g. core.view_audit or core.manage_users)."""
    role = Role.objects.get(code="clerk")
    for verb in ("core.view_audit", "core.manage_users", "core.manage_security"):
        with pytest.raises(ValueError, match="业务角色不能包含"):
            services.update_role(role=role, actor=world.system_admin, name="经办人", verbs=["portal.view", verb])
    role.refresh_from_db()
    assert role.verbs == ["portal.view", "portal.edit"]
    assert not AuditEntry.objects.filter(event="orgs.role_update").exists()


def test_changing_a_roles_verbs_asks_for_re_authentication_first(world: World) -> None:
    client = signed_in_client(world.system_admin)
    role = Role.objects.get(code="clerk")
    url = f"/staff/orgs/roles/{role.pk}/"
    assert client.get(url).status_code == 200  # looking needs no second proof
    response = client.post(url, {"name": "经办人", "verbs": ["portal.view"]}, HTTP_REFERER=f"http://testserver{url}")
    assert response.status_code == 302 and response.url.startswith("/accounts/reauth/")
    role.refresh_from_db()
    assert role.verbs == ["portal.view", "portal.edit"]
    fresh(client)
    assert client.post(url, {"name": "经办人", "verbs": ["portal.view"]}).status_code == 302
    role.refresh_from_db()
    assert role.verbs == ["portal.view"]
