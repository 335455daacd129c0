"""订阅与发现 — RSS 2.0 and Atom per column, sitemap.xml and robots.txt per site.

Every answer is about the site serving the request (its host name): a column of another site is a
404, the sitemap lists this site's live public pages, robots.txt points at this site's sitemap.
"""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Page, Site

from .models import SectionPage
from .publishing import site_pages

FEED_ITEMS = 20
DISALLOWED = ("/staff/", "/workspace/", "/accounts/", "/api/", "/files/", "/notifications/", "/documents/")


def column_for_request(request: HttpRequest, column_id: int) -> SectionPage:
    """A live, public column of the site serving `request`, or 404."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("站点不存在")
    column = SectionPage.objects.live().public().filter(pk=column_id, pk__in=site_pages(site).values("pk")).first()
    if column is None:
        raise Http404("栏目不存在")
    return column


def column_entries(column: Page) -> list[Page]:
    """The column's newest live, public items (content pages, not sub-columns)."""
    columns = SectionPage.objects.descendant_of(column, inclusive=True).values_list("pk", flat=True)
    return list(
        Page.objects.live()
        .public()
        .descendant_of(column)
        .exclude(pk__in=list(columns))
        .order_by("-first_published_at", "-pk")
        .specific()[:FEED_ITEMS]
    )


def _summary(page: Any) -> str:
    for name in ("summary", "search_description"):
        text = getattr(page, name, "") or ""
        if text:
            return str(text)
    for name in ("body", "content"):
        value = getattr(page, name, None)
        if value:
            return Truncator(strip_tags(str(value))).chars(200)
    return ""


class ColumnFeed(Feed):  # type: ignore[type-arg]
    """栏目 RSS 2.0 订阅."""

    feed_type = Rss201rev2Feed

    def get_object(self, request: HttpRequest, column_id: int) -> SectionPage:  # type: ignore[override]
        self.request = request
        return column_for_request(request, column_id)

    def title(self, column: SectionPage) -> str:
        site = column.get_site()
        site_name = (site.site_name if site else "") or ""
        return f"{column.title} - {site_name}" if site_name else column.title

    def link(self, column: SectionPage) -> str:
        return str(column.get_full_url(self.request))

    def description(self, column: SectionPage) -> str:
        return str(getattr(column, "intro", "") or f"{column.title}最新信息")

    def items(self, column: SectionPage) -> list[Page]:
        return column_entries(column)

    def item_title(self, item: Page) -> str:
        return item.title

    def item_description(self, item: Page) -> str:
        return _summary(item)

    def item_link(self, item: Page) -> str:
        return str(item.get_full_url(self.request))

    def item_pubdate(self, item: Page) -> Any:
        return item.first_published_at

    def item_updateddate(self, item: Page) -> Any:
        return item.last_published_at or item.first_published_at

    def item_author_name(self, item: Page) -> str:
        return str(getattr(item, "publisher_name", "") or "")


class ColumnAtomFeed(ColumnFeed):
    """栏目 Atom 订阅."""

    feed_type = Atom1Feed  # type: ignore[assignment]

    def subtitle(self, column: SectionPage) -> str:
        return self.description(column)


rss_feed = cache_control(public=True, max_age=300)(ColumnFeed())
atom_feed = cache_control(public=True, max_age=300)(ColumnAtomFeed())


class SiteSitemap(Sitemap):
    """This site's live, public pages (Wagtail's sitemap, without loading every page's fields)."""

    def items(self) -> Any:
        return site_pages(self.get_wagtail_site()).live().public().order_by("path").defer_streamfields()


@require_GET
@cache_control(public=True, max_age=300)
def sitemap(request: HttpRequest) -> HttpResponse:
    return wagtail_sitemap(request, sitemaps={"pages": SiteSitemap(request)})  # type: ignore[no-any-return]


@require_GET
@cache_control(public=True, max_age=3600)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), "Disallow: /search/?"]
    lines += ["", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
