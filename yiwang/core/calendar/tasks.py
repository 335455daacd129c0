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


@periodic(name="calendar.next_year_check", every=timedelta(hours=6))
def check_next_year() -> None:
    """每年11月起检查下一年度节假日安排是否已录入，未录入则每日提醒日历管理员。"""
    services.check_next_year()
