"""Periodic work for accounts (run by `manage.py run_scheduler`)."""

from __future__ import annotations

from datetime import timedelta

from yiwang.core.jobs.periodic import periodic

from . import services


@periodic(name="accounts.purge_old_codes", every=timedelta(hours=1))
def purge_old_codes() -> None:
    """删除过期验证码 — delete one-time codes older than a day."""
    services.purge_old_codes()
