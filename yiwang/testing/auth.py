"""Signing personas in for tests, the same way for the test client and the browser.

Staff pass the second factor (a confirmed TOTP device, recorded in the session as django-otp
does after a correct code); the login and TOTP screens themselves are tested in accounts.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def _verify_second_factor(client: Client, user: Any) -> None:
    if getattr(user, "kind", "") != "staff":
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="测试验证器", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def sign_in(client: Client, user: Any) -> Client:
    """Sign `user` in on `client` (staff: with the second factor passed)."""
    client.force_login(user)
    _verify_second_factor(client, user)
    return client


def signed_in_client(user: Any) -> Client:
    return sign_in(Client(), user)


def sign_in_browser(page: Any, live_server_url: str, user: Any) -> None:
    """Give a Playwright page the session of `user` (the live server shares the test database)."""
    cookie = signed_in_client(user).cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server_url}])
