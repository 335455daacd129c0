"""Writing to the audit log. `record()` is the one way in; every service calls it in its transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from .chain import GENESIS, digest_of
from .models import AuditChainHead, AuditEntry

# 网络安全法 Art. 21: network logs kept at least six months.
MIN_RETENTION_DAYS = 180


def _normalise(detail: dict[str, Any] | None) -> dict[str, Any]:
    # Round-trip through JSON so the hash is computed over exactly what the database returns.
    return json.loads(json.dumps(detail or {}, ensure_ascii=False, default=str))


def record(
    *,
    event: str,
    actor: Any = None,
    obj: models.Model | None = None,
    result: str = AuditEntry.Result.SUCCESS,
    ip: str | None = None,
    detail: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditEntry:
    """Append one entry (time, actor, IP, event, object, result, before/after in `detail`).

    Call it inside the service's transaction so the entry commits or rolls back with the change.
    Failures that roll back (a failed login, say) are recorded in a transaction of their own.
    Inside the caller's transaction there is no savepoint: an entry that cannot be written fails
    the whole change, which must never commit unaudited.
    """
    with transaction.atomic(savepoint=False):
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
        actor_id = actor.pk if actor is not None and getattr(actor, "pk", None) else None
        entry = AuditEntry(
            seq=head.last_seq + 1,
            created_at=timezone.now(),
            actor_id=actor_id,
            actor_label=(actor_label or (actor.get_username() if actor_id else ""))[:150],
            ip=ip,
            event=event,
            object_type=obj._meta.label if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            object_repr=str(obj)[:200] if obj is not None else "",
            result=str(result),
            detail=_normalise(detail),
            prev_hash=head.last_hash,
        )
        entry.entry_hash = digest_of(entry)
        entry.save(force_insert=True)
        head.last_seq, head.last_hash = entry.seq, entry.entry_hash
        head.save(update_fields=["last_seq", "last_hash"])
    return entry


@dataclass(frozen=True)
class ChainReport:
    checked: int
    problems: list[str]

    @property
    def intact(self) -> bool:
        return not self.problems


def verify_chain(batch_size: int = 5000) -> ChainReport:
    """Walk the whole chain: every hash, every link, no gaps in `seq`, and the head matches."""
    head = AuditChainHead.objects.filter(id=1).first()
    return verify_entries(AuditEntry.objects.order_by("seq").iterator(chunk_size=batch_size), head)


def verify_entries(entries: Iterable[AuditEntry], head: AuditChainHead | None) -> ChainReport:
    """The chain check over any ordered run of entries and its head — also the rows of a restored
    copy read outside the ORM (the restore drill)."""
    expected_prev = head.anchor_hash if head else GENESIS
    expected_seq = (head.anchor_seq if head else 0) + 1
    problems: list[str] = []
    checked = 0
    for entry in entries:
        checked += 1
        if entry.seq != expected_seq:
            problems.append(
                f"序号 {expected_seq} 至 {entry.seq - 1} 缺失（记录被删除） — rows missing before seq {entry.seq}"
            )
        if entry.prev_hash != expected_prev:
            problems.append(f"第 {entry.seq} 条的前序哈希不符（记录被插入或删除） — broken link at seq {entry.seq}")
        if digest_of(entry) != entry.entry_hash:
            problems.append(f"第 {entry.seq} 条内容与哈希不符（记录被篡改） — row {entry.seq} was edited")
        expected_prev, expected_seq = entry.entry_hash, entry.seq + 1
    if head and (head.last_seq != expected_seq - 1 or head.last_hash != expected_prev):
        problems.append("链头与最后一条记录不符（末尾记录被删除） — the newest rows were removed")
    return ChainReport(checked=checked, problems=problems)


class RetentionError(ValueError):
    pass


def purge_before(*, cutoff_days: int, actor: Any = None) -> int:
    """Delete entries older than `cutoff_days`, never fewer than 180 days, and re-anchor the chain."""
    if cutoff_days < MIN_RETENTION_DAYS:
        raise RetentionError(f"审计日志至少保存 {MIN_RETENTION_DAYS} 天，拒绝清理 {cutoff_days} 天内的记录。")
    cutoff = timezone.now() - timedelta(days=cutoff_days)
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
        last = AuditEntry.objects.filter(created_at__lt=cutoff).order_by("-seq").first()
        if last is None:
            return 0
        deleted, _ = AuditEntry.objects.filter(seq__lte=last.seq).delete()
        head.anchor_seq, head.anchor_hash = last.seq, last.entry_hash
        head.save(update_fields=["anchor_seq", "anchor_hash"])
        record(
            event="audit.purge",
            actor=actor,
            detail={"deleted": deleted, "through_seq": last.seq, "cutoff_days": cutoff_days},
        )
    return deleted
