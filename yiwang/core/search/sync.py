"""Keeping a server's local index in step with the change log (and rebuilding it).

Each application server runs `manage.py search_sync`, which calls `catch_up()` every
`POLL_SECONDS`: read log entries after the index's cursor, apply them, and commit the new cursor
with the index. With one process (tests, `SYNC = "inline"`) the writer's own process catches up
right after its transaction commits.

Ordering. On SQLite writes are serialised, so ids commit in order. On PostgreSQL a transaction
that took id 10 can commit after one that took id 11; a reader that saw 11 would skip 10. So ids
missing below the highest id read are kept as *gaps* and looked for again on each poll for
`GAP_SECONDS` (a transaction open longer than that is an incident; the nightly rebuild repairs
it). And a late entry never overwrites newer state: for every document touched, we apply the
*newest* entry for that document in the whole log, not the entry we happened to read.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any

from django.db.models import Max, Q
from django.utils import timezone

from yiwang.core.registry.registry import get_manifests, resolve

from .backends import get_backend, search_settings
from .backends.base import SearchBackend, StaleGenerationError, SyncState
from .models import SearchChange
from .types import SearchDocument

logger = logging.getLogger(__name__)

GAP_SECONDS = 60.0
MAX_GAPS = 1000
BATCH = 500


def _note_gaps(state: SyncState, ids: list[int], now: float) -> None:
    # An index that never read the log starts at the first id it sees (ids need not start at 1).
    expected = state.cursor + 1 if state.cursor or not ids else ids[0]
    for change_id in ids:
        if change_id > expected:
            for missing in range(max(expected, change_id - MAX_GAPS), change_id):
                state.gaps.setdefault(missing, now)
        expected = max(expected, change_id + 1)
    if len(state.gaps) > MAX_GAPS:
        for old in sorted(state.gaps)[: len(state.gaps) - MAX_GAPS]:
            del state.gaps[old]


def _newest_changes(keys: set[str]) -> list[SearchChange]:
    newest_ids = (
        SearchChange.objects.filter(key__in=keys)
        .values("key")
        .annotate(newest=Max("id"))
        .values_list("newest", flat=True)
    )
    return list(SearchChange.objects.filter(id__in=list(newest_ids)))


def catch_up(backend: SearchBackend | None = None, *, batch: int = BATCH) -> int:
    """Apply every log entry this index has not applied yet. Returns how many entries were read."""
    backend = backend or get_backend()
    state = backend.sync_state() or SyncState()
    read = 0
    while True:
        now = time.time()
        state.gaps = {gap: seen for gap, seen in state.gaps.items() if now - seen < GAP_SECONDS}
        rows = list(
            SearchChange.objects.filter(Q(id__gt=state.cursor) | Q(id__in=list(state.gaps)))
            .order_by("id")
            .only("id", "key")[:batch]
        )
        fresh = [row.id for row in rows if row.id > state.cursor]
        _note_gaps(state, fresh, now)
        for row in rows:
            state.gaps.pop(row.id, None)
        if fresh:
            state.cursor = max(fresh)
        state.synced_at = now
        upserts: list[SearchDocument] = []
        deletes: list[tuple[str, str]] = []
        for change in _newest_changes({row.key for row in rows}) if rows else []:
            if change.op == SearchChange.Op.UPSERT and change.document:
                upserts.append(SearchDocument.from_json(change.document))
            else:
                deletes.append((change.kind, change.object_id))
        try:
            backend.apply(upserts=upserts, deletes=deletes, state=state)
        except StaleGenerationError:
            # A rebuild in another process switched generations: start again from the new one's cursor.
            state = backend.sync_state() or SyncState()
            continue
        read += len(rows)
        if len(rows) < batch:
            return read


def apply_after_commit() -> None:
    """on_commit hook in `SYNC = "inline"` mode. A failure here must not fail the caller's request:
    the entry stays in the log and the next catch-up (or `search_sync`) applies it."""
    try:
        catch_up()
    except Exception:
        logger.exception("检索索引更新失败，将由下次同步重试 (search catch-up failed; will retry)")


def high_water_state() -> SyncState:
    """The log position a rebuild starts from: the highest id, with recent missing ids as gaps."""
    high = SearchChange.objects.aggregate(high=Max("id"))["high"] or 0
    present = set(SearchChange.objects.filter(id__gt=max(0, high - MAX_GAPS)).values_list("id", flat=True))
    now = time.time()
    gaps = {i: now for i in range(max(1, high - MAX_GAPS + 1), high) if i not in present}
    return SyncState(cursor=high, gaps=gaps, synced_at=now, built=True)


def searchable_documents(kinds: Iterable[str] | None = None) -> Iterator[SearchDocument]:
    """Every document the modules declare through their manifests' `searchables`."""
    wanted = set(kinds) if kinds else None
    for manifest in get_manifests():
        for searchable in manifest.searchables:
            if wanted is not None and searchable.kind not in wanted:
                continue
            produce: Any = resolve(searchable.documents)
            for document in produce():
                if not isinstance(document, SearchDocument):
                    raise TypeError(f"{searchable.documents} 应产生 SearchDocument，实际为 {type(document).__name__}。")
                yield document


def rebuild(backend: SearchBackend | None = None) -> int:
    """Replace this server's index with every searchable document, then catch up with the log.

    The cursor is taken *before* reading the modules' content, so anything that changes during
    the rebuild is in the log after the cursor and is applied by the catch-up.
    """
    backend = backend or get_backend()
    state = high_water_state()
    count = backend.rebuild(searchable_documents(), state=state)
    catch_up(backend)
    return count


def needs_rebuild(backend: SearchBackend | None = None) -> bool:
    """True for a new server (never built), a schema change, or one offline longer than the log is kept."""
    backend = backend or get_backend()
    state = backend.sync_state()
    if state is None or not state.built:
        return True
    retention = float(search_settings()["LOG_RETENTION_DAYS"]) * 86400
    return bool(state.synced_at and time.time() - state.synced_at > retention * 0.9)


def prune_log(*, days: float | None = None) -> int:
    """Delete log entries older than the retention (every server has applied them long since)."""
    keep_days = float(days if days is not None else search_settings()["LOG_RETENTION_DAYS"])
    deleted, _ = SearchChange.objects.filter(created_at__lt=timezone.now() - timedelta(days=keep_days)).delete()
    return deleted
