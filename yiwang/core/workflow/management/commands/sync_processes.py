"""`manage.py sync_processes` — deploy the BPMN files shipped by core and the modules' manifests.

A new version is deployed only when a file's sha256 differs from the current version's; running
instances keep the version they started on."""

from typing import Any

from django.core.management.base import BaseCommand

from yiwang.core.workflow.services import sync_processes


class Command(BaseCommand):
    help = "部署核心与各模块自带的流程定义（文件内容变化时才生成新版本）。"

    def handle(self, *args: Any, **options: Any) -> None:
        for key, version, deployed in sync_processes():
            state = "已部署新版本" if deployed else "未变化"
            self.stdout.write(f"流程 {key} v{version}：{state}")
