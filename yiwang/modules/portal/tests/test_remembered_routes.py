"""With the fragment cache on (production), the site of a request and the route to a page are
remembered per content version (yiwang.core.web.sites, models/routing.py): an article costs one
query to find, and every publish, unpublish, move, restriction or site edit shows at once — in the
normal, the 长辈版 and the English rendering."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from yiwang.modules.portal.models import ArticlePage, HomePage, SectionPage

ELDER = {"yw_elder": "1"}


@pytest.fixture
def remembered(settings: Any) -> None:
    settings.YIWANG_FRAGMENT_CACHE_SECONDS = 300
    cache.clear()


def address(page: Page, portal: HomePage) -> str:
    return page.url_path[len(portal.url_path) - 1 :]


def get(client: Client, url: str, **cookies: str) -> Any:
    client.cookies.clear()
    for name, value in cookies.items():
        client.cookies[name] = value
    return client.get(url)


def nav(html: str) -> str:
    return html.split('class="main-nav"')[1].split("</nav>")[0]


def an_article(portal: HomePage) -> ArticlePage:
    article = ArticlePage.objects.live().descendant_of(portal).filter(depth__gte=4).first()
    assert article is not None
    return article


@pytest.fixture
def served(client: Client, portal: HomePage, remembered: None) -> tuple[ArticlePage, str]:
    """An article and its address, served once (its site and route are remembered from here on)."""
    article = an_article(portal)
    url = address(article, portal)
    assert client.get(url).status_code == 200
    return article, url


def test_a_remembered_article_costs_two_queries_and_is_read_afresh(
    client: Client, served: tuple[ArticlePage, str]
) -> None:
    article, url = served

    with CaptureQueriesContext(connection) as ctx:
        html = client.get(url).content.decode()

    assert article.title in html
    # The article's own row (with its 发布机构) and its attachments; no site, routing or
    # view-restriction query.
    assert len(ctx.captured_queries) == 2
    assert "wagtailcore_site" not in " ".join(q["sql"] for q in ctx.captured_queries)


def test_a_published_edit_of_the_article_shows_at_once(
    client: Client, served: tuple[ArticlePage, str], django_capture_on_commit_callbacks: Any
) -> None:
    article, url = served
    article.title = "伊春市森林防火紧急通知（更新）"

    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()

    assert "伊春市森林防火紧急通知（更新）" in client.get(url).content.decode()


def test_a_new_page_answers_at_once_where_a_404_was_remembered(
    client: Client, portal: HomePage, remembered: None, django_capture_on_commit_callbacks: Any
) -> None:
    column = SectionPage.objects.child_of(portal).live().first()
    assert column is not None
    url = address(column, portal) + "xinwen-new/"
    assert client.get(url).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        article = column.add_child(instance=ArticlePage(title="新发布的文章", slug="xinwen-new", body="<p>正文</p>"))
        article.save_revision().publish()

    response = client.get(url)
    assert response.status_code == 200 and "新发布的文章" in response.content.decode()


def test_an_unpublished_or_moved_page_is_gone_at_once(
    client: Client, portal: HomePage, served: tuple[ArticlePage, str], django_capture_on_commit_callbacks: Any
) -> None:
    article, url = served

    with django_capture_on_commit_callbacks(execute=True):
        article.slug = "renamed-article"
        article.save_revision().publish()
    renamed = address(ArticlePage.objects.get(pk=article.pk), portal)
    old = client.get(url)  # Wagtail's redirect to the new address, not the remembered route
    assert old.status_code == 301 and old["Location"].endswith(renamed)
    assert client.get(renamed).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=article.pk).unpublish()
    assert client.get(renamed).status_code == 404


def test_a_view_restriction_on_a_column_applies_to_its_pages_at_once(
    client: Client, served: tuple[ArticlePage, str], django_capture_on_commit_callbacks: Any
) -> None:
    article, url = served

    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=article.get_parent(), restriction_type=PageViewRestriction.LOGIN
        )
    assert client.get(url).status_code == 302  # to the login page, as Wagtail answers

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert client.get(url).status_code == 200


def test_a_new_menu_column_shows_in_every_rendering_at_once(
    client: Client, portal: HomePage, remembered: None, django_capture_on_commit_callbacks: Any
) -> None:
    article = an_article(portal)
    url = address(article, portal)
    english = {django_settings.LANGUAGE_COOKIE_NAME: "en"}
    for cookies in ({}, ELDER, english):
        assert "网上调查" not in nav(get(client, url, **cookies).content.decode())

    with django_capture_on_commit_callbacks(execute=True):
        column = portal.add_child(instance=SectionPage(title="网上调查", slug="wsdc", show_in_menus=True))
        column.save_revision().publish()

    for cookies in ({}, ELDER, english):
        html = get(client, url, **cookies).content.decode()
        assert "网上调查" in nav(html)
    assert 'class="elder"' in get(client, url, **ELDER).content.decode()
    assert '<html lang="en"' in get(client, url, **english).content.decode()


def test_a_site_edit_is_seen_by_the_next_request(
    client: Client, portal: HomePage, remembered: None, django_capture_on_commit_callbacks: Any
) -> None:
    column = SectionPage.objects.child_of(portal).live().first()
    assert column is not None
    # Until a site has this host name, it is the default (city) site's request.
    assert client.get("/", HTTP_HOST="newsite.localhost").status_code == 200
    assert client.get("/", HTTP_HOST="newsite.localhost").context["page"].pk == portal.pk

    with django_capture_on_commit_callbacks(execute=True):
        Site.objects.create(hostname="newsite.localhost", port=80, root_page=column, site_name="新站点")

    assert client.get("/", HTTP_HOST="newsite.localhost").context["page"].pk == column.pk


def test_the_home_page_is_read_afresh_though_its_site_is_remembered(
    client: Client, portal: HomePage, remembered: None
) -> None:
    client.get("/")
    HomePage.objects.filter(pk=portal.pk).update(emergency_notice="森林火险红色预警")

    assert "森林火险红色预警" in client.get("/").content.decode()


def test_staff_pages_and_posts_do_not_use_the_remembered_site(
    client: Client, portal: HomePage, remembered: None
) -> None:
    from yiwang.core.web import sites

    sites._sites.clear()
    client.get("/staff/login/")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert sites._sites == {}


def test_articles_of_different_columns_mark_their_own_column_in_the_shared_navigation(
    client: Client, portal: HomePage, remembered: None
) -> None:
    columns = [
        column
        for column in SectionPage.objects.child_of(portal).live().in_menu()
        if ArticlePage.objects.live().descendant_of(column).exists()
    ][:2]
    assert len(columns) == 2
    for _ in range(2):  # rendered, then from the remembered fragments
        for column in columns:
            article = ArticlePage.objects.live().descendant_of(column).first()
            assert article is not None
            current = nav(client.get(address(article, portal)).content.decode()).split('aria-current="page"')
            assert len(current) == 2 and current[0].rstrip().endswith(f'href="{address(column, portal)}"')
