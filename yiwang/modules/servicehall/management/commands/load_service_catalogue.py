"""manage.py load_service_catalogue — create or update the seeded 政务服务事项 of 伊春市 (办事指南,
申请材料, 办理流程, 主题, 人生事件, 申请表单) and publish them. Safe to run again: what is already
as seeded is left alone."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ...services.seeding import load_catalogue


class Command(BaseCommand):
    help = "加载（或更新）伊春市政务服务事项目录的种子数据：办事指南、申请材料、办理流程、主题、人生事件和申请表单。可重复执行。"

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_catalogue()
        self.stdout.write(
            f"事项：新增 {result.created} 个，更新 {result.updated} 个，未变 {result.unchanged} 个；"
            f"主题写入 {result.topics} 个，人生事件写入 {result.life_events} 个，申请表单保存 {result.forms} 个。"
        )
        for name in result.skipped:
            self.stdout.write(self.style.WARNING(f"未加载：{name}"))
