"""三权分立 (GB/T 22239 L3-CES1-08/09): privilege-escalation paths tried over HTTP, straight at the
URLs (no form on any page offers them), and every administrator action — allowed or refused —
in the audit log."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from yiwang.core.accounts.models import RoleKeyRequirement, User
from yiwang.core.audit.models import AuditEntry
from yiwang.core.orgs.models import Membership
from yiwang.testing.auth import sign_in
from yiwang.testing.factories import DEFAULT_PASSWORD

from .test_security_keys import fresh

pytestmark = pytest.mark.django_db


def as_admin(client: Client, user: User) -> Client:
    sign_in(client, user)
    fresh(client)  # re-authenticated: only the separation of duties stands in the way
    return client


def test_system_admin_cannot_read_the_audit_log(client: Client, world: Any) -> None:
    as_admin(client, world.system_admin)
    for url in ("/staff/audit/", "/staff/audit/verify/", "/staff/audit/export.csv"):
        assert client.get(url).status_code in (302, 403), url


def test_system_admin_cannot_make_themselves_auditor_or_security_admin(client: Client, world: Any) -> None:
    admin = world.system_admin
    as_admin(client, admin)
    for role in ("audit", "security", ""):
        response = client.post(f"/staff/accounts/{admin.pk}/admin-role/", {"admin_role": role})
        assert response.status_code in (302, 403)
    admin.refresh_from_db()
    assert admin.admin_role == User.AdminRole.SYSTEM
    refused = AuditEntry.objects.filter(event="accounts.admin_role", actor_id=admin.pk, result="failure")
    assert refused.count() == 3


def test_system_admin_creates_an_account_but_cannot_make_it_auditor_or_security_admin(
    client: Client, world: Any
) -> None:
    """The puppet-account path: the system administrator opens account X (and sees its initial
    password), then tries to give X the audit or security administrator's role. Only the security
    administrator assigns the 三员 roles; the refusals are in the audit log."""
    as_admin(client, world.system_admin)
    response = client.post("/staff/accounts/new/", {"username": "puppet", "display_name": "傀儡"})
    assert response.status_code == 200 and 'data-testid="initial-password"' in response.content.decode()
    puppet = User.objects.get(username="puppet")
    for role in ("audit", "security"):
        response = client.post(f"/staff/accounts/{puppet.pk}/admin-role/", {"admin_role": role})
        assert response.status_code in (302, 403), role
    puppet.refresh_from_db()
    assert puppet.admin_role == User.AdminRole.NONE
    refused = AuditEntry.objects.filter(
        event="accounts.admin_role", actor_id=world.system_admin.pk, object_id=str(puppet.pk), result="failure"
    )
    assert sorted(e.detail["wanted"] for e in refused) == ["audit", "security"]
    assert "admin-role" not in client.get(f"/staff/accounts/{puppet.pk}/").content.decode()

    # The security administrator, who never saw X's password, can make that decision.
    client.logout()
    as_admin(client, world.security_admin)
    page = client.get("/staff/admin-roles/")
    assert page.status_code == 200 and "puppet" in page.content.decode()
    response = client.post(f"/staff/accounts/{puppet.pk}/admin-role/", {"admin_role": "audit"})
    assert response.status_code == 302 and response.url == "/staff/admin-roles/"
    puppet.refresh_from_db()
    assert puppet.admin_role == User.AdminRole.AUDIT
    assert AuditEntry.objects.filter(
        event="accounts.admin_role", actor_id=world.security_admin.pk, object_id=str(puppet.pk), result="success"
    ).exists()


def test_system_admin_cannot_grant_themselves_a_business_role(client: Client, world: Any) -> None:
    admin = world.system_admin
    as_admin(client, admin)
    response = client.post(
        f"/staff/accounts/{admin.pk}/memberships/",
        {"agency": world.city_civil_affairs.pk, "role": world.clerk_role.pk},
    )
    assert response.status_code == 400
    assert not Membership.objects.filter(user=admin).exists()
    assert AuditEntry.objects.filter(event="accounts.grant_role", actor_id=admin.pk, result="failure").exists()


def test_system_admin_cannot_change_security_settings(client: Client, world: Any) -> None:
    as_admin(client, world.system_admin)
    response = client.post("/staff/security-keys/", {"roles": [world.clerk_role.pk]})
    assert response.status_code == 302 and response.url == "/staff/"
    assert not RoleKeyRequirement.objects.exists()
    assert "/staff/security-keys/" not in client.get("/staff/").content.decode()


def test_security_admin_cannot_give_themselves_or_anyone_business_roles(client: Client, world: Any) -> None:
    admin = world.security_admin
    as_admin(client, admin)
    for target in (admin, world.operator):
        response = client.post(
            f"/staff/accounts/{target.pk}/memberships/",
            {"agency": world.city_civil_affairs.pk, "role": world.clerk_role.pk},
        )
        assert response.status_code == 302 and response.url == "/staff/"
    assert not Membership.objects.filter(user=admin).exists()
    response = client.post(f"/staff/accounts/{admin.pk}/admin-role/", {"admin_role": "system"})
    assert response.status_code == 400 and "不能给自己授予" in response.content.decode()
    admin.refresh_from_db()
    assert admin.admin_role == User.AdminRole.SECURITY
    assert client.get("/staff/audit/").status_code in (302, 403)


def test_audit_admin_only_reads(client: Client, world: Any) -> None:
    auditor = world.audit_admin
    as_admin(client, auditor)
    assert client.get("/staff/audit/").status_code == 200
    membership = Membership.objects.filter(user=world.city_clerk).first()
    assert membership is not None
    attempts = [
        (f"/staff/accounts/{auditor.pk}/admin-role/", {"admin_role": "system"}),
        (f"/staff/accounts/{world.city_clerk.pk}/admin-role/", {"admin_role": "audit"}),
        (f"/staff/accounts/{auditor.pk}/memberships/", {"agency": world.city_office.pk, "role": world.clerk_role.pk}),
        (f"/staff/accounts/{world.city_clerk.pk}/memberships/{membership.pk}/revoke/", {}),
        ("/staff/security-keys/", {"roles": [world.clerk_role.pk]}),
        ("/staff/accounts/export/", {"purpose": "年度人员核对"}),
    ]
    for url, data in attempts:
        assert client.post(url, data).status_code in (302, 403, 405), url
    auditor.refresh_from_db()
    assert auditor.admin_role == User.AdminRole.AUDIT
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert not Membership.objects.filter(user=auditor).exists()
    assert not AuditEntry.objects.filter(event="privacy.export").exists()


def test_system_admin_grants_and_revokes_a_role_after_re_authenticating(client: Client, world: Any) -> None:
    sign_in(client, world.system_admin)
    target = world.operator
    url = f"/staff/accounts/{target.pk}/memberships/"
    data = {"agency": world.city_civil_affairs.pk, "role": world.clerk_role.pk, "title": "科员"}
    response = client.post(url, data, HTTP_REFERER=f"http://testserver/staff/accounts/{target.pk}/")
    assert response.status_code == 302 and response.url.startswith("/accounts/reauth/")
    assert "next=%2Fstaff%2Faccounts%2F" in response.url
    assert not Membership.objects.filter(user=target, role=world.clerk_role).exists()
    response = client.post(response.url, {"password": "wrong-password"})
    assert response.status_code == 200 and "密码不正确" in response.content.decode()
    response = client.post(f"/accounts/reauth/?next=/staff/accounts/{target.pk}/", {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302 and response.url == f"/staff/accounts/{target.pk}/"
    assert AuditEntry.objects.filter(event="accounts.reauthenticate", actor_id=world.system_admin.pk).exists()
    assert client.post(url, data).status_code == 302
    membership = Membership.objects.get(user=target, role=world.clerk_role)
    client.post(f"/staff/accounts/{target.pk}/memberships/{membership.pk}/revoke/")
    assert not Membership.objects.filter(pk=membership.pk).exists()
    events = set(AuditEntry.objects.filter(actor_id=world.system_admin.pk).values_list("event", flat=True))
    assert {"accounts.grant_role", "accounts.revoke_role"} <= events
