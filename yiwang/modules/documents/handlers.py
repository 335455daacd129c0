"""Handlers of other modules' events, subscribed in the manifest's `event_handlers`.

The portal's answers to `documents.publication_requested` arrive as `Event`s whose fields are
read by name (the portal's types are not imported: modules never import each other).
"""

from __future__ import annotations

from typing import Any

from yiwang.core.events.types import Event

from .services import publishing


def _field(event: Event, name: str, default: Any = "") -> Any:
    return event.payload().get(name, default)


def on_document_published(event: Event) -> None:
    """portal.document_published: keep the page, its address, its 索引号 and the time it went live."""
    publishing.record_published(
        document_id=int(_field(event, "document_id", 0)),
        page_ref=str(_field(event, "page_id")),
        url=str(_field(event, "url")),
        index_number=str(_field(event, "index_number")),
        published_at=str(_field(event, "published_at")),
    )


def on_document_publication_failed(event: Event) -> None:
    """portal.document_publication_failed: the reason is shown on the document page."""
    publishing.record_failed(document_id=int(_field(event, "document_id", 0)), reason=str(_field(event, "reason")))
