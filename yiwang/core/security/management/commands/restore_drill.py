"""`manage.py restore_drill [--backup DIR]` — 恢复演练: back up, restore into a fresh scratch
database and media directory, and compare row counts, file hashes and the audit chain. The live
instance is untouched; the result is recorded for the self-assessment.

`manage.py restore_drill --check-restored DIR` — after a real `manage.py restore DIR` into this
(wiped) instance: the same comparison on the live database and MEDIA_ROOT. CI runs both."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yiwang.core.security import services


class Command(BaseCommand):
    help = "恢复演练：备份 → 恢复到空库 → 核对行数、文件哈希与审计链 (Restore drill)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--backup", help="使用已有备份（默认先新做一个）")
        parser.add_argument("--check-restored", metavar="BACKUP", help="核对本实例（已用该备份恢复）与备份清单是否一致")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check_restored"]:
            result = services.check_restored_instance(Path(options["check_restored"]))
        else:
            _record, result = services.run_restore_drill(path=Path(options["backup"]) if options["backup"] else None)
        self.stdout.write(
            f"恢复演练 {result.backup}: {result.tables} 张表 {result.rows} 行, {result.files} 个文件, "
            f"{result.audit_entries} 条审计记录"
        )
        for problem in result.problems:
            self.stderr.write(problem)
        if not result.ok:
            raise CommandError(f"恢复演练失败：{len(result.problems)} 处不符")
        self.stdout.write("恢复演练通过：行数、文件哈希与审计链一致。")
