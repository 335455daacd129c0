"""Background work of the calendar: recomputing open clocks, and the reminder sweep."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from yiwang.core.jobs.periodic import periodic

from . import services


@task()
def recompute_open_clocks_task() -> int:
    """Recompute open and provisional clocks after the calendar data changed."""
    return services.recompute_open_clocks()


@periodic(name="calendar.clock_reminders", every=timedelta(minutes=15))
def send_clock_reminders() -> None:
    """法定时限到期提醒与逾期督办（每15分钟）。"""
    services.send_clock_reminders()
