"""Reads from the search service: `search()` is what every page, API and module calls."""

from __future__ import annotations

from functools import cache
from typing import Any

from yiwang.core.permissions.access import get_scope
from yiwang.core.registry.registry import get_manifests

from .backends import get_backend, search_settings
from .text import DEFAULT_SYNONYMS, parse_query, synonym_map
from .types import SORTS, SearchFilters, SearchResults, Sort, Visibility

MAX_PER_PAGE = 50
MAX_PAGE = 100  # deep pages cost more and nobody reads them; narrow the query instead


@cache
def kind_labels() -> dict[str, str]:
    """Content kinds the modules register, with their Chinese labels (for filters and results)."""
    return {s.kind: s.label for m in get_manifests() for s in m.searchables}


def public_kind_labels() -> dict[str, str]:
    """The kinds the public search page offers as categories: all but the staff-only ones."""
    return {s.kind: s.label for m in get_manifests() for s in m.searchables if not s.staff_only}


def synonyms() -> dict[str, tuple[str, ...]]:
    """Built-in groups (低保 = 最低生活保障 …) plus the deployment's YIWANG_SEARCH["SYNONYMS"]."""
    extra = tuple(tuple(group) for group in search_settings().get("SYNONYMS", ()))
    return _synonym_map(extra)


@cache
def _synonym_map(extra: tuple[tuple[str, ...], ...]) -> dict[str, tuple[str, ...]]:
    return synonym_map((*DEFAULT_SYNONYMS, *extra))


def visibility_for(user: Any) -> Visibility:
    """Public content for everyone; staff also see non-public content of module `m` in the agencies
    where their scope grants `m.view` (the verb `can_view_object` uses for that module)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Visibility.public()
    scope = get_scope(user)
    verbs = set(getattr(scope, "grants", {})) | set(getattr(scope, "global_verbs", ()))
    modules = {kind.split(".", 1)[0] for kind in kind_labels()}
    modules |= {verb.removesuffix(".view") for verb in verbs if verb.endswith(".view")}
    rules: list[tuple[str, frozenset[int] | None]] = []
    for module in sorted(modules):
        agency_ids = scope.agency_ids(f"{module}.view")
        if agency_ids is None or agency_ids:
            rules.append((module, agency_ids))
    return Visibility(modules=tuple(rules))


def search(
    query: str,
    *,
    filters: SearchFilters | None = None,
    sort: Sort = "relevance",
    page: int = 1,
    per_page: int = 10,
    user: Any = None,
    facets: bool | tuple[str, ...] = False,
    visibility: Visibility | None = None,
) -> SearchResults:
    """全文检索 — ranked (title boosted) or newest-first results, highlighted, that `user` may see.

    An empty query lists everything matching the filters, newest first. A module whose staff-only
    content is shared beyond one agency (e.g. a knowledge base every operator reads) checks its own
    verb and passes `visibility` instead of `user`, narrowing `filters.kinds` to that content.
    """
    if sort not in SORTS:
        raise ValueError(f"排序方式只能是 {', '.join(SORTS)}。")
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, min(page, MAX_PAGE))
    return get_backend().search(
        parse_query(query, synonyms=synonyms()),
        filters=filters or SearchFilters(),
        visibility=visibility if visibility is not None else visibility_for(user),
        sort=sort,
        offset=(page - 1) * per_page,
        limit=per_page,
        facets=facets,
    )
