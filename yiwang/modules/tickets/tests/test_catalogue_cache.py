"""The intake reads the 诉求分类 tree once in a while, not once a ticket (TICKETS_CATALOGUE_CACHE_SECONDS)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from yiwang.modules.tickets import selectors
from yiwang.modules.tickets.models import Category
from yiwang.modules.tickets.selectors import open311 as open311_selectors

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selectors, "_catalogue", (0.0, ()))


def _leaf() -> Category:
    return Category.objects.filter(active=True, parent__isnull=False).order_by("code").first()  # type: ignore[return-value]


@override_settings(TICKETS_CATALOGUE_CACHE_SECONDS=30)
def test_a_second_lookup_within_the_cache_time_reads_no_table() -> None:
    leaf = _leaf()
    with mock.patch.object(selectors.time, "monotonic", return_value=10_000.0):
        selectors.cached_active_categories()  # read once
        with CaptureQueriesContext(connection) as queries:
            service = open311_selectors.get_service(leaf.code)
            category = selectors.get_active_category(leaf.pk)
    assert service is not None and service.category.pk == leaf.pk
    assert category is not None and category.pk == leaf.pk
    assert len(queries) == 0


@override_settings(TICKETS_CATALOGUE_CACHE_SECONDS=30)
def test_a_category_switched_off_is_refused_once_the_cache_time_has_passed() -> None:
    leaf = _leaf()
    with mock.patch.object(selectors.time, "monotonic", return_value=20_000.0):
        assert selectors.get_active_category(leaf.pk) is not None
        Category.objects.filter(pk=leaf.pk).update(active=False)
        assert selectors.get_active_category(leaf.pk) is not None  # still within the 30 seconds
    with mock.patch.object(selectors.time, "monotonic", return_value=20_031.0):
        assert selectors.get_active_category(leaf.pk) is None
        assert open311_selectors.get_service(leaf.code) is None


@override_settings(TICKETS_CATALOGUE_CACHE_SECONDS=0)
def test_without_a_cache_time_every_lookup_reads_the_tree() -> None:
    leaf = _leaf()
    assert selectors.get_active_category(leaf.pk) is not None
    Category.objects.filter(pk=leaf.pk).update(active=False)
    assert selectors.get_active_category(leaf.pk) is None


def test_a_group_with_active_children_is_not_a_service() -> None:
    parent = Category.objects.filter(active=True, parent__isnull=True, children__active=True).first()
    assert parent is not None
    assert open311_selectors.get_service(parent.code) is None
