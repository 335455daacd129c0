"""The hash of an audit entry. Canonical JSON of every recorded field plus the previous hash."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


def entry_digest(
    *,
    seq: int,
    created_at: datetime,
    actor_id: int | None,
    actor_label: str,
    ip: str | None,
    event: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    result: str,
    detail: dict[str, Any],
    prev_hash: str,
) -> str:
    payload = json.dumps(
        [
            seq,
            created_at.isoformat(timespec="microseconds"),
            actor_id,
            actor_label,
            ip,
            event,
            object_type,
            object_id,
            object_repr,
            result,
            detail,
            prev_hash,
        ],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def digest_of(entry: Any) -> str:
    """Recompute an AuditEntry's hash from its stored fields."""
    return entry_digest(
        seq=entry.seq,
        created_at=entry.created_at,
        actor_id=entry.actor_id,
        actor_label=entry.actor_label,
        ip=entry.ip,
        event=entry.event,
        object_type=entry.object_type,
        object_id=entry.object_id,
        object_repr=entry.object_repr,
        result=entry.result,
        detail=entry.detail,
        prev_hash=entry.prev_hash,
    )
