"""A site root routes the whole path at once (models/routing.py): the same page as Wagtail's own
walk down the tree, in a fixed number of queries however deep the page is."""

from __future__ import annotations

from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from yiwang.modules.portal.models import ArticlePage, HomePage, SectionPage


def components(page: Page, root: Page) -> list[str]:
    return [part for part in page.url_path[len(root.url_path) :].split("/") if part]


def test_the_direct_route_finds_the_page_wagtail_would(portal: HomePage) -> None:
    request = RequestFactory().get("/")
    for page in ArticlePage.objects.live().descendant_of(portal)[:20]:
        direct = portal.route(request, components(page, portal))
        walked = Page.route(portal, request, components(page, portal))
        assert direct.page.pk == walked.page.pk == page.pk
        assert type(direct.page) is type(walked.page.specific)


def test_a_deep_page_costs_two_routing_queries(portal: HomePage) -> None:
    article = ArticlePage.objects.live().descendant_of(portal).filter(depth__gte=5).first()
    assert article is not None
    request = RequestFactory().get("/")

    with CaptureQueriesContext(connection) as direct:
        found = portal.route(request, components(article, portal)).page
        assert found.agency_id is None or found.agency is not None  # 发布机构 came with the page
    with CaptureQueriesContext(connection) as walked:
        Page.route(portal, request, components(article, portal))

    assert len(direct.captured_queries) == 2
    assert len(walked.captured_queries) > len(direct.captured_queries)


def test_unknown_and_unpublished_pages_answer_404_as_before(portal: HomePage, client: Client) -> None:
    article = ArticlePage.objects.live().descendant_of(portal).filter(depth__gte=4).first()
    assert article is not None
    path = article.url_path[len(portal.url_path) - 1 :]

    assert client.get(path).status_code == 200
    assert client.get(path + "no-such-page/").status_code == 404
    assert client.get("/zwdt/no-such-column/" + article.slug + "/").status_code == 404
    article.unpublish()
    assert client.get(path).status_code == 404


def test_a_page_under_an_unpublished_column_is_still_served_as_wagtail_does(portal: HomePage, client: Client) -> None:
    column = portal.add_child(instance=SectionPage(title="临时栏目", slug="lslm"))
    article = column.add_child(instance=ArticlePage(title="临时文章", slug="lswz", body="<p>正文。</p>"))
    article.save_revision().publish()
    column.unpublish()

    request = RequestFactory().get("/")
    assert Page.route(portal, request, ["lslm", "lswz"]).page.pk == article.pk
    assert client.get("/lslm/lswz/").status_code == 200
    assert client.get("/lslm/").status_code == 404


def test_breadcrumbs_are_the_same_with_the_direct_route(portal: HomePage, client: Client) -> None:
    article = ArticlePage.objects.live().descendant_of(portal).filter(depth__gte=5).first()
    assert article is not None
    html = client.get(article.url_path[len(portal.url_path) - 1 :]).content.decode()
    trail = html.split('class="breadcrumbs"')[1].split("</nav>")[0]

    for ancestor in article.get_ancestors().filter(depth__gt=2):
        assert ancestor.title in trail
    assert "首页" in trail
