"""Security keys (WebAuthn) as the staff second factor, recovery codes and the per-role key
requirement — over HTTP with a software authenticator (tests/softkey.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from yiwang.core.accounts import otp, recovery
from yiwang.core.accounts.models import RecoveryCode, RoleKeyRequirement, SecurityKey, User
from yiwang.core.accounts.reauth import AUTHENTICATED_AT_KEY
from yiwang.core.audit.models import AuditEntry
from yiwang.testing.auth import sign_in
from yiwang.testing.factories import DEFAULT_PASSWORD, MembershipFactory, StaffFactory

from .softkey import SoftKey

pytestmark = pytest.mark.django_db


def fresh(client: Client) -> None:
    """As if the user had just proved who they are (the test login skips the login pages)."""
    session = client.session
    session[AUTHENTICATED_AT_KEY] = timezone.now().timestamp()
    session.save()


def post_json(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json", HTTP_ACCEPT="application/json")


def register(client: Client, key: SoftKey, name: str = "蓝色U盾") -> Any:
    options = post_json(client, "/accounts/security/keys/begin/").json()
    return post_json(client, "/accounts/security/keys/finish/", {"credential": key.register(options), "name": name})


def password_step(client: Client, user: User) -> None:
    response = client.post("/accounts/login/", {"username": user.username, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302 and response.url.startswith("/accounts/otp/")


def key_step(client: Client, key: SoftKey, *, origin: str | None = None) -> Any:
    options = post_json(client, "/accounts/key/begin/").json()
    return post_json(client, "/accounts/key/finish/?next=/staff/", {"credential": key.sign(options, origin=origin)})


def test_staff_registers_a_key_and_signs_in_with_it_as_the_second_factor(client: Client) -> None:
    staff = StaffFactory(username="clerk1")
    sign_in(client, staff)
    fresh(client)
    key = SoftKey()
    response = register(client, key)
    assert response.status_code == 200, response.content
    stored = SecurityKey.objects.get(user=staff)
    assert stored.name == "蓝色U盾" and stored.confirmed
    page = client.get("/accounts/security/").content.decode()
    assert "蓝色U盾" in page and "webauthn.js" in page and "<script>" not in page

    client.post("/accounts/logout/")
    password_step(client, staff)
    assert "使用安全密钥验证" in client.get("/accounts/otp/").content.decode()
    assert client.get("/staff/").status_code == 302  # not yet past the second factor
    response = key_step(client, key)
    assert response.status_code == 200 and response.json()["redirect"] == "/staff/"
    assert client.get("/staff/").status_code == 200
    login = AuditEntry.objects.filter(event="accounts.login", actor_id=staff.pk, result="success").latest("seq")
    assert login.detail["factors"] == ["password", "security_key"]
    stored.refresh_from_db()
    assert stored.sign_count == key.counter and stored.last_used_at is not None


def test_registering_a_key_needs_a_recent_sign_in(client: Client) -> None:
    sign_in(client, StaffFactory())
    response = post_json(client, "/accounts/security/keys/begin/")
    assert response.status_code == 403 and response.json()["reauth"].startswith("/accounts/reauth/")
    assert not SecurityKey.objects.exists()


def test_an_assertion_for_another_site_is_refused_and_counts_towards_the_lockout(client: Client) -> None:
    staff = StaffFactory(username="clerk1")
    sign_in(client, staff)
    fresh(client)
    key = SoftKey()
    register(client, key)
    client.post("/accounts/logout/")
    password_step(client, staff)
    response = key_step(client, key, origin="https://phishing.example")
    assert response.status_code == 400 and "验证失败" in response.json()["detail"]
    assert client.get("/staff/").status_code == 302
    staff.refresh_from_db()
    assert staff.failed_login_count == 1


def test_a_cloned_key_whose_counter_goes_back_is_refused(client: Client) -> None:
    staff = StaffFactory(username="clerk1")
    sign_in(client, staff)
    fresh(client)
    key = SoftKey()
    register(client, key)
    client.post("/accounts/logout/")
    password_step(client, staff)
    key.counter = 10
    assert key_step(client, key).status_code == 200
    client.post("/accounts/logout/")
    password_step(client, staff)
    key.counter = 3  # a copy of the key made earlier
    assert key_step(client, key).status_code == 400


def test_staff_rename_and_remove_only_their_own_keys(client: Client) -> None:
    staff, other = StaffFactory(), StaffFactory()
    sign_in(client, other)
    fresh(client)
    register(client, SoftKey())
    others_key = SecurityKey.objects.get(user=other)
    client.post("/accounts/logout/")

    sign_in(client, staff)
    fresh(client)
    register(client, SoftKey(), name="旧名")
    mine = SecurityKey.objects.get(user=staff)
    client.post(f"/accounts/security/keys/{mine.pk}/rename/", {"name": "办公室密钥"})
    mine.refresh_from_db()
    assert mine.name == "办公室密钥"
    assert client.post(f"/accounts/security/keys/{others_key.pk}/remove/").status_code == 403
    assert SecurityKey.objects.filter(pk=others_key.pk).exists()
    client.post(f"/accounts/security/keys/{mine.pk}/remove/")
    assert not SecurityKey.objects.filter(user=staff).exists()
    assert AuditEntry.objects.filter(event="accounts.key_remove", actor_id=staff.pk).exists()


def test_recovery_codes_are_shown_once_stored_hashed_single_use_and_replaced_on_regeneration(client: Client) -> None:
    staff = StaffFactory(username="clerk1")
    sign_in(client, staff)
    fresh(client)
    page = client.post("/accounts/security/recovery-codes/").content.decode()
    codes = recovery.RecoveryCodeSet.objects.get(user=staff)
    shown = [c for c in page.split("<code>")[1:]]
    first = shown[0].split("</code>")[0]
    assert len(shown) == recovery.CODE_COUNT
    assert RecoveryCode.objects.filter(device=codes).count() == recovery.CODE_COUNT
    assert not RecoveryCode.objects.filter(code_hash__icontains=first.replace("-", "")).exists()
    assert first not in client.get("/accounts/security/").content.decode()  # shown once

    client.post("/accounts/logout/")
    password_step(client, staff)
    response = client.post("/accounts/otp/recovery/?next=/staff/", {"code": first.lower()})
    assert response.status_code == 302 and response.url == "/accounts/security/"
    assert client.get("/staff/").status_code == 200
    assert recovery.remaining(staff) == recovery.CODE_COUNT - 1

    client.post("/accounts/logout/")
    password_step(client, staff)
    response = client.post("/accounts/otp/recovery/", {"code": first})
    assert response.status_code == 302 and "recovery=1" in response.url
    assert client.get("/staff/").status_code == 302

    second = shown[1].split("</code>")[0]
    recovery.generate(user=staff, ip=None)
    response = client.post("/accounts/otp/recovery/", {"code": second})
    assert client.get("/staff/").status_code == 302  # the old set is void


def test_only_the_security_admin_sets_which_roles_require_a_key(client: Client, world: Any) -> None:
    sign_in(client, world.system_admin)
    fresh(client)
    response = client.post("/staff/security-keys/", {"roles": [world.clerk_role.pk]})
    assert response.status_code == 302 and not RoleKeyRequirement.objects.exists()
    client.post("/accounts/logout/")

    sign_in(client, world.security_admin)
    assert "/accounts/reauth/" in client.post("/staff/security-keys/", {"roles": [world.clerk_role.pk]}).url
    fresh(client)
    assert client.get("/staff/security-keys/").status_code == 200
    client.post("/staff/security-keys/", {"roles": [world.clerk_role.pk]})
    assert RoleKeyRequirement.objects.filter(role=world.clerk_role).exists()
    entry = AuditEntry.objects.get(event="security.key_requirement")
    assert entry.actor_id == world.security_admin.pk and entry.detail["after"] == {"required": True}


def test_a_clerk_whose_role_requires_a_key_registers_one_then_cannot_fall_back_to_totp(client: Client) -> None:
    membership = MembershipFactory(user=StaffFactory(username="clerk1"))
    staff = membership.user
    RoleKeyRequirement.objects.create(role=membership.role)
    device = otp.ensure_totp_device(staff)
    password_step(client, staff)
    client.post("/accounts/otp/", {"token": otp.current_code(device)})
    for url in ("/staff/", "/workspace/", "/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/security/"), url
    assert client.get("/api/docs").status_code == 403
    assert "要求使用安全密钥" in client.get("/accounts/security/").content.decode()
    key = SoftKey()
    assert register(client, key).status_code == 200
    assert client.get("/staff/").status_code == 200

    client.post("/accounts/logout/")
    password_step(client, staff)
    device.refresh_from_db()
    response = client.post("/accounts/otp/", {"token": otp.current_code(device)})
    assert response.status_code == 200 and "请使用安全密钥或恢复码" in response.content.decode()
    assert client.get("/staff/").status_code == 302
    assert key_step(client, key).status_code == 200
    assert client.get("/staff/").status_code == 200


def test_re_authentication_for_a_role_that_requires_a_key_takes_the_key_not_the_password(client: Client) -> None:
    membership = MembershipFactory(user=StaffFactory(username="clerk1"))
    staff = membership.user
    RoleKeyRequirement.objects.create(role=membership.role)
    sign_in(client, staff)
    fresh(client)
    key = SoftKey()
    register(client, key)
    session = client.session
    del session[AUTHENTICATED_AT_KEY]  # the re-authentication window has passed
    session.save()

    page = client.get("/accounts/reauth/?next=/accounts/security/").content.decode()
    refused = client.post("/accounts/reauth/", {"password": DEFAULT_PASSWORD, "next": "/accounts/security/"})

    assert 'data-testid="key-reauth"' in page and 'data-testid="reauth-form"' not in page
    assert refused.status_code == 200 and "要求使用安全密钥再次验证身份" in refused.content.decode()
    assert AUTHENTICATED_AT_KEY not in client.session
    options = post_json(client, "/accounts/key/begin/").json()
    done = post_json(client, "/accounts/key/finish/?next=/accounts/security/", {"credential": key.sign(options)})
    assert done.status_code == 200 and done.json()["redirect"] == "/accounts/security/"
    assert AUTHENTICATED_AT_KEY in client.session


def test_re_authentication_without_a_key_requirement_still_takes_the_password(client: Client) -> None:
    staff = StaffFactory(username="clerk1")
    sign_in(client, staff)
    fresh(client)
    register(client, SoftKey())
    session = client.session
    del session[AUTHENTICATED_AT_KEY]
    session.save()

    response = client.post("/accounts/reauth/", {"password": DEFAULT_PASSWORD, "next": "/accounts/security/"})

    assert response.status_code == 302 and response.url == "/accounts/security/"
    assert AUTHENTICATED_AT_KEY in client.session
