"""sitemap.xml and robots.txt per site: the site's own live, public pages and its own sitemap."""

from __future__ import annotations

from defusedxml import ElementTree
from django.test import Client
from wagtail.models import Page, PageViewRestriction, Site

from yiwang.modules.portal.models import ArticlePage, HomePage
from yiwang.modules.portal.publishing import site_pages

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def city() -> Site:
    return Site.objects.get(is_default_site=True)


def sitemap_urls(client: Client, host: str = "127.0.0.1:8000") -> list[str]:
    response = client.get("/sitemap.xml", HTTP_HOST=host)
    assert response.status_code == 200
    return [loc.text or "" for loc in ElementTree.fromstring(response.content).iter(f"{NS}loc")]


def test_the_sitemap_lists_the_sites_live_public_pages(client: Client, portal: HomePage) -> None:
    article = (
        ArticlePage.objects.live()
        .filter(pk__in=site_pages(city()).values("pk"))
        .order_by("-first_published_at")
        .first()
    )
    assert article is not None

    urls = sitemap_urls(client)

    assert "http://127.0.0.1:8000/" in urls
    assert article.get_full_url() in urls
    assert all(url.startswith("http://127.0.0.1:8000/") for url in urls)


def test_unpublished_and_restricted_pages_are_not_in_the_sitemap(client: Client, portal: HomePage) -> None:
    first, second = (
        ArticlePage.objects.live().filter(pk__in=site_pages(city()).values("pk")).order_by("-first_published_at")[:2]
    )
    url_first, url_second = first.get_full_url(), second.get_full_url()
    first.unpublish()
    PageViewRestriction.objects.create(page=second, restriction_type=PageViewRestriction.LOGIN)

    urls = sitemap_urls(client)

    assert url_first not in urls
    assert url_second not in urls


def test_each_sub_site_has_its_own_sitemap(client: Client, portal: HomePage) -> None:
    sub = Site.objects.exclude(pk=Site.objects.get(is_default_site=True).pk).select_related("root_page").first()
    if sub is None:  # the demo without sub-sites
        sub = Site.objects.create(hostname="jiayin.localhost", port=80, root_page=portal.get_children().first())
    host = sub.hostname if sub.port == 80 else f"{sub.hostname}:{sub.port}"

    urls = sitemap_urls(client, host)
    city_urls = sitemap_urls(client)

    assert urls and all(url.startswith(sub.root_url) for url in urls)
    assert not set(urls) & set(city_urls)


def test_robots_txt_points_at_the_sites_own_sitemap_and_keeps_staff_pages_out(client: Client, portal: HomePage) -> None:
    response = client.get("/robots.txt", HTTP_HOST="127.0.0.1:8000")

    text = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "User-agent: *" in text
    assert "Disallow: /staff/" in text
    assert "Disallow: /accounts/" in text
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in text

    other = client.get("/robots.txt", HTTP_HOST="jiayin.localhost").content.decode()
    assert "Sitemap: http://jiayin.localhost/sitemap.xml" in other


def test_the_sitemap_answers_only_get(client: Client, portal: HomePage) -> None:
    assert client.post("/sitemap.xml").status_code == 405
    assert Page.objects.live().exists()
