"""`manage.py restore <backup>` — rebuild an empty instance (database and uploaded files) from a
backup after checking its hashes. A non-empty instance is refused unless --force. Audited."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yiwang.core.security import services
from yiwang.core.security.backup import BackupError


class Command(BaseCommand):
    help = "从备份恢复一个空实例（数据库与上传文件） (Restore an empty instance from a backup)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", help="备份目录")
        parser.add_argument("--force", action="store_true", help="覆盖非空实例（先删除其全部数据）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            record = services.restore_backup(Path(options["backup"]), force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if record.status != record.Status.OK:
            raise CommandError(f"已恢复，但审计链校验失败：{record.detail.get('chain_problems')}")
        self.stdout.write(f"已从 {record.name} 恢复。")
