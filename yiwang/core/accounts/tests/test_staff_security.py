from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from yiwang.core.accounts import otp
from yiwang.core.audit.models import AuditEntry
from yiwang.testing.factories import DEFAULT_PASSWORD, StaffFactory

from .conftest import full_staff_login

pytestmark = pytest.mark.django_db


def test_staff_with_password_but_no_totp_cannot_reach_the_workspace(client: Client) -> None:
    staff = StaffFactory(username="clerk1")
    response = client.post("/accounts/login/", {"username": "clerk1", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302 and response.url.startswith("/accounts/otp/")
    for url in ("/staff/", "/workspace/", "/audit/", "/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/otp/"), url
    assert client.get("/api/docs").status_code == 403
    assert AuditEntry.objects.filter(event="accounts.login.first_factor", actor_id=staff.pk).exists()
    assert not AuditEntry.objects.filter(event="accounts.login", actor_id=staff.pk, result="success").exists()


def test_staff_enrols_totp_at_first_login_then_reaches_the_workspace(client: Client) -> None:
    staff = StaffFactory(username="clerk1")
    client.post("/accounts/login/", {"username": "clerk1", "password": DEFAULT_PASSWORD})
    page = client.get("/accounts/otp/")
    body = page.content.decode()
    assert "绑定身份验证器" in body and "<svg" in body
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert otp.secret_base32(device) in body
    assert "演示环境提示" not in body  # SHOW_DEMO_SECRETS is off outside development
    response = client.post("/accounts/otp/", {"token": otp.current_code(device), "next": "/staff/"})
    assert response.status_code == 302 and response.url == "/staff/"
    assert client.get("/staff/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(event="accounts.totp_enrol", actor_id=staff.pk, result="success").exists()
    login = AuditEntry.objects.filter(event="accounts.login", actor_id=staff.pk, result="success").get()
    assert login.detail["factors"] == ["password", "totp"]


def test_staff_passes_totp_at_every_login(client: Client) -> None:
    staff = StaffFactory(username="clerk1")
    full_staff_login(client, staff)
    assert client.get("/staff/").status_code == 200
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"username": "clerk1", "password": DEFAULT_PASSWORD})
    assert client.get("/staff/").status_code == 302
    page = client.get("/accounts/otp/").content.decode()
    assert "动态口令验证" in page and "绑定身份验证器" not in page


def test_wrong_totp_codes_count_towards_the_lockout(client: Client) -> None:
    staff = StaffFactory(username="clerk1")
    device = otp.ensure_totp_device(staff)
    wrong = "000000" if otp.current_code(device) != "000000" else "111111"
    client.post("/accounts/login/", {"username": "clerk1", "password": DEFAULT_PASSWORD})
    for _ in range(4):
        assert "动态口令不正确" in client.post("/accounts/otp/", {"token": wrong}).content.decode()
        device.refresh_from_db()
        device.throttling_failure_count = 0  # the lockout, not django-otp's throttle, is under test
        device.throttling_failure_timestamp = None
        device.save()
    response = client.post("/accounts/otp/", {"token": wrong})
    assert response.status_code == 302 and response.url == "/accounts/login/"
    staff.refresh_from_db()
    assert staff.locked_until is not None
    assert "_auth_user_id" not in client.session
    assert "锁定至" in client.get("/accounts/login/").content.decode()


def test_idle_staff_are_logged_out_after_thirty_minutes(client: Client) -> None:
    staff = StaffFactory(username="clerk1")
    full_staff_login(client, staff)
    assert client.get("/staff/").status_code == 200
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(minutes=29)):
        assert client.get("/staff/").status_code == 200
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(minutes=29 + 31)):
        response = client.get("/staff/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert "因长时间未操作，已自动退出" in client.get(response.url).content.decode()
    assert AuditEntry.objects.filter(event="accounts.logout", actor_id=staff.pk, detail__reason="idle").exists()


def test_citizens_have_no_staff_idle_timeout_or_totp_step(client: Client) -> None:
    from yiwang.testing.factories import UserFactory

    UserFactory(username="liming")
    client.post("/accounts/login/", {"username": "liming", "password": DEFAULT_PASSWORD})
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(minutes=45)):
        response = client.get("/accounts/password/")
    assert response.status_code == 200
    assert client.get("/accounts/otp/").status_code == 302


