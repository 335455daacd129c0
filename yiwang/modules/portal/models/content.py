"""What every portal content type shares: the fields the search service needs, and column lists.

Each content page type names its search `kind` and answers `search_document_fields()` — title,
body text, 发文字号, 索引号, agency, site, column, dates — so the search document builder
(`search.py`) and the publish hooks build one `SearchDocument` the same way for every type.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import QuerySet
from wagtail.models import Page

from yiwang.core.search.types import SearchDocument


class SearchableContent:
    """Mixin for portal content pages (news, notices, policy documents, 解读, leader profiles)."""

    search_kind: ClassVar[str] = "portal.page"

    def search_body(self) -> str:
        return ""

    def search_document_fields(self) -> dict[str, Any]:
        """The fields of this page's `SearchDocument` (everything but `kind` and `object_id`).

        title, body (plain text), url, public, agency_id, site (the site's 网站标识码), column (the
        parent 栏目's id: slugs repeat across sites), published_at (first publication, set by the system), doc_number
        (发文字号), index_number (索引号), keywords (主题分类, 体裁分类, content type label).
        """
        from ..selectors import site_code_for_page

        page: Any = self
        parent = page.get_parent()
        keywords = [str(page._meta.verbose_name)]
        for name in ("get_topic_display", "get_genre_display"):
            method = getattr(page, name, None)
            if method is not None:
                keywords.append(str(method()))
        return {
            "title": page.title,
            "body": self.search_body(),
            "url": page.url or "",
            "public": bool(page.live),
            "agency_id": getattr(page, "agency_id", None),
            "site": site_code_for_page(page),
            "column": str(parent.pk) if parent is not None else "",
            "published_at": page.first_published_at,
            "doc_number": getattr(page, "document_number", "") or "",
            "index_number": getattr(page, "index_number", "") or "",
            "keywords": tuple(keywords),
        }

    def search_document(self) -> SearchDocument:
        page: Any = self
        return SearchDocument(kind=self.search_kind, object_id=str(page.pk), **self.search_document_fields())

    def requires_confidentiality_review(self) -> bool:
        """Must a recorded 保密审查 precede publication (政府信息公开条例第十七条)?"""
        return False

    def publish(self, revision: Any, user: Any = None, **kwargs: Any) -> Any:
        """Every way a page goes live (publish button, 三审 approval, scheduled publishing) comes
        here: the services refuse it without a 保密审查 where one is required, give a policy
        document its 索引号, and after publication stop its clock and audit it (indexing and
        files follow from the page signals, delivery_signals.py)."""
        from ..services import after_publish, before_publish

        before_publish(self, revision)
        result = super().publish(revision, user=user, **kwargs)  # type: ignore[misc]
        after_publish(self, user=user)
        return result


def content_types() -> tuple[type[Page], ...]:
    """The page types listed in columns (newest first) and indexed for search."""
    from .org_pages import LeaderProfilePage
    from .pages import ArticlePage
    from .policy import InterpretationPage, PolicyDocumentPage

    return (ArticlePage, PolicyDocumentPage, InterpretationPage, LeaderProfilePage)


def column_items(section: Page) -> QuerySet[Page]:
    """Live, public content under a column, newest first, as specific pages."""
    from .pages import ArticlePage
    from .policy import InterpretationPage, PolicyDocumentPage

    return (
        Page.objects.live()
        .public()
        .descendant_of(section)
        .type(ArticlePage, PolicyDocumentPage, InterpretationPage)
        .order_by("-first_published_at", "-pk")
        .specific()
    )
