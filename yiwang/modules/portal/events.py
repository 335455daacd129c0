"""Events the portal publishes after commit (`yiwang.core.events`): its answers to
`documents.publication_requested` (handled by `handlers.py`). JSON-safe fields only."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from yiwang.core.events.types import Event


@dataclasses.dataclass(frozen=True, kw_only=True)
class DocumentPublished(Event):
    """A 公文 is live in its agency's 政务公开 as a 政策文件 page."""

    name: ClassVar[str] = "portal.document_published"
    document_id: int
    page_id: int
    url: str
    index_number: str  # 索引号
    published_at: str  # ISO time of first publication (the catalogue's 发布日期)


@dataclasses.dataclass(frozen=True, kw_only=True)
class DocumentPublicationFailed(Event):
    """The portal could not publish the 公文; `reason` says why in words for the document page."""

    name: ClassVar[str] = "portal.document_publication_failed"
    document_id: int
    reason: str
