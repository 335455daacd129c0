"""Fixtures of the calendar tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from yiwang.core.calendar.workcalendar import work_calendar


@pytest.fixture(autouse=True)
def fresh_calendar() -> Iterator[None]:
    """Each test starts with no in-process year tables (the database was rolled back)."""
    work_calendar.invalidate()
    yield
    work_calendar.invalidate()
