"""Fixtures for the web tests: a staff session that has passed the second factor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def verify_second_factor(client: Client, user: Any) -> None:
    """Log `user` in on `client` as if TOTP had been passed (what django_otp.login stores)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="测试令牌", confirmed=True
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture
def staff_login(client: Client) -> Callable[[Any], Client]:
    def login(user: Any) -> Client:
        verify_second_factor(client, user)
        return client

    return login
