"""Periodic jobs of the portal's delivery side: probes, inspection alerts, published-file repair."""

from __future__ import annotations

import logging
from datetime import timedelta

from yiwang.core.jobs.periodic import periodic

from . import monitor, publishing

logger = logging.getLogger(__name__)


@periodic(name="portal.probe_sites", every=timedelta(minutes=30))
def probe_sites() -> None:
    """探测各站点首页可用性（15 秒 / 5% 规则，每天 48 次）。"""
    for site in monitor.sites():
        monitor.probe_site(site)


@periodic(name="portal.inspection", every=timedelta(hours=1), offset=timedelta(minutes=5))
def inspect_sites() -> None:
    """检查栏目更新、首页更新、可用性与失效链接，并提醒网站编辑（同一问题只提醒一次）。"""
    for site in monitor.sites():
        monitor.check_links(site)
        monitor.run_inspection(site)


@periodic(name="portal.republish", every=timedelta(hours=1), offset=timedelta(minutes=20))
def republish_sites() -> None:
    """重新生成各站点的静态页面文件（页脚、模板等未经发布的变化）。"""
    if publishing.publish_dir() is None:
        return
    for site in monitor.sites():
        written, removed = publishing.publish_site(site)
        logger.info("portal: %s written %d removed %d", site.hostname, written, removed)