def test_citizen_cannot_reach_the_staff_workspace(client: Client) -> None:
    from yiwang.testing.factories import UserFactory

    UserFactory(username="liming")
    client.post("/accounts/login/", {"username": "liming", "password": DEFAULT_PASSWORD})
    response = client.get("/staff/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/accounts/login/" in response.url or response.url == "/"


def test_new_staff_must_change_the_initial_password(client: Client, world) -> None:
    from yiwang.core.accounts import services

    user, initial = services.create_staff_user(actor=world.system_admin, username="wangfang2", display_name="王芳")
    device = otp.ensure_totp_device(user)
    client.post("/accounts/login/", {"username": "wangfang2", "password": initial})
    client.post("/accounts/otp/", {"token": otp.current_code(device)})
    response = client.get("/staff/")
    assert response.status_code == 302 and response.url.startswith("/accounts/password/")
    new = "Lin#hai2026x"
    response = client.post(
        "/accounts/password/", {"old_password": initial, "new_password1": new, "new_password2": new, "next": "/staff/"}
    )
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200
    assert AuditEntry.objects.filter(event="accounts.password_change", actor_id=user.pk).exists()


def test_staff_password_older_than_ninety_days_must_be_changed(client: Client) -> None:
    staff = StaffFactory(username="clerk1", password_changed_at=timezone.now() - timedelta(days=91))
    full_staff_login(client, staff)
    response = client.get("/staff/")
    assert response.status_code == 302 and response.url.startswith("/accounts/password/")


def test_ensure_totp_device_sets_a_known_secret_and_is_idempotent() -> None:
    staff = StaffFactory(username="clerk1")
    secret = "3132333435363738393031323334353637383930"  # RFC 6238 test key
    device = otp.ensure_totp_device(staff, secret_hex=secret)
    again = otp.ensure_totp_device(staff, secret_hex=secret)
    assert device.pk == again.pk and device.key == secret and device.confirmed
    assert otp.secret_base32(device) == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert TOTPDevice.objects.filter(user=staff).count() == 1


def test_demo_secrets_are_listed_only_when_the_settings_allow(settings) -> None:
    staff = StaffFactory(username="clerk1", display_name="王芳")
    otp.ensure_totp_device(staff, secret_hex="3132333435363738393031323334353637383930")
    assert otp.list_demo_secrets() == []
    settings.YIWANG_SECURITY = {**settings.YIWANG_SECURITY, "SHOW_DEMO_SECRETS": True}
    [secret] = otp.list_demo_secrets()
    assert secret.username == "clerk1" and secret.secret_base32 == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert len(secret.current_code()) == 6 and secret.otpauth_url.startswith("otpauth://totp/")


def test_demo_hint_shows_the_current_code_in_development(client: Client, settings) -> None:
    settings.YIWANG_SECURITY = {**settings.YIWANG_SECURITY, "SHOW_DEMO_SECRETS": True}
    staff = StaffFactory(username="clerk1")
    device = otp.ensure_totp_device(staff)
    client.post("/accounts/login/", {"username": "clerk1", "password": DEFAULT_PASSWORD})
    body = client.get("/accounts/otp/").content.decode()
    assert "演示环境提示" in body and otp.secret_base32(device) in body


def test_wagtails_own_login_and_password_reset_lead_to_the_platform_login(client: Client) -> None:
    response = client.get("/staff/login/?next=/staff/pages/")
    assert response.status_code == 302 and response.url == "/accounts/login/?next=%2Fstaff%2Fpages%2F"
    assert client.get("/staff/password_reset/").url.startswith("/accounts/login/")


def test_wagtails_logout_is_our_audited_logout(client: Client) -> None:
    staff = StaffFactory(username="clerk1")
    full_staff_login(client, staff)
    response = client.post("/staff/logout/")
    assert response.status_code == 307 and response.url == "/accounts/logout/"
    client.post(response.url)
    assert AuditEntry.objects.filter(event="accounts.logout", actor_id=staff.pk).exists()
