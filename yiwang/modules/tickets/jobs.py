"""Periodic jobs of 诉求 (imported by `TicketsConfig.ready()`, run by `manage.py run_scheduler`)."""

from __future__ import annotations

from datetime import timedelta

from yiwang.core.jobs.periodic import periodic

from .services import handling_control


@periodic(name="tickets.supervise_overdue", every=timedelta(minutes=15))
def supervise_overdue() -> None:
    """超期诉求自动督办，并关闭已届满的退单时限（每15分钟）。"""
    handling_control.close_expired_return_windows()
    handling_control.supervise_overdue_tickets()
