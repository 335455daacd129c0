"""恢复码 (recovery codes): the way back in for a staff member who lost both their security key
and their authenticator phone, without waiting for the system administrator.

Ten codes are generated at once and shown once; only keyed hashes (HMAC-SHA256 with
FIELD_HASH_KEY, per set) are stored, so a copy of the database does not hold usable codes
(GB/T 22239 L3-CES1-27: authentication data confidential at rest). Each code works once;
generating a new set deletes the old one.
"""

from __future__ import annotations

import hmac
import secrets

from django.db import transaction
from django.utils import timezone

from yiwang.core.audit import services as audit
from yiwang.core.privacy.crypto import keyed_hash

from .models import RecoveryCode, RecoveryCodeSet, User

CODE_COUNT = 10
# Crockford-like alphabet without 0/O, 1/I/L: read off paper and typed by hand.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
DEVICE_NAME = "恢复码"


def _normalise(code: str) -> str:
    return code.strip().upper().replace("-", "").replace(" ", "")


def _digest(device_id: int, code: str) -> str:
    return keyed_hash(_normalise(code), purpose=f"recovery_code:{device_id}")


def _new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(10))  # ~49 bits each
    return f"{raw[:5]}-{raw[5:]}"


def generate(*, user: User, ip: str | None) -> list[str]:
    """A new set of codes for `user`, replacing any earlier set. Returns the codes in clear —
    the only time they exist outside the user's hands."""
    codes = [_new_code() for _ in range(CODE_COUNT)]
    with transaction.atomic():
        replaced, _ = RecoveryCodeSet.objects.filter(user=user).delete()
        device = RecoveryCodeSet.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
        RecoveryCode.objects.bulk_create(RecoveryCode(device=device, code_hash=_digest(device.pk, c)) for c in codes)
        audit.record(
            event="accounts.recovery_codes",
            actor=user,
            obj=user,
            ip=ip,
            detail={"count": CODE_COUNT, "replaced_previous": bool(replaced)},
        )
    return codes


def consume(*, device: RecoveryCodeSet, code: str) -> bool:
    """Use one code of `device`: True once per code, False for a wrong or used code."""
    if not _normalise(code):
        return False
    digest = _digest(device.pk, code)
    with transaction.atomic():
        row = (
            RecoveryCode.objects.select_for_update()
            .filter(device=device, used_at__isnull=True, code_hash=digest)
            .first()
        )
        if row is None or not hmac.compare_digest(row.code_hash, digest):
            return False
        row.used_at = timezone.now()
        row.save(update_fields=["used_at"])
    return True


def device_for(user: User) -> RecoveryCodeSet | None:
    return RecoveryCodeSet.objects.filter(user=user, confirmed=True).first()


def remaining(user: User) -> int:
    return RecoveryCode.objects.filter(device__user=user, used_at__isnull=True).count()
