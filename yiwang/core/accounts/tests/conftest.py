from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import Client

from yiwang.core.accounts import otp
from yiwang.core.accounts.models import User
from yiwang.core.notifications.gateways import LogSmsGateway, SentSms
from yiwang.testing.factories import DEFAULT_PASSWORD


@pytest.fixture
def sms_outbox() -> Iterator[list[SentSms]]:
    LogSmsGateway.clear()
    yield LogSmsGateway.outbox
    LogSmsGateway.clear()


def code_in(text: str) -> str:
    match = re.search(r"\b(\d{6})\b", text)
    assert match, text
    return match.group(1)


def full_staff_login(client: Client, user: User) -> None:
    """Password, then the TOTP step with the code the device shows now."""
    device = otp.ensure_totp_device(user)
    response = client.post("/accounts/login/", {"username": user.username, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post("/accounts/otp/", {"token": otp.current_code(device)})
    assert response.status_code == 302, response.content.decode()[:2000]
