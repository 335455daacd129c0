"""`manage.py run_scheduler`: every few seconds, enqueue the periodic jobs whose slot has come.

Run one or several (they agree through the JobRun table); `--once` does a single pass for cron
or tests. The jobs themselves run in the task worker (`manage.py db_worker`).
"""

from __future__ import annotations

import logging
import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections

from yiwang.core.jobs import services
from yiwang.core.jobs.periodic import registered_jobs

logger = logging.getLogger("yiwang.jobs")


class Command(BaseCommand):
    help = "定时任务调度器：按时段把到期的定时任务放入后台任务队列 (enqueue due periodic jobs)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Enqueue due jobs once and exit.")
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between passes (default 5).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            claimed = services.enqueue_due_jobs()
            self.stdout.write(f"enqueued {len(claimed)} job(s): {', '.join(r.name for r in claimed) or '-'}")
            return
        self._stopping = False
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        interval = max(options["interval"], 0.5)
        self.stdout.write(f"scheduler started: {len(registered_jobs())} periodic job(s), every {interval}s")
        while not self._stopping:
            close_old_connections()
            try:
                for run in services.enqueue_due_jobs():
                    logger.info("enqueued %s (slot %s)", run.name, run.slot)
            except DatabaseError:
                # A database hiccup must not kill the scheduler; the next pass tries again.
                logger.exception("scheduler pass failed")
            deadline = time.monotonic() + interval
            while not self._stopping and time.monotonic() < deadline:
                time.sleep(0.2)
        self.stdout.write("scheduler stopped")

    def _stop(self, signum: int, frame: object) -> None:
        self._stopping = True
