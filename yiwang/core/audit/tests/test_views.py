"""Only the audit administrator reads the audit log, and nobody can change it through the UI."""

from __future__ import annotations

import pytest
from django.test import Client

from yiwang.core.audit import services as audit
from yiwang.testing.auth import signed_in_client
from yiwang.testing.personas import World

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    return signed_in_client(user)


@pytest.mark.parametrize("persona", ["system_admin", "security_admin", "city_clerk", "leader", "citizen"])
def test_everyone_but_the_audit_admin_is_refused(world: World, persona: str) -> None:
    response = logged_in(getattr(world, persona)).get("/staff/audit/")
    assert response.status_code in (302, 403)


def test_the_audit_admin_sees_entries_and_can_filter_them(world: World) -> None:
    audit.record(event="orgs.agency.update", actor=world.system_admin, obj=world.city_office)
    audit.record(event="accounts.login", actor=world.city_clerk, result="failure")
    client = logged_in(world.audit_admin)
    response = client.get("/staff/audit/", {"event": "accounts."})
    assert response.status_code == 200
    text = response.content.decode()
    assert "accounts.login" in text and "orgs.agency.update" not in text


def test_the_audit_admin_can_verify_and_export(world: World) -> None:
    audit.record(event="orgs.agency.update", actor=world.system_admin, obj=world.city_office)
    client = logged_in(world.audit_admin)
    assert "审计链完整" in client.get("/staff/audit/verify/").content.decode()
    export = b"".join(client.get("/staff/audit/export.csv").streaming_content).decode("utf-8-sig")
    assert export.splitlines()[0].startswith("序号,时间,操作人")
    assert "orgs.agency.update" in export


def test_the_viewer_offers_no_way_to_change_entries(world: World) -> None:
    client = logged_in(world.audit_admin)
    assert client.post("/staff/audit/", {"event": "x"}).status_code in (200, 405)
    assert client.delete("/staff/audit/").status_code in (200, 405)


def test_auditor_exports_a_date_range_as_json_and_the_export_is_audited(world: World) -> None:
    import json
    from datetime import date

    from yiwang.core.audit import services as audit_services
    from yiwang.core.audit.models import AuditEntry

    audit_services.record(event="orgs.agency_update", actor=world.system_admin, detail={"名称": "新"})
    today = date.today().isoformat()
    response = signed_in_client(world.audit_admin).get(f"/staff/audit/export.json?date_from={today}&date_to={today}")
    rows = json.loads(b"".join(response.streaming_content))
    assert response.status_code == 200
    assert any(row["event"] == "orgs.agency_update" and row["detail"] == {"名称": "新"} for row in rows)
    assert AuditEntry.objects.filter(event="audit.export", detail__format="json").exists()


def test_system_admin_cannot_export_the_audit_log(world: World) -> None:
    response = signed_in_client(world.system_admin).get("/staff/audit/export.json")
    assert response.status_code == 302
