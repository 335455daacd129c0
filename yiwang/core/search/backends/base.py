"""The backend interface every search engine adapter implements.

A backend is a *local, derived* index: the database (the `SearchChange` log and the modules'
own tables) is the source of truth, and a backend can always be rebuilt from it. So a backend
also keeps its **sync state** — how far into the change log it has applied — and commits it
together with the changes it applies (see `yiwang.core.search.sync`).
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..text import ParsedQuery
from ..types import SearchDocument, SearchFilters, SearchResults, Sort, Visibility


@dataclass(kw_only=True)
class SyncState:
    """How far this index has applied the change log.

    `cursor`: every log id ≤ cursor has been applied, except the ids in `gaps` — ids that were
    missing when a later id was read (an uncommitted transaction on PostgreSQL). Gaps are
    re-checked on every poll until they appear or expire (`first seen` time in epoch seconds).
    """

    cursor: int = 0
    gaps: dict[int, float] = field(default_factory=dict)
    synced_at: float = 0.0  # epoch seconds of the last successful poll
    schema_version: int = 0
    built: bool = False  # True once filled by a full rebuild (an empty new index is not "built")
    generation: str = ""  # which index generation this state was read from (not stored)

    def to_json(self) -> dict[str, object]:
        return {
            "cursor": self.cursor,
            "gaps": {str(k): v for k, v in self.gaps.items()},
            "synced_at": self.synced_at,
            "schema_version": self.schema_version,
            "built": self.built,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> SyncState:
        gaps = data.get("gaps") or {}
        assert isinstance(gaps, dict)
        return cls(
            cursor=int(str(data.get("cursor", 0))),
            gaps={int(k): float(v) for k, v in gaps.items()},
            synced_at=float(str(data.get("synced_at", 0.0))),
            schema_version=int(str(data.get("schema_version", 0))),
            built=bool(data.get("built", False)),
        )


class StaleGenerationError(RuntimeError):
    """A rebuild replaced the index between reading the sync state and applying changes: read again."""


class SearchBackend(abc.ABC):
    """What the search service needs from an engine."""

    @abc.abstractmethod
    def index_many(self, documents: Iterable[SearchDocument]) -> int:
        """Add or replace documents (by kind + object_id) and commit. Returns how many."""

    @abc.abstractmethod
    def delete(self, kind: str, object_id: str) -> None:
        """Remove one document and commit; removing a missing document is not an error."""

    @abc.abstractmethod
    def apply(self, *, upserts: Sequence[SearchDocument], deletes: Sequence[tuple[str, str]], state: SyncState) -> None:
        """Apply changes from the log and record `state`, in one commit.

        Raises StaleGenerationError when `state` was read from a generation a rebuild has since replaced.
        """

    @abc.abstractmethod
    def sync_state(self) -> SyncState | None:
        """The state committed with the index; None when the index must be rebuilt (schema changed)."""

    @abc.abstractmethod
    def rebuild(self, documents: Iterable[SearchDocument], *, state: SyncState) -> int:
        """Replace the whole index with `documents` (readers keep the old one until it is ready)."""

    @abc.abstractmethod
    def search(
        self,
        query: ParsedQuery,
        *,
        filters: SearchFilters,
        visibility: Visibility,
        sort: Sort = "relevance",
        offset: int = 0,
        limit: int = 10,
        facets: bool | tuple[str, ...] = False,
    ) -> SearchResults:
        """Ranked (or date-sorted) hits with highlighting; `total` counts every visible match."""

    @abc.abstractmethod
    def clear(self) -> None:
        """Remove every document (the sync state is kept)."""

    @abc.abstractmethod
    def count(self) -> int:
        """How many documents the index holds."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release writers and files."""
