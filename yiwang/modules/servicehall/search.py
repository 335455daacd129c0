"""办事指南 in the search service (public): a published item's name, code, conditions, materials
and agency, found from the portal's search box and the hall's own.

Indexing follows the catalogue's writes inside their transaction (applied after commit by
`core.search`): `publish_item` and an edit of a published item index it, `withdraw_item` removes it.
`item_documents` is the manifest's `Searchable.documents`, used for a full rebuild.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from yiwang.core.search import services as search_index
from yiwang.core.search.types import SearchDocument

SEARCH_KIND = "servicehall.item"
SEARCH_COLUMN = "bszn"  # 办事指南


def item_document(item: Any) -> SearchDocument:
    materials = "、".join(m.name for m in item.materials.all())
    body = "\n".join(
        filter(
            None,
            [
                item.code,
                item.get_item_type_display(),
                item.agency.full_name,
                item.conditions,
                materials,
                item.legal_basis,
            ],
        )
    )
    return SearchDocument(
        kind=SEARCH_KIND,
        object_id=str(item.pk),
        title=item.name,
        body=body,
        url=reverse("servicehall:guide", args=[item.code]),
        public=True,
        agency_id=item.agency_id,
        column=SEARCH_COLUMN,
        published_at=item.published_at,
        keywords=tuple(t.name for t in item.topics.all()),
    )


def reindex_item(item: Any) -> None:
    search_index.index_document(item_document(item))


def remove_item(item: Any) -> None:
    search_index.remove_document(SEARCH_KIND, item.pk)


def item_documents() -> Iterator[SearchDocument]:
    """Every published item, for a rebuild of the index."""
    from .models import ServiceItem

    items = (
        ServiceItem.objects.filter(status=ServiceItem.Status.PUBLISHED)
        .select_related("agency")
        .prefetch_related("materials", "topics")
        .order_by("pk")
    )
    for item in items.iterator(chunk_size=200):
        yield item_document(item)
