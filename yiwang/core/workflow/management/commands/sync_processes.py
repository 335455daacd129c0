"""`manage.py sync_processes` — deploy the BPMN files shipped by core and the modules' manifests.

A new version is deployed only when a file's sha256 differs from the current version's; running
instances keep the version they started on. When an administrator uploaded the current version,
a changed file is added as a non-current version only (see `services.sync_processes`)."""

from typing import Any

from django.core.management.base import BaseCommand

from yiwang.core.workflow.models import ProcessDefinition
from yiwang.core.workflow.services import sync_processes


class Command(BaseCommand):
    help = "部署核心与各模块自带的流程定义（文件内容变化时才生成新版本）。"

    def handle(self, *args: Any, **options: Any) -> None:
        for key, version, deployed in sync_processes():
            state = "未变化"
            if deployed:
                current = ProcessDefinition.objects.filter(key=key, version=version, is_current=True).exists()
                state = "已部署新版本" if current else "已添加新版本（未启用：当前版本由管理员上传，请审阅后决定）"
            self.stdout.write(f"流程 {key} v{version}：{state}")
