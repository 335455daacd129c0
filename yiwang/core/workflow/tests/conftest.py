"""Fixtures of the workflow tests: the two sample processes deployed over the shared `world`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from django.utils import timezone

from yiwang.core.calendar.workcalendar import work_calendar
from yiwang.core.workflow import services
from yiwang.testing.personas import World


@pytest.fixture(autouse=True)
def fresh_calendar() -> Iterator[None]:
    work_calendar.invalidate()
    yield
    work_calendar.invalidate()


# Due dates are computed from the engine's clock: the engine's tests pin it inside a year the
# calendar knows (`pytestmark = pytest.mark.usefixtures("pinned_clock")`).
PINNED_NOW = timezone.make_aware(datetime(2026, 6, 10, 10, 0))


@pytest.fixture
def pinned_clock(monkeypatch: pytest.MonkeyPatch) -> datetime:
    monkeypatch.setattr(services, "_now", lambda: PINNED_NOW)
    return PINNED_NOW


@pytest.fixture
def processes(world: World) -> list[tuple[str, int, bool]]:
    """The core sample processes (示例：发文流程, 示例：诉求办理) deployed."""
    return services.sync_processes()
