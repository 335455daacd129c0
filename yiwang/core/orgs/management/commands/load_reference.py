"""`manage.py load_reference` — the reference deployment (伊春市): organisations and roles; then,
outside production, the demo people and every module's demo content. Idempotent."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.module_loading import import_string

from yiwang.core.orgs import demo
from yiwang.core.orgs.reference import load_organisations
from yiwang.core.registry.registry import get_manifests
from yiwang.core.workflow import demo as workflow_demo


class Command(BaseCommand):
    help = "加载伊春市参考部署：区划、机构、角色；开发环境另加演示账户与演示内容。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-demo", action="store_true", help="只加载区划、机构和角色")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_organisations()
        self.stdout.write(
            f"组织机构：{counts['divisions']} 个区划，{counts['agencies']} 个机构，{counts['roles']} 个角色。"
        )
        # Process definitions name roles, so they are deployed once the roles exist.
        call_command("sync_processes", stdout=self.stdout)
        if options["no_demo"]:
            return
        if not demo.demo_allowed():
            self.stdout.write("生产配置下不加载演示账户和演示内容。 (No demo data under production settings.)")
            return
        people = demo.load_people()
        self.stdout.write(f"演示账户：{len(people)} 个。")
        for manifest in get_manifests():
            if manifest.demo_data:
                self.stdout.write(f"演示内容：{manifest.title}")
                import_string(manifest.demo_data)(self.stdout)
        # Demo instances of the sample processes, once the demo people exist (core.workflow).
        workflow_demo.load(self.stdout)
