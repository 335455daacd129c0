"""Key rotation (密钥轮换): move every encrypted value to the current key."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import ExpressionWrapper, F

from yiwang.core.audit import services as audit

from .crypto import decrypt, get_keyring, token_key_id
from .fields import EncryptedTextField


def encrypted_fields() -> list[tuple[type[models.Model], EncryptedTextField]]:
    """Every (model, field) pair that stores encrypted data, across all installed apps."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                found.append((model, field))
    return found


def reencrypt_all(*, actor: Any = None, batch_size: int = 500) -> dict[str, int]:
    """Re-encrypt every value sealed with an older key under the current key (first in
    FIELD_ENCRYPTION_KEYS). Safe to run repeatedly and while the site is up: rows already on the
    current key are skipped. Returns the count of rewritten values per "app.Model.field"."""
    current = get_keyring().current_id
    counts: dict[str, int] = {}
    for model, field in encrypted_fields():
        # ExpressionWrapper with a plain TextField reads the stored token without decrypting it.
        raw = ExpressionWrapper(F(field.attname), output_field=models.TextField())
        rows = (
            model._base_manager.annotate(_raw=raw)
            .exclude(**{f"{field.attname}__isnull": True})
            .values_list("pk", "_raw")
            .order_by("pk")
        )
        stale = [
            (pk, token)
            for pk, token in rows.iterator(chunk_size=batch_size)
            if token and token_key_id(token) != current
        ]
        label = f"{model._meta.label}.{field.name}"
        counts[label] = 0
        for start in range(0, len(stale), batch_size):
            with transaction.atomic():
                for pk, token in stale[start : start + batch_size]:
                    plaintext = decrypt(token, purpose=field.purpose)
                    model._base_manager.filter(pk=pk).update(**{field.attname: plaintext})
                    counts[label] += 1
    with transaction.atomic():
        audit.record(
            event="privacy.reencrypt",
            actor=actor,
            actor_label="" if actor else "system",
            detail={"key_id": current, "rewritten": {k: v for k, v in counts.items() if v}},
        )
    return counts
