"""Periodic jobs (定时任务). Register a zero-argument callable in any app's `tasks.py`:

    @periodic(name="notifications.retry_deliveries", every=timedelta(minutes=1))
    def retry_deliveries() -> None: ...

`manage.py run_scheduler` enqueues each job once per slot, where slot = floor(now / every) counted
from the Unix epoch (so daily jobs start at 00:00 UTC = 08:00 Beijing). A slot is claimed by
inserting a `JobRun` with unique (name, slot), so several schedulers may run side by side and a
job still runs once per slot. Apps' `tasks` modules are imported by `JobsConfig.ready()`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

JobFunc = Callable[[], object]


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    func: JobFunc
    description: str
    offset: timedelta = timedelta(0)

    def slot_at(self, now: datetime) -> int:
        return slot_for(self.every, now - self.offset)

    def slot_start(self, slot: int) -> datetime:
        return datetime.fromtimestamp(slot * self.every.total_seconds(), tz=UTC) + self.offset


_JOBS: dict[str, PeriodicJob] = {}


def slot_for(every: timedelta, now: datetime) -> int:
    seconds = every.total_seconds()
    if seconds <= 0:
        raise ValueError("every must be positive")
    return int(now.timestamp() // seconds)


def periodic(*, name: str, every: timedelta, offset: timedelta = timedelta(0)) -> Callable[[JobFunc], JobFunc]:
    """Register the decorated zero-argument callable as a periodic job called `name`.

    `offset` shifts the slots: `every=timedelta(days=1), offset=timedelta(hours=18)` runs daily at
    18:00 UTC = 02:00 Beijing time.
    """
    if every.total_seconds() < 1:
        raise ValueError("a periodic job runs at most once a second")
    if not timedelta(0) <= offset < every:
        raise ValueError("offset must be at least zero and shorter than every")

    def decorator(func: JobFunc) -> JobFunc:
        doc = (func.__doc__ or "").strip().splitlines()
        _JOBS[name] = PeriodicJob(name=name, every=every, func=func, description=doc[0] if doc else "", offset=offset)
        return func

    return decorator


def registered_jobs() -> dict[str, PeriodicJob]:
    return dict(_JOBS)


def get_job(name: str) -> PeriodicJob:
    return _JOBS[name]


def unregister(name: str) -> None:
    """For tests that register throwaway jobs."""
    _JOBS.pop(name, None)
