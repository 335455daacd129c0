"""RSS 2.0 and Atom per column, each about the site serving the request."""

from __future__ import annotations

from defusedxml import ElementTree
from django.test import Client

from yiwang.modules.portal.models import ArticlePage, HomePage, SectionPage

ATOM = "{http://www.w3.org/2005/Atom}"


def news_column(portal: HomePage) -> SectionPage:
    return portal.get_children().get(slug="zwdt").get_children().get(slug="yw").specific


def test_a_column_rss_feed_lists_its_newest_items(client: Client, portal: HomePage) -> None:
    column = news_column(portal)
    newest = ArticlePage.objects.live().descendant_of(column).order_by("-first_published_at").first()

    response = client.get(f"/feeds/{column.pk}/rss.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    assert "public" in response["Cache-Control"]
    channel = ElementTree.fromstring(response.content).find("channel")
    assert channel is not None
    assert channel.findtext("title", "").startswith("要闻")
    items = channel.findall("item")
    assert 0 < len(items) <= 20
    assert items[0].findtext("title") == newest.title
    assert items[0].findtext("link", "").endswith(newest.url)
    assert items[0].findtext("pubDate")


def test_a_column_atom_feed_lists_the_same_items(client: Client, portal: HomePage) -> None:
    column = news_column(portal)

    response = client.get(f"/feeds/{column.pk}/atom.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    rss = ElementTree.fromstring(client.get(f"/feeds/{column.pk}/rss.xml").content)
    assert [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")] == [
        i.findtext("title") for i in rss.iter("item")
    ]


def test_an_unpublished_article_leaves_the_feed(client: Client, portal: HomePage) -> None:
    column = news_column(portal)
    newest = ArticlePage.objects.live().descendant_of(column).order_by("-first_published_at").first()
    assert newest is not None
    newest.unpublish()

    assert newest.title not in client.get(f"/feeds/{column.pk}/rss.xml").content.decode()


def test_unknown_unpublished_or_foreign_columns_have_no_feed(client: Client, portal: HomePage) -> None:
    column = news_column(portal)
    assert client.get("/feeds/999999/rss.xml").status_code == 404
    assert client.get(f"/feeds/{portal.pk}/rss.xml").status_code == 404  # the home page is not a column

    # A sub-site's column is not a column of the city portal's host.
    foreign = SectionPage.objects.live().exclude(pk__in=SectionPage.objects.descendant_of(portal).values("pk"))
    other = SectionPage.objects.live().filter(depth__gt=portal.depth + 1).first()
    if foreign.exists():
        assert client.get(f"/feeds/{foreign.first().pk}/rss.xml").status_code == 404
    assert other is not None

    column.unpublish()
    assert client.get(f"/feeds/{column.pk}/rss.xml").status_code == 404


def test_column_pages_announce_and_link_their_feeds(portal: HomePage, client: Client) -> None:
    column = news_column(portal)
    html = client.get(column.url).content.decode()
    head = html.split("</head>")[0]

    assert f'type="application/rss+xml" title="要闻（RSS）" href="/feeds/{column.pk}/rss.xml"' in head
    assert f'href="/feeds/{column.pk}/atom.xml"' in head
    assert f'<a href="/feeds/{column.pk}/rss.xml">订阅本栏目（RSS）</a>' in html.split("</head>")[1]
