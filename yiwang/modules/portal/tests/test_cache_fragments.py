"""The public chrome (header, navigation, footer) is cached between publications: fewer queries per
page, and a publish or a site-identity edit shows at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from yiwang.modules.portal.models import HomePage, SectionPage, SiteIdentity


@pytest.fixture
def cached_chrome(settings: Any) -> None:
    settings.YIWANG_FRAGMENT_CACHE_SECONDS = 300
    cache.clear()


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_a_cached_chrome_saves_queries(client: Client, portal: HomePage, cached_chrome: None) -> None:
    first = queries(client, "/zwdt/")
    second = queries(client, "/zwdt/")

    assert second < first


def test_a_new_menu_column_shows_in_the_navigation_at_once(
    client: Client, portal: HomePage, cached_chrome: None, django_capture_on_commit_callbacks: Any
) -> None:
    client.get("/")
    column = portal.add_child(instance=SectionPage(title="网上调查", slug="wsdc", show_in_menus=True, live=False))

    with django_capture_on_commit_callbacks(execute=True):
        column.save_revision().publish()

    nav = client.get("/").content.decode().split('class="main-nav"')[1].split("</nav>")[0]
    assert "网上调查" in nav


def test_a_site_identity_edit_shows_in_the_footer_at_once(
    client: Client, portal: HomePage, cached_chrome: None, django_capture_on_commit_callbacks: Any
) -> None:
    client.get("/")
    identity = SiteIdentity.objects.get(site__is_default_site=True)
    identity.phone = "0458-3600000"

    with django_capture_on_commit_callbacks(execute=True):
        identity.save()

    assert "0458-3600000" in client.get("/").content.decode()
