"""Helpers for the search tests: index documents the way modules do (log in a transaction, apply on commit)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from yiwang.core.search import services
from yiwang.core.search.types import SearchDocument

SHANGHAI = ZoneInfo("Asia/Shanghai")


def make_doc(object_id: int | str, title: str, body: str = "", **fields: Any) -> SearchDocument:
    fields.setdefault("kind", "portal.article")
    fields.setdefault("url", f"/articles/{object_id}/")
    fields.setdefault("published_at", datetime(2025, 6, 1, 9, 0, tzinfo=SHANGHAI))
    return SearchDocument(object_id=str(object_id), title=title, body=body, **fields)


@pytest.fixture
def index(db: None, django_capture_on_commit_callbacks: Any) -> Callable[[Iterable[SearchDocument]], None]:
    """Index documents through the public service and run the after-commit catch-up."""

    def add(documents: Iterable[SearchDocument]) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            services.index_documents(list(documents))

    return add
