"""Reading the clocks of many holders at once (lists and statistics) without a query per holder."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from yiwang.core.accounts.models import User
from yiwang.core.calendar import selectors, services
from yiwang.core.calendar.models import Clock
from yiwang.testing.personas import World

pytestmark = pytest.mark.django_db


def _clock(holder: User, kind: str) -> Clock:
    return services.start_clock(
        obj=holder, kind=kind, unit=Clock.Unit.WORKING_DAYS, limit=5, start=date(2026, 9, 1), basis="测试依据"
    )


def test_clocks_of_many_holders_come_in_one_query_filtered_by_kind(
    world: World, django_assert_num_queries: Any
) -> None:
    first = _clock(world.citizen, "statutory")
    _clock(world.citizen, "other")
    second = _clock(world.city_clerk, "statutory")
    _clock(world.leader, "statutory")  # not asked for
    ids = [world.citizen.pk, world.city_clerk.pk]
    selectors.list_clocks_for_objects(User, ids, kinds=["statutory"]).count()  # warms the content-type cache
    with django_assert_num_queries(1):
        found = list(selectors.list_clocks_for_objects(User, ids, kinds=["statutory"]))
    assert [(clock.object_id, clock.kind) for clock in found] == [
        (first.object_id, "statutory"),
        (second.object_id, "statutory"),
    ]


def test_without_kinds_every_clock_of_the_holders_is_returned_oldest_first(world: World) -> None:
    older = _clock(world.citizen, "statutory")
    newer = _clock(world.citizen, "promised")
    assert list(selectors.list_clocks_for_objects(User, [world.citizen.pk])) == [older, newer]
