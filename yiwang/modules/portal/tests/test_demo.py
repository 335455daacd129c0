"""The demo loader (manifest `demo_data`): idempotent, tolerant of missing agencies, keeps edits."""

from __future__ import annotations

import io
from typing import Any

from django.test import Client
from wagtail.models import Page, Site

from yiwang.modules.portal import demo
from yiwang.modules.portal.models import ArticlePage, HomePage, SiteIdentity


def test_demo_loads_into_an_empty_database_without_agencies(fresh_portal: HomePage) -> None:
    assert ArticlePage.objects.live().count() >= 30
    assert not ArticlePage.objects.filter(agency__isnull=False).exists()


def test_demo_is_idempotent(fresh_portal: HomePage) -> None:
    before = Page.objects.count()
    out = io.StringIO()

    demo.load(out, full=False)

    assert Page.objects.count() == before
    assert "新增文章 0" in out.getvalue()


def test_demo_links_articles_to_agencies_that_exist(world: Any) -> None:
    demo.load(io.StringIO(), full=False)

    notice = ArticlePage.objects.get(title="伊春市人民政府关于发布2026年春季森林防火戒严令的通告")
    welfare = ArticlePage.objects.get(title="市民政局为困难老人发放冬季取暖补贴")
    assert notice.agency == world.city_government
    assert welfare.agency == world.city_civil_affairs


def test_demo_fills_the_footer_identity_without_overwriting_edits(fresh_portal: HomePage) -> None:
    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    identity.phone = "0458-3600000"
    identity.save()

    demo.load(io.StringIO(), full=False)

    identity.refresh_from_db()
    assert identity.site_code == "2307000001"
    assert identity.phone == "0458-3600000"


def test_article_page_shows_publisher_source_date_and_breadcrumbs(client: Client, world: Any) -> None:
    demo.load(io.StringIO(), full=False)
    article = ArticlePage.objects.get(title="伊春市人民政府关于发布2026年春季森林防火戒严令的通告")

    html = client.get(article.url).content.decode()

    assert f"<h1>{article.title}</h1>" in html
    assert "发布机构：伊春市人民政府" in html
    assert '<time datetime="2026-03-14T09:00:00+08:00">2026-03-14 09:00</time>' in html
    assert "4月1日至5月31日为我市森林防火戒严期" in html
    assert '<nav class="breadcrumbs" aria-label="当前位置">' in html
    assert ">通知公告</a></li>" in html


def test_demo_articles_are_searchable(fresh_portal: HomePage) -> None:
    from yiwang.core.search.models import SearchChange

    logged = set(SearchChange.objects.values_list("kind", "object_id"))

    articles = ArticlePage.objects.live().specific()
    assert articles
    assert {(page.search_kind, str(page.pk)) for page in articles} <= logged
