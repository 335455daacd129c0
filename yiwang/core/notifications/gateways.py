"""Outbound gateways (网关) for notifications: SMS here, email through Django's mail.

The deployment chooses the SMS gateway with `settings.YIWANG_SMS_GATEWAY` (a dotted path to a
class taking no arguments). A provider's gateway raises on failure; the delivery task retries.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, runtime_checkable

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("yiwang.sms")


@runtime_checkable
class SmsGateway(Protocol):
    """短信网关: sends one text to one mobile number, raising on failure."""

    def send(self, *, phone: str, text: str) -> None: ...


OUTBOX_LIMIT = 1000


@dataclass(frozen=True)
class SentSms:
    phone: str
    text: str


class LogSmsGateway:
    """Development and test gateway: logs through `yiwang.sms` and keeps an in-memory outbox.

    The outbox is a class attribute so that tests can read what any instance sent;
    call `LogSmsGateway.clear()` between tests.
    """

    outbox: list[SentSms] = []

    def send(self, *, phone: str, text: str) -> None:
        # The number is masked in the log: phone numbers are personal data (个人信息保护法 Art. 51).
        logger.info("SMS to %s: %s", mask_phone(phone), text)
        LogSmsGateway.outbox.append(SentSms(phone=phone, text=text))
        del LogSmsGateway.outbox[:-OUTBOX_LIMIT]  # a long-running dev worker must not grow forever

    @classmethod
    def clear(cls) -> None:
        cls.outbox.clear()


def mask_phone(phone: str) -> str:
    """138****5678 — enough to recognise, not enough to call."""
    digits = phone.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}****{digits[-4:]}"


@lru_cache(maxsize=8)
def _gateway_for(path: str) -> SmsGateway:
    gateway: SmsGateway = import_string(path)()
    return gateway


def get_sms_gateway() -> SmsGateway:
    """The configured SMS gateway (one instance per configured path)."""
    path = getattr(settings, "YIWANG_SMS_GATEWAY", "yiwang.core.notifications.gateways.LogSmsGateway")
    return _gateway_for(path)
