"""What the portal gives the search service: one `SearchDocument` per live, public content page.

Content types answer `search_document()` (the `SearchableContent` mixin: 发文字号, 索引号, agency,
site, column …). Any other page that is not a column or a home page (机构职能, 领导信息 index,
catalogue pages) is indexed generically as `portal.page` from its title, description and text.
`sync_page` is what the publish/unpublish/move/delete triggers call; the index follows after commit
(ADR 0001), on every server within about a second.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils.html import strip_tags
from wagtail.models import Page, PageViewRestriction, get_page_models

from yiwang.core.search import services as search_index
from yiwang.core.search.labels import register_facet_labels
from yiwang.core.search.types import SearchDocument

from .models import ArticlePage, HomePage, SectionPage
from .selectors import site_code_for_page

ARTICLE_KIND = "portal.article"
PAGE_KIND = "portal.page"
NOT_INDEXED: tuple[type[Page], ...] = (HomePage, SectionPage)  # navigation, not content


def kind_of(page_class: type[Any]) -> str | None:
    """The search kind of a page type (None: not indexed)."""
    if issubclass(page_class, NOT_INDEXED) or page_class is Page:
        return None
    return str(getattr(page_class, "search_kind", PAGE_KIND))


def _restricted_paths() -> list[str]:
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def _text_of(page: Any) -> str:
    from wagtail.fields import RichTextField, StreamField

    parts = [getattr(page, "search_description", "") or ""]
    for model_field in page._meta.concrete_fields:
        if isinstance(model_field, (RichTextField, StreamField)):
            value = getattr(page, model_field.attname)
            parts.append(strip_tags(str(value or "")))
    return " ".join(p for p in parts if p)


def page_document(page: Page, *, restricted: list[str] | None = None) -> SearchDocument | None:
    """The page's document, or None when it must not be found (not live, restricted, not content)."""
    specific: Any = page.specific
    kind = kind_of(type(specific))
    if kind is None or not specific.live:
        return None
    restricted = _restricted_paths() if restricted is None else restricted
    if any(specific.path.startswith(path) for path in restricted):
        return None
    build = getattr(specific, "search_document", None)
    if callable(build):
        document = build()
        if not isinstance(document, SearchDocument):
            return None
        return document if document.public else None
    parent = specific.get_parent()
    return SearchDocument(
        kind=kind,
        object_id=str(specific.pk),
        title=specific.title,
        body=_text_of(specific),
        url=specific.url or "",
        public=True,
        agency_id=getattr(specific, "agency_id", None),
        site=site_code_for_page(specific),
        column=str(parent.pk) if parent is not None else "",
        published_at=specific.first_published_at,
    )


def article_document(article: ArticlePage, *, column: str | None = None) -> SearchDocument:
    """An article's document (kept for the demo loader and older callers)."""
    document = page_document(article)
    if document is None:  # not live: build it anyway, the caller decided
        return SearchDocument(kind=ARTICLE_KIND, object_id=str(article.pk), title=article.title)
    return document


def sync_page(page: Page, *, removed: bool = False, descendants: bool = False) -> None:
    """Index a live, public content page; take anything else (unpublished, restricted, deleted) out.

    Call inside the transaction that changed the page; the index follows after commit.
    """
    pages = [page]
    if descendants:
        pages += list(page.get_descendants())
    restricted = _restricted_paths()
    upserts: list[SearchDocument] = []
    for item in pages:
        kind = kind_of(item.specific_class or type(item))
        if kind is None:
            continue
        document = None if removed else page_document(item, restricted=restricted)
        if document is not None:
            upserts.append(document)
        else:
            search_index.remove_document(kind, item.pk)
    if upserts:
        search_index.index_documents(upserts)


def _documents_of(kind: str) -> Callable[[], Iterator[SearchDocument]]:
    def documents() -> Iterator[SearchDocument]:
        restricted = _restricted_paths()
        models = [model for model in get_page_models() if kind_of(model) == kind]
        content_types = ContentType.objects.get_for_models(*models).values() if models else []
        pages = Page.objects.live().filter(content_type__in=list(content_types)).order_by("pk").specific()
        for page in pages.iterator(chunk_size=500):
            document = page_document(page, restricted=restricted)
            if document is not None:
                yield document

    documents.__doc__ = f"Every live, public page of kind {kind} (a full rebuild)."
    return documents


# One callable per kind (manifest `searchables`; a rebuild asks each for its own kind).
article_documents = _documents_of("portal.article")
notice_documents = _documents_of("portal.notice")
policy_documents = _documents_of("portal.policy")
interpretation_documents = _documents_of("portal.interpretation")
leader_documents = _documents_of("portal.leader")
page_documents = _documents_of(PAGE_KIND)


# --- facet labels for the search page (站点 and 栏目 are codes in the index) ------------------------


def site_labels(keys: Iterable[str]) -> dict[str, str]:
    """网站标识码 → site name."""
    from .models import SiteIdentity

    rows = SiteIdentity.objects.filter(site_code__in=list(keys)).select_related("site", "site__root_page")
    return {row.site_code: row.site.site_name or row.site.root_page.title for row in rows}


def column_labels(keys: Iterable[str]) -> dict[str, str]:
    """栏目 id → its title."""
    ids = [int(key) for key in keys if key.isdigit()]
    return {str(pk): title for pk, title in Page.objects.filter(pk__in=ids).values_list("pk", "title")}


register_facet_labels("site", site_labels)
register_facet_labels("column", column_labels)
