"""Wagtail's page actions in the workspace: into the platform audit log (审计) and the search index.

Wagtail keeps its own page history; the platform's tamper-evident log must also hold every
state change by every user (design invariant; GB/T 22239 L3 安全审计), so each page action in
the workspace is recorded here with the actor, address and the page's path. Articles are
(re)indexed or removed from the one search service in the same step; the index follows after commit.
"""

from __future__ import annotations

from typing import Any

from wagtail import hooks
from wagtail.models import Page

from yiwang.core.audit import services as audit
from yiwang.core.search import services as search_index
from yiwang.core.web.http import client_ip

from .models import ArticlePage
from .search import ARTICLE_KIND, article_document


def _detail(page: Page) -> dict[str, Any]:
    return {
        "title": page.title,
        "url_path": page.url_path,
        "live": page.live,
        "revision_id": page.latest_revision_id,
        "first_published_at": page.first_published_at,
    }


def record_page_event(verb: str, request: Any, page: Page, *, keep_object: bool = True, **extra: Any) -> None:
    audit.record(
        event=f"portal.page_{verb}",
        actor=request.user,
        obj=page if keep_object else None,
        ip=client_ip(request),
        detail={"page_id": page.pk, **_detail(page), **extra},
    )


def sync_search(page: Page, *, removed: bool = False) -> None:
    """Index a live, public article; take anything else (unpublished, private, deleted) out."""
    specific = page.specific
    if not isinstance(specific, ArticlePage):
        return
    if not removed and specific.live and not specific.get_view_restrictions().exists():
        search_index.index_document(article_document(specific))
    else:
        search_index.remove_document(ARTICLE_KIND, page.pk)


@hooks.register("after_create_page")
def audit_page_created(request: Any, page: Page) -> None:
    record_page_event("created", request, page)


@hooks.register("after_edit_page")
def audit_page_edited(request: Any, page: Page) -> None:
    record_page_event("edited", request, page)


@hooks.register("after_publish_page")
def audit_page_published(request: Any, page: Page) -> None:
    record_page_event("published", request, page)
    sync_search(page)


@hooks.register("after_unpublish_page")
def audit_page_unpublished(request: Any, page: Page) -> None:
    record_page_event("unpublished", request, page)
    sync_search(page)


@hooks.register("after_delete_page")
def audit_page_deleted(request: Any, page: Page) -> None:
    record_page_event("deleted", request, page, keep_object=False)
    sync_search(page, removed=True)


@hooks.register("after_move_page")
def audit_page_moved(request: Any, page: Page) -> None:
    record_page_event("moved", request, page)
    sync_search(page)  # its address changed


@hooks.register("after_copy_page")
def audit_page_copied(request: Any, page: Page, new_page: Page) -> None:
    record_page_event("copied", request, new_page, copied_from=page.pk)
