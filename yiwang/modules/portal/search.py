"""What the portal gives the search service (manifest `searchables`): its live, public articles."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.html import strip_tags

from yiwang.core.search.types import SearchDocument

from .models import ArticlePage, SectionPage

ARTICLE_KIND = "portal.article"


def article_document(article: ArticlePage, *, column: str | None = None) -> SearchDocument:
    """`column` is the slug of the article's 栏目 (looked up when not given)."""
    if column is None:
        parent = article.get_parent()
        column = parent.slug if parent else ""
    return SearchDocument(
        kind=ARTICLE_KIND,
        object_id=str(article.pk),
        title=article.title,
        body=" ".join(filter(None, [article.summary, strip_tags(article.body)])),
        url=article.url or "",
        public=True,
        agency_id=article.agency_id,
        column=column,
        published_at=article.first_published_at,
    )


def documents() -> Iterator[SearchDocument]:
    """Every live, public article (a full rebuild)."""
    columns = dict(SectionPage.objects.values_list("path", "slug"))  # a few hundred at most
    articles = ArticlePage.objects.live().public().order_by("pk")
    for article in articles.iterator(chunk_size=500):
        yield article_document(article, column=columns.get(article.path[: -ArticlePage.steplen], ""))
