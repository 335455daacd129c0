"""The satisfaction figures the statistics pages read: 满意率 over the ratings given in a date range,
差评整改率 (a 差评 whose ticket was rated satisfied in a later round), per agency; a rating whose
appeal was upheld does not count."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest
from django.utils import timezone

from yiwang.core.orgs.models import Agency
from yiwang.modules.tickets.models import Rating, Ticket
from yiwang.modules.tickets.selectors.rating import satisfaction_by_agency, satisfaction_totals
from yiwang.testing.personas import World

from .factories import submit

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 10)


def at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def rated(
    ticket: Ticket, level: str, *, agency: Agency, round: int = 1, when: datetime | None = None, **extra: Any
) -> Rating:
    return Rating.objects.create(
        ticket=ticket,
        round=round,
        agency=agency,
        reply="答复",
        level=level,
        source=Rating.Source.LINK,
        rated_at=when or at(DAY),
        **extra,
    )


def test_totals_count_each_level_the_satisfaction_and_the_rectification_rate(world: World) -> None:
    civil = world.city_civil_affairs
    rectified = submit()
    rated(rectified, "dissatisfied", agency=civil)
    rated(rectified, "basically_satisfied", agency=civil, round=2)
    rated(submit(), "very_dissatisfied", agency=civil)
    rated(submit(), "very_satisfied", agency=world.jiayin_civil_affairs)
    totals = satisfaction_totals(start=DAY, end=DAY)
    assert totals == {
        "rated": 4,
        "by_level": {
            "very_satisfied": 1,
            "satisfied": 0,
            "basically_satisfied": 1,
            "dissatisfied": 1,
            "very_dissatisfied": 1,
        },
        "satisfied": 2,
        "dissatisfied": 2,
        "satisfaction_rate": 0.5,
        "rectified": 1,
        "rectification_rate": 0.5,
    }
    mine = satisfaction_totals(start=DAY, end=DAY, agency_id=civil.pk)
    assert (mine["rated"], mine["satisfaction_rate"], mine["rectified"]) == (3, 1 / 3, 1)


def test_an_upheld_appeals_rating_counts_nowhere(world: World) -> None:
    rated(submit(), "very_dissatisfied", agency=world.city_civil_affairs, excluded=True)
    rated(submit(), "satisfied", agency=world.city_civil_affairs)
    totals = satisfaction_totals(start=DAY, end=DAY)
    assert (totals["rated"], totals["dissatisfied"], totals["satisfaction_rate"]) == (1, 0, 1.0)
    assert totals["rectification_rate"] is None


def test_the_dates_are_inclusive_local_days(world: World) -> None:
    ticket = submit()
    rated(ticket, "dissatisfied", agency=world.city_civil_affairs, when=at(date(2026, 3, 1), 0))
    rated(ticket, "satisfied", agency=world.city_civil_affairs, round=2, when=at(date(2026, 3, 31), 23))
    assert satisfaction_totals(start=date(2026, 3, 1), end=date(2026, 3, 31))["rated"] == 2
    assert satisfaction_totals(start=date(2026, 3, 2), end=date(2026, 3, 31))["rated"] == 1
    nothing = satisfaction_totals(start=date(2026, 4, 1), end=date(2026, 4, 30))
    assert nothing["rated"] == 0 and nothing["satisfaction_rate"] is None


def test_by_agency_gives_each_rated_agency_its_figures(world: World) -> None:
    civil, jiayin = world.city_civil_affairs, world.jiayin_civil_affairs
    rectified = submit()
    rated(rectified, "very_dissatisfied", agency=civil)
    rated(rectified, "satisfied", agency=civil, round=2)
    rated(submit(), "dissatisfied", agency=jiayin)
    rows = satisfaction_by_agency(start=DAY, end=DAY)
    assert [(r["agency_id"], r["agency_name"]) for r in rows] == sorted(
        [(civil.pk, civil.full_name), (jiayin.pk, jiayin.full_name)], key=lambda pair: pair[1]
    )
    by_id = {row["agency_id"]: row for row in rows}
    assert (by_id[civil.pk]["rated"], by_id[civil.pk]["rectified"], by_id[civil.pk]["rectification_rate"]) == (
        2,
        1,
        1.0,
    )
    assert (by_id[jiayin.pk]["satisfaction_rate"], by_id[jiayin.pk]["rectification_rate"]) == (0.0, 0.0)
    assert satisfaction_by_agency(start=date(2026, 1, 1), end=date(2026, 1, 31)) == []
