"""Exports of personal data: a purpose, a fresh re-authentication, an audit entry (个人信息保护法)."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.test import Client

from yiwang.core.accounts import services
from yiwang.core.audit.models import AuditEntry
from yiwang.core.privacy.exports import ExportError, export_csv
from yiwang.testing.auth import sign_in
from yiwang.testing.factories import DEFAULT_PASSWORD, StaffFactory

from .test_security_keys import fresh

pytestmark = pytest.mark.django_db


def test_the_staff_export_asks_for_the_password_again_then_for_a_purpose(client: Client, world: Any) -> None:
    colleague = StaffFactory(username="wangfang", display_name="王芳")
    services.set_phone(colleague, "13812341234")
    colleague.save()
    sign_in(client, world.system_admin)
    response = client.get("/staff/accounts/export/")
    assert response.status_code == 302 and response.url == "/accounts/reauth/?next=%2Fstaff%2Faccounts%2Fexport%2F"
    response = client.post(response.url, {"password": DEFAULT_PASSWORD})
    assert response.url == "/staff/accounts/export/"

    response = client.post("/staff/accounts/export/", {"purpose": "核对"[:1]})
    assert response.status_code == 200 and "请填写导出用途" in response.content.decode()
    assert not AuditEntry.objects.filter(event="privacy.export").exists()

    response = client.post("/staff/accounts/export/", {"purpose": "2026年度人员信息核对"})
    assert response["Content-Type"].startswith("text/csv") and "no-store" in response["Cache-Control"]
    content = response.content
    text = content.decode("utf-8-sig")
    assert "wangfang" in text and "13812341234" in text
    entry = AuditEntry.objects.get(event="privacy.export")
    assert entry.actor_id == world.system_admin.pk
    assert entry.detail["purpose"] == "2026年度人员信息核对" and entry.detail["dataset"] == "accounts.staff"
    assert entry.detail["rows"] >= 1 and "phone" in entry.detail["personal_fields"]
    assert entry.detail["sha256"] == hashlib.sha256(content).hexdigest()


def test_only_the_system_admin_exports_the_staff_list(client: Client, world: Any) -> None:
    for user in (world.security_admin, world.audit_admin, world.city_clerk):
        sign_in(client, user)
        fresh(client)
        response = client.post("/staff/accounts/export/", {"purpose": "2026年度人员信息核对"})
        assert response.status_code == 302 and response.url == "/staff/", user
    assert not AuditEntry.objects.filter(event="privacy.export").exists()


def test_exports_refuse_an_empty_purpose_and_neutralise_spreadsheet_formulas(world: Any) -> None:
    with pytest.raises(ExportError):
        export_csv(
            actor=world.system_admin, dataset="x", purpose="  ", header=["a"], rows=[], personal_fields=[], ip=None
        )
    content = export_csv(
        actor=world.system_admin,
        dataset="x",
        purpose="测试用途说明",
        header=["名称"],
        rows=[['=HYPERLINK("http://evil")'], ["+1"]],
        personal_fields=[],
        ip=None,
    ).decode("utf-8-sig")
    assert "'=HYPERLINK" in content and "'+1" in content
