"""Periodic jobs of the portal's content side: scheduled publishing and the editor groups."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.management import call_command

from yiwang.core.jobs.periodic import periodic

from . import services


@periodic(name="portal.publish_scheduled", every=timedelta(minutes=1))
def publish_scheduled() -> None:
    """定时发布：发布“上线时间”已到的已审核页面，下线“下线时间”已到的页面（Wagtail publish_scheduled）。"""
    call_command("publish_scheduled", stdout=io.StringIO())


@periodic(name="portal.sync_editor_groups", every=timedelta(minutes=10))
def sync_editor_groups() -> None:
    """按组织机构中的角色同步网站编辑、审核用户组及三审审核组。"""
    services.sync_editor_groups()
