from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory, override_settings

from yiwang.core.audit.models import AuditEntry
from yiwang.testing.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

OIDC = {
    "OIDC_RP_CLIENT_ID": "yiwang",
    "OIDC_RP_CLIENT_SECRET": "secret",
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.example/userinfo",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example/auth",
    "OIDC_OP_JWKS_ENDPOINT": "https://idp.example/jwks",
    "OIDC_RP_SIGN_ALGO": "RS256",
}


def _authenticate(claims: dict[str, str]):
    from yiwang.core.accounts.oidc import StaffOIDCBackend

    request = RequestFactory().get("/accounts/oidc/callback/", {"code": "abc", "state": "xyz"})
    request.session = SessionStore()
    backend = StaffOIDCBackend()
    with (
        mock.patch.object(
            StaffOIDCBackend, "get_token", return_value={"id_token": "id", "access_token": "at"}
        ) as token,
        mock.patch.object(StaffOIDCBackend, "verify_token", return_value={"nonce": "n"}),
        mock.patch.object(StaffOIDCBackend, "get_userinfo", return_value=claims),
        mock.patch("mozilla_django_oidc.auth.reverse", return_value="/accounts/oidc/callback/"),
    ):
        user = backend.authenticate(request, nonce="n")
    assert token.call_args.args[0]["code"] == "abc"
    return user


@override_settings(**OIDC)
def test_provincial_login_maps_to_an_existing_staff_user_by_username() -> None:
    staff = StaffFactory(username="wangfang")
    assert _authenticate({"preferred_username": "wangfang", "email": "other@example.com"}) == staff
    assert AuditEntry.objects.filter(event="accounts.login.first_factor", detail__factor="oidc").exists()


@override_settings(**OIDC)
def test_provincial_login_maps_by_email_when_the_username_differs() -> None:
    staff = StaffFactory(username="wangfang", email="wangfang@yc.gov.cn")
    assert _authenticate({"preferred_username": "wf-001", "email": "WangFang@yc.gov.cn"}) == staff


@override_settings(**OIDC)
def test_provincial_login_never_creates_staff_or_maps_citizens() -> None:
    UserFactory(username="liming", email="liming@example.com")
    assert _authenticate({"preferred_username": "liming", "email": "liming@example.com"}) is None
    assert _authenticate({"preferred_username": "stranger", "email": "stranger@example.com"}) is None
    from yiwang.core.accounts.models import User

    assert not User.objects.filter(username="stranger").exists()
