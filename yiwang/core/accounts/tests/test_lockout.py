from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from yiwang.core.accounts.models import User
from yiwang.core.audit.models import AuditEntry
from yiwang.testing.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_citizen_logs_in_with_the_right_password_and_it_is_audited(client: Client) -> None:
    user = UserFactory(username="liming")
    response = _login(client, "liming", DEFAULT_PASSWORD)
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(event="accounts.login").last()
    assert entry.actor_id == user.pk and entry.result == "success" and entry.ip == "127.0.0.1"


def test_wrong_password_is_refused_and_audited_as_failure(client: Client) -> None:
    UserFactory(username="liming")
    response = _login(client, "liming", "Wrong#pass1")
    assert response.status_code == 200
    assert "账号或密码不正确" in response.content.decode()
    assert "Wrong#pass1" not in response.content.decode()
    assert AuditEntry.objects.filter(event="accounts.login", result="failure").count() == 1


def test_five_failures_lock_the_account_for_fifteen_minutes(client: Client) -> None:
    user = UserFactory(username="liming")
    for _ in range(4):
        _login(client, "liming", "Wrong#pass1")
    response = _login(client, "liming", "Wrong#pass1")
    user.refresh_from_db()
    assert user.locked_until is not None
    minutes = (user.locked_until - timezone.now()).total_seconds() / 60
    assert 14 < minutes <= 15
    local = timezone.localtime(user.locked_until).strftime("%Y-%m-%d %H:%M")
    assert f"锁定至 {local}" in response.content.decode()
    assert AuditEntry.objects.filter(event="accounts.lockout", actor_id=user.pk).count() == 1
    assert AuditEntry.objects.filter(event="accounts.login", result="failure", actor_id=user.pk).count() == 5


def test_locked_account_cannot_log_in_even_with_right_password(client: Client) -> None:
    user = UserFactory(username="liming", locked_until=timezone.now() + timedelta(minutes=10))
    response = _login(client, "liming", DEFAULT_PASSWORD)
    assert response.status_code == 200
    assert "锁定至" in response.content.decode()
    assert "_auth_user_id" not in client.session
    failure = AuditEntry.objects.filter(event="accounts.login", actor_id=user.pk).last()
    assert failure.result == "failure" and failure.detail["reason"] == "locked"


def test_account_unlocks_after_the_lock_period(client: Client) -> None:
    user = UserFactory(username="liming")
    for _ in range(5):
        _login(client, "liming", "Wrong#pass1")
    later = timezone.now() + timedelta(minutes=16)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = _login(client, "liming", DEFAULT_PASSWORD)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.failed_login_count == 0 and user.locked_until is None


def test_success_resets_the_count_of_consecutive_failures(client: Client) -> None:
    user = UserFactory(username="liming")
    for _ in range(4):
        _login(client, "liming", "Wrong#pass1")
    assert _login(client, "liming", DEFAULT_PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    _login(client, "liming", "Wrong#pass1")
    user.refresh_from_db()
    assert user.failed_login_count == 1 and user.locked_until is None


def test_unknown_login_name_is_audited_without_writing_it_in_clear(client: Client) -> None:
    _login(client, "MySecretPass1", "whatever")
    entry = AuditEntry.objects.get(event="accounts.login")
    assert entry.result == "failure" and "MySecretPass1" not in entry.actor_label
    assert entry.detail["reason"] == "unknown_account"


def test_login_by_phone_number_and_by_email(client: Client) -> None:
    from yiwang.core.accounts.services import set_phone

    user = UserFactory(username="c1", email="liming@example.com")
    set_phone(user, "13912345678")
    user.save()
    assert _login(client, "139 1234 5678", DEFAULT_PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    assert _login(client, "LiMing@example.com", DEFAULT_PASSWORD).status_code == 302


def test_logout_is_audited(client: Client) -> None:
    user = UserFactory(username="liming")
    _login(client, "liming", DEFAULT_PASSWORD)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert AuditEntry.objects.filter(event="accounts.logout", actor_id=user.pk).exists()
    assert "_auth_user_id" not in client.session


def test_default_account_name_cannot_log_in_outside_development(client: Client) -> None:
    UserFactory(username="admin")
    response = _login(client, "admin", DEFAULT_PASSWORD)
    assert response.status_code == 200
    assert AuditEntry.objects.filter(event="accounts.login", detail__reason="reserved_username").exists()


def test_disabled_account_cannot_log_in(client: Client) -> None:
    UserFactory(username="liming", is_active=False)
    response = _login(client, "liming", DEFAULT_PASSWORD)
    assert "已停用" in response.content.decode()
    assert User.objects.get(username="liming").failed_login_count == 0
