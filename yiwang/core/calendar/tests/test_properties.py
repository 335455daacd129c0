"""Properties of working-day arithmetic over every year the library covers (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yiwang.core.calendar.workcalendar import (
    add_calendar_days,
    add_working_days,
    is_workday,
    working_days_between,
)

pytestmark = pytest.mark.django_db

# Leave room at the end of 2026 so that no result reaches 2027 (unknown to the library).
starts = st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 6, 30))
counts = st.integers(min_value=1, max_value=60)
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(start=starts, n=counts)
def test_result_is_a_working_day_strictly_after_start(start: date, n: int) -> None:
    due = add_working_days(start, n)
    assert due > start
    assert is_workday(due)
    assert chinese_calendar.is_workday(due)


@PROPERTY
@given(start=starts, n=counts)
def test_working_days_between_inverts_add_working_days(start: date, n: int) -> None:
    assert working_days_between(start, add_working_days(start, n)) == n


@PROPERTY
@given(start=starts, n=counts)
def test_add_working_days_is_strictly_monotone_in_n(start: date, n: int) -> None:
    assert add_working_days(start, n) < add_working_days(start, n + 1)


@PROPERTY
@given(start=starts, n=counts, m=counts)
def test_add_working_days_composes(start: date, n: int, m: int) -> None:
    assert add_working_days(add_working_days(start, n), m) == add_working_days(start, n + m)


@PROPERTY
@given(start=starts, n=counts)
def test_agrees_with_the_library_from_a_working_day(start: date, n: int) -> None:
    if is_workday(start):
        assert add_working_days(start, n) == chinese_calendar.find_workday(n, start)


@PROPERTY
@given(start=starts, n=counts)
def test_no_working_day_is_skipped(start: date, n: int) -> None:
    due = add_working_days(start, n)
    days = [start + timedelta(days=i) for i in range(1, (due - start).days + 1)]
    assert sum(1 for d in days if chinese_calendar.is_workday(d)) == n


@PROPERTY
@given(start=starts, n=st.integers(min_value=0, max_value=90))
def test_calendar_period_ends_on_the_first_working_day_on_or_after_start_plus_n(start: date, n: int) -> None:
    end = add_calendar_days(start, n)
    plain = start + timedelta(days=n)
    assert end >= plain and is_workday(end)
    assert all(not is_workday(plain + timedelta(days=i)) for i in range((end - plain).days))
