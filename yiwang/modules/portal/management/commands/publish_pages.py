"""manage.py publish_pages — write every published page of each site as a file for nginx."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yiwang.modules.portal import monitor, publishing


class Command(BaseCommand):
    help = "重新生成站点的静态页面文件（PORTAL_PUBLISH_DIR），并删除已无页面对应的文件。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--site", type=int, help="站点 id（默认全部站点）")

    def handle(self, *args: Any, **options: Any) -> None:
        if publishing.publish_dir() is None:
            raise CommandError("未配置 PORTAL_PUBLISH_DIR，静态发布未开启。")
        sites = [s for s in monitor.sites() if not options["site"] or s.pk == options["site"]]
        if not sites:
            raise CommandError(f"站点 {options['site']} 不存在。")
        for site in sites:
            written, removed = publishing.publish_site(site)
            self.stdout.write(f"{site.hostname}:{site.port} 写入 {written} 个页面，删除 {removed} 个。")
