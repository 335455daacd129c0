"""办件编号: one series per year, gap-free and never reused, e.g. ``YC2026-0000123-8``.

The number is the prefix (``settings.YIWANG_SERVICEHALL["APPLICATION_NUMBER_PREFIX"]``, default
``YC`` for 伊春), the year, a seven-digit serial and a check digit (ISO 7064 MOD 11-10 over the year
and serial), so a mistyped number in a progress lookup is caught before any query. The year's
counter row is locked (`select_for_update`) in the transaction that creates the application: two
submissions wait for each other, and a rolled-back submission gives its serial back with everything
else — the series has no gaps. Once committed a serial is spent.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import IntegrityError, transaction

from ...models import ApplicationNumberCounter

DEFAULT_PREFIX = "YC"
SERIAL_DIGITS = 7
PREFIX_RE = re.compile(r"^[A-Z]{1,6}$")
NUMBER_RE = re.compile(r"^(?P<prefix>[A-Z]{1,6})(?P<year>\d{4})-(?P<serial>\d{7})-(?P<check>\d)$")


def prefix() -> str:
    value = str(getattr(settings, "YIWANG_SERVICEHALL", {}).get("APPLICATION_NUMBER_PREFIX", DEFAULT_PREFIX))
    if not PREFIX_RE.match(value):
        raise ValueError("YIWANG_SERVICEHALL['APPLICATION_NUMBER_PREFIX'] must be 1–6 capital letters")
    return value


def check_digit(digits: str) -> str:
    """ISO 7064 MOD 11-10 (the check of the 统一社会信用代码's ancestors): catches every single-digit
    error and most adjacent swaps."""
    product = 10
    for char in digits:
        total = (int(char) + product) % 10 or 10
        product = (total * 2) % 11
    return str((11 - product) % 10)


def format_number(year: int, serial: int, *, prefix_text: str | None = None) -> str:
    body = f"{year:04d}{serial:0{SERIAL_DIGITS}d}"
    return f"{prefix_text or prefix()}{year:04d}-{serial:0{SERIAL_DIGITS}d}-{check_digit(body)}"


def is_well_formed(number: str) -> bool:
    """Does `number` read like a 办件编号 with a correct check digit (no query)?"""
    match = NUMBER_RE.match((number or "").strip().upper())
    if not match:
        return False
    return check_digit(match["year"] + match["serial"]) == match["check"]


def allocate(*, year: int) -> str:
    """The next 办件编号 of `year`. Call inside the transaction that stores the application."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate must run inside the application's transaction")
    counter = ApplicationNumberCounter.objects.select_for_update().filter(year=year).first()
    if counter is None:
        try:
            with transaction.atomic():  # savepoint: another submission may create the row first
                ApplicationNumberCounter.objects.create(year=year, last=0)
        except IntegrityError:
            pass
        counter = ApplicationNumberCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return format_number(year, counter.last)
