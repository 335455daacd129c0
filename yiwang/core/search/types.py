"""The search service's data: what modules index and what a search returns.

`SearchDocument` is the one shape every module registers content in (文章, 政策文件, 办事指南, 公文 …);
`SearchHit` and `SearchResults` are what the service hands back, with highlighted HTML that is
already escaped (only `<mark>` is ours), so templates print it as it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from django.utils.safestring import SafeString

Sort = Literal["relevance", "date"]
SORTS: tuple[Sort, ...] = ("relevance", "date")


@dataclass(frozen=True, kw_only=True)
class SearchDocument:
    """一条可检索内容 — one piece of content a module registers with the search service.

    `kind` names the content type as "<module>.<thing>" (e.g. "portal.article"); together with
    `object_id` it is the document's identity, so indexing the same pair again replaces it.
    `public` is False for content only staff may find (drafts, internal documents); such content
    is shown to staff whose scope covers `agency_id`.
    """

    kind: str
    object_id: str
    title: str
    body: str = ""
    url: str = ""
    public: bool = True
    agency_id: int | None = None
    site: str = ""  # 站点, e.g. the sub-site's code "230722"
    column: str = ""  # 栏目, e.g. "zcwj" (政策文件)
    published_at: datetime | None = None  # 发布日期 (aware)
    doc_number: str = ""  # 发文字号, e.g. 伊政发〔2025〕12号
    index_number: str = ""  # 索引号, e.g. 000014349/2017-00110
    keywords: tuple[str, ...] = ()  # 主题词

    def __post_init__(self) -> None:
        # Accept ints for ids; the index stores text so every module's ids fit.
        object.__setattr__(self, "object_id", str(self.object_id))
        object.__setattr__(self, "keywords", tuple(self.keywords))
        if not self.kind or "." not in self.kind:
            raise ValueError(f"kind 应为“模块.类型”，例如 portal.article，实际为 {self.kind!r}。")

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.object_id}"

    @property
    def module(self) -> str:
        return self.kind.split(".", 1)[0]

    def to_json(self) -> dict[str, Any]:
        # By hand: dataclasses.asdict deep-copies and was a fifth of the indexing time.
        return {
            "kind": self.kind,
            "object_id": self.object_id,
            "title": self.title,
            "body": self.body,
            "url": self.url,
            "public": self.public,
            "agency_id": self.agency_id,
            "site": self.site,
            "column": self.column,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "doc_number": self.doc_number,
            "index_number": self.index_number,
            "keywords": list(self.keywords),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SearchDocument:
        values = dict(data)
        if values.get("published_at"):
            values["published_at"] = datetime.fromisoformat(values["published_at"])
        values["keywords"] = tuple(values.get("keywords") or ())
        return cls(**values)

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False)


@dataclass(frozen=True, kw_only=True)
class SearchFilters:
    """检索条件 — every field narrows the result; empty means "any"."""

    kinds: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    agency_ids: tuple[int, ...] = ()
    date_from: date | None = None  # 发布日期 from (inclusive, local date)
    date_to: date | None = None  # 发布日期 to (inclusive, local date)


@dataclass(frozen=True, kw_only=True)
class Visibility:
    """Which documents a searcher may see: every public one, plus the non-public ones of module
    `m` whose agency is in the ids given for `m` (None = any agency of that module).

    Built from the permission scope with the verb `<module>.view`, the same verb the chokepoint's
    `can_view_object` uses for that module's objects. `everything` skips the check (commands, tests).
    """

    modules: tuple[tuple[str, frozenset[int] | None], ...] = ()
    everything: bool = False

    @classmethod
    def public(cls) -> Visibility:
        return cls()


@dataclass(frozen=True, kw_only=True)
class SearchHit:
    """一条检索结果. `title_html` and `snippet_html` are escaped HTML with matches in `<mark>`."""

    kind: str
    object_id: str
    title: str
    url: str
    score: float
    public: bool
    agency_id: int | None
    site: str
    column: str
    published_at: datetime | None
    doc_number: str
    index_number: str
    title_html: SafeString
    snippet_html: SafeString


@dataclass(frozen=True, kw_only=True)
class SearchResults:
    """One page of results. `total` counts every match the searcher may see."""

    query: str
    hits: list[SearchHit]
    total: int
    page: int
    per_page: int
    sort: Sort
    took_ms: float
    facets: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages
