"""Writes to the search service (检索服务). Modules call these from their own services.

Call `index_document` / `remove_document` *inside* the service transaction that changed the
content (publish, unpublish, edit, delete): the change-log entry commits or rolls back with it,
and the index is updated after commit — on this server at once (`SYNC = "inline"`) or within
`POLL_SECONDS` by each server's `search_sync` loop. Searchable within seconds either way.

Indexing is a derived side effect of an audited change, so it is not audited again itself; a
full rebuild is an administrative action and is audited.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from yiwang.core.audit import services as audit

from . import sync
from .backends import get_backend, search_settings
from .models import SearchChange
from .types import SearchDocument


def _after_commit() -> None:
    if search_settings()["SYNC"] == "inline":
        transaction.on_commit(sync.apply_after_commit, robust=True)


def index_document(document: SearchDocument) -> None:
    """Make `document` searchable (replacing an earlier version with the same kind and object_id)."""
    index_documents([document])


def index_documents(documents: Iterable[SearchDocument]) -> int:
    """Bulk form of `index_document` (one insert for the lot). Returns how many were logged."""
    changes = [
        SearchChange(
            key=document.key,
            kind=document.kind,
            object_id=document.object_id,
            op=SearchChange.Op.UPSERT,
            document=document.to_json(),
        )
        for document in documents
    ]
    if changes:
        SearchChange.objects.bulk_create(changes)
        _after_commit()
    return len(changes)


def remove_document(kind: str, object_id: str | int) -> None:
    """Make a document unsearchable (unpublished, withdrawn, deleted). Missing documents are fine."""
    object_id = str(object_id)
    SearchChange.objects.create(
        key=f"{kind}:{object_id}", kind=kind, object_id=object_id, op=SearchChange.Op.DELETE, document=None
    )
    _after_commit()


def rebuild_index(*, actor: Any = None, actor_label: str = "") -> int:
    """Rebuild this server's index from every module's `Searchable.documents`; returns the count.

    Other servers are not touched: each rebuilds its own (or catches up from the log).
    """
    backend = get_backend()
    try:
        count = sync.rebuild(backend)
    except Exception as error:
        audit.record(
            event="search.rebuild", actor=actor, actor_label=actor_label, result="failure", detail={"error": str(error)}
        )
        raise
    audit.record(event="search.rebuild", actor=actor, actor_label=actor_label, detail={"documents": count})
    return count
