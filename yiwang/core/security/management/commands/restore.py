"""`manage.py restore <backup>` — rebuild an empty instance (database and uploaded files) from a
backup after checking its signature, hashes and decryption. A non-empty instance is refused unless
--force. `--allow-unsigned --reason …` restores a backup whose manifest signature cannot be checked
(the hashes and decryption still must hold); the operator and the reason go into the audit log."""

import getpass
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
        parser.add_argument(
            "--allow-unsigned",
            action="store_true",
            help="恢复清单未签名或签名无法核实的备份（哈希与解密仍须通过；须同时给出 --reason，记入审计日志）",
        )
        parser.add_argument("--reason", default="", help="使用 --allow-unsigned 的理由（必填，记入审计日志）")
        parser.add_argument("--operator", default="", help="操作人（默认为当前系统用户名），记入审计日志")

    def handle(self, *args: Any, **options: Any) -> None:
        operator = options["operator"] or _login_name()
        try:
            record = services.restore_backup(
                Path(options["backup"]),
                force=options["force"],
                allow_unsigned=options["allow_unsigned"],
                reason=options["reason"],
                operator=operator,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if record.status != record.Status.OK:
            raise CommandError(f"已恢复，但审计链校验失败：{record.detail.get('chain_problems')}")
        self.stdout.write(f"已从 {record.name} 恢复。")


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers)
        return ""
