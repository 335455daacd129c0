"""`manage.py backup` — a consistent backup (database, uploaded files, manifest of SHA-256 hashes),
copied off-site and pruned per the retention settings. `manage.py backup --verify <backup>` checks
every hash of an existing backup. Both are recorded and audited (docs/security/backup.md)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yiwang.core.security import services
from yiwang.core.security.backup import BackupError


class Command(BaseCommand):
    help = "备份数据库与上传文件（含哈希清单），并复制到异地；--verify 校验已有备份 (Back up, or verify a backup)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--verify", metavar="BACKUP", help="校验该备份目录中每个文件的哈希")
        parser.add_argument("--dir", help="备份目录（默认 BACKUP_DIR）")
        parser.add_argument("--no-offsite", action="store_true", help="不复制到异地（BACKUP_OFFSITE）")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verify"]:
            record, problems = services.verify_backup(Path(options["verify"]))
            for problem in problems:
                self.stderr.write(problem)
            if problems:
                raise CommandError(f"备份校验失败：{len(problems)} 处问题 ({record.name})")
            self.stdout.write(f"备份完好：{record.location}")
            return
        try:
            record = services.create_backup(
                destination=Path(options["dir"]) if options["dir"] else None,
                offsite=[] if options["no_offsite"] else None,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for copy in record.offsite:
            self.stdout.write(f"异地副本 {copy['target']}: {copy['status']} {copy.get('copy', copy.get('error', ''))}")
        self.stdout.write(record.location)
        if record.status != record.Status.OK:
            raise CommandError("备份已完成，但异地复制失败。")
