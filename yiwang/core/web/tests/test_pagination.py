"""CappedPaginator: lists of millions of rows count only up to a cap."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yiwang.core.orgs.models import Division
from yiwang.core.web.pagination import CappedPaginator

pytestmark = pytest.mark.django_db


@pytest.fixture
def divisions() -> None:
    Division.objects.bulk_create(
        [Division(code=f"2307{i:02d}", name=f"区{i}", level=Division.Level.COUNTY) for i in range(12)]
    )


def test_a_list_under_the_cap_counts_every_row(divisions: None) -> None:
    paginator = CappedPaginator(Division.objects.order_by("code"), 5, cap=50)
    assert paginator.count == 12
    assert not paginator.capped
    assert paginator.num_pages == 3
    assert [d.code for d in paginator.get_page(3).object_list] == ["230710", "230711"]


def test_a_list_over_the_cap_counts_to_the_cap_and_says_so(divisions: None) -> None:
    paginator = CappedPaginator(Division.objects.order_by("code"), 5, cap=10)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 10
        assert paginator.capped
    assert len(queries) == 1
    assert "LIMIT" in queries[0]["sql"].upper()  # the count stops at the cap
    assert paginator.num_pages == 2
    assert paginator.get_page(2).has_next() is False
