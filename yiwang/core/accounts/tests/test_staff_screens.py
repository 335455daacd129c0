from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from yiwang.core.accounts.models import User

from .conftest import full_staff_login

pytestmark = pytest.mark.django_db


def test_system_admin_creates_a_staff_account_in_the_workspace(client: Client, world) -> None:
    full_staff_login(client, world.system_admin)
    assert client.get("/staff/accounts/").status_code == 200
    response = client.post(
        "/staff/accounts/new/", {"username": "liuyang2", "display_name": "刘洋", "email": "", "phone": ""}
    )
    assert response.status_code == 200
    body = response.content.decode()
    initial = re.search(r'data-testid="initial-password">([^<]+)<', body).group(1)
    user = User.objects.get(username="liuyang2")
    assert user.kind == User.Kind.STAFF and user.check_password(initial)


def test_duplicate_username_keeps_the_form_input(client: Client, world) -> None:
    full_staff_login(client, world.system_admin)
    response = client.post(
        "/staff/accounts/new/", {"username": "operator", "display_name": "重名", "email": "", "phone": ""}
    )
    body = response.content.decode()
    assert "已存在" in body and 'value="重名"' in body


def test_other_staff_cannot_open_the_staff_screens(client: Client, world) -> None:
    full_staff_login(client, world.security_admin)
    # The workspace answers a denial with a redirect to its home page and a message.
    response = client.get("/staff/accounts/")
    assert (response.status_code, response.url) == (302, "/staff/")
    response = client.post("/staff/accounts/new/", {"username": "x1", "display_name": "x"})
    assert (response.status_code, response.url) == (302, "/staff/")
    assert not User.objects.filter(username="x1").exists()


def test_system_admin_unlocks_a_locked_colleague(client: Client, world) -> None:
    world.city_clerk.locked_until = timezone.now() + timezone.timedelta(minutes=10)
    world.city_clerk.save()
    full_staff_login(client, world.system_admin)
    assert "解除锁定" in client.get("/staff/accounts/").content.decode()
    client.post(f"/staff/accounts/{world.city_clerk.pk}/unlock/")
    world.city_clerk.refresh_from_db()
    assert world.city_clerk.locked_until is None


def test_system_admin_resets_a_lost_authenticator_and_the_colleague_re_enrols(client: Client, world) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from yiwang.core.accounts import otp
    from yiwang.core.audit.models import AuditEntry

    otp.ensure_totp_device(world.city_clerk)
    full_staff_login(client, world.system_admin)
    assert "重置动态口令" in client.get("/staff/accounts/").content.decode()
    client.post(f"/staff/accounts/{world.city_clerk.pk}/reset-totp/")
    assert not TOTPDevice.objects.filter(user=world.city_clerk).exists()
    assert AuditEntry.objects.filter(event="accounts.totp_reset", object_id=str(world.city_clerk.pk)).exists()


def test_only_the_system_admin_resets_a_second_factor(world) -> None:
    from django.core.exceptions import PermissionDenied

    from yiwang.core.accounts import otp

    otp.ensure_totp_device(world.city_clerk)
    with pytest.raises(PermissionDenied):
        otp.reset_second_factor(actor=world.security_admin, user=world.city_clerk)


def test_staff_accounts_menu_item_is_shown_to_the_system_admin_only(client: Client, world) -> None:
    from yiwang.testing.auth import sign_in

    sign_in(client, world.system_admin)
    assert "/staff/accounts/" in client.get("/staff/").content.decode()
    sign_in(client, world.security_admin)
    assert "/staff/accounts/" not in client.get("/staff/").content.decode()
