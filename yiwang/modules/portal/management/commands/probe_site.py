"""manage.py probe_site — probe each site's own address once and record it (15 s / 5 % rule)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from wagtail.models import Site

from yiwang.modules.portal import monitor


class Command(BaseCommand):
    help = "探测站点可用性并记录（只访问已配置的站点地址）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--site", type=int, help="站点 id（默认全部站点）")
        parser.add_argument("--timeout", type=float, help="超时秒数（默认 PORTAL_PROBE_TIMEOUT，15 秒）")

    def handle(self, *args: Any, **options: Any) -> None:
        sites = list(monitor.sites())
        if options["site"]:
            sites = [site for site in sites if site.pk == options["site"]]
            if not sites:
                raise CommandError(f"站点 {options['site']} 不存在。")
        for site in sites:
            for probe in monitor.probe_site(site, timeout=options["timeout"]):
                state = "正常" if probe.ok else f"失败（{probe.error}）"
                self.stdout.write(f"{probe.url} {probe.status_code or '-'} {probe.duration_ms} ms {state}")
            share = monitor.availability(site)
            self.stdout.write(
                f"{Site.objects.get(pk=site.pk)}: 近 {share.days} 天 {share.probes} 次探测，失败 {share.failures} 次"
                f"（{share.failure_percent}）"
            )
