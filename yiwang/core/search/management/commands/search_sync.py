"""manage.py search_sync — keep this server's search index in step with the change log.

Run one per application server (beside gunicorn). It rebuilds first when the index is new, its
schema changed, or it was offline longer than the log is kept; then applies new log entries every
POLL_SECONDS, and prunes old log entries once an hour.
"""

from __future__ import annotations

import logging
import signal
import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from yiwang.core.search import sync
from yiwang.core.search.backends import get_backend, search_settings
from yiwang.core.search.services import rebuild_index

logger = logging.getLogger(__name__)
PRUNE_EVERY_SECONDS = 3600


class Command(BaseCommand):
    help = "持续同步本服务器的检索索引（每台应用服务器运行一个）。 Keep the local search index in sync."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="同步一次后退出 (catch up once and exit)")
        parser.add_argument("--interval", type=float, default=None, help="轮询间隔秒数 (poll interval, seconds)")

    def handle(self, *args: Any, **options: Any) -> None:
        interval = float(options["interval"] or search_settings()["POLL_SECONDS"])
        backend = get_backend()
        if sync.needs_rebuild(backend):
            count = rebuild_index(actor_label="manage.py search_sync")
            self.stdout.write(f"检索索引已重建：{count} 条文档。")
        stopping = False

        def stop(*_: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        last_prune = 0.0
        while True:
            try:
                applied = sync.catch_up(backend)
                if applied:
                    logger.info("search: applied %s change(s)", applied)
                if time.monotonic() - last_prune > PRUNE_EVERY_SECONDS:
                    sync.prune_log()
                    last_prune = time.monotonic()
            except Exception:
                logger.exception("检索同步失败，稍后重试 (search sync failed; retrying)")
            if options["once"] or stopping:
                return
            close_old_connections()  # between polls, as a request would: never drop a broken connection on us
            time.sleep(interval)
