"""办事指南 in the search: a published item is found after commit, a withdrawn one no longer,
and the rebuild yields published items only."""

from __future__ import annotations

import pytest
from django.test import Client

from ..search import SEARCH_KIND, item_documents
from ..services import catalogue as services
from .catalogue_support import build_hall, make_item

pytestmark = pytest.mark.django_db


def test_a_published_item_is_found_by_the_public_search_until_it_is_withdrawn(
    world, django_capture_on_commit_callbacks
):
    hall = build_hall(world)
    with django_capture_on_commit_callbacks(execute=True):
        draft = make_item(hall.editor, hall.world.city_civil_affairs)
    url = f"/services/items/{draft.code}/"
    assert url not in Client().get("/search/", {"q": "最低生活保障"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_item(actor=hall.editor, item=draft)
    assert url in Client().get("/search/", {"q": "最低生活保障"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_item(actor=hall.editor, item=draft)
    assert url not in Client().get("/search/", {"q": "最低生活保障"}).content.decode()


def test_the_rebuild_yields_published_items_only(world):
    hall = build_hall(world)
    make_item(hall.editor, hall.world.city_civil_affairs, code="11230700MB1234567X4000112002", name="草稿事项")
    published = make_item(hall.editor, hall.world.city_civil_affairs, publish=True)
    documents = list(item_documents())
    assert [(d.kind, d.object_id, d.public) for d in documents] == [(SEARCH_KIND, str(published.pk), True)]
    assert "最低生活保障申请书" in documents[0].body and documents[0].keywords == ()
