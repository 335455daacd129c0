"""manage.py search_rebuild — rebuild this server's search index from the modules' manifests."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from yiwang.core.search.services import rebuild_index


class Command(BaseCommand):
    help = "重建本服务器的全文检索索引（读取各模块 manifest 的 searchables）。 Rebuild this server's search index."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        count = rebuild_index(actor_label="manage.py search_rebuild")
        self.stdout.write(f"已重建检索索引：{count} 条文档，用时 {time.monotonic() - started:.1f} 秒。")
