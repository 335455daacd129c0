"""`manage.py audit_purge [--older-than DAYS]` — drop entries older than the retention period
(AUDIT_RETENTION_DAYS, never under 180), and only those already inside a verified backup."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from yiwang.core.audit.services import MIN_RETENTION_DAYS, RetentionError
from yiwang.core.security import services as security


class Command(BaseCommand):
    help = f"清理过期审计日志，至少保留 {MIN_RETENTION_DAYS} 天，且须已进入经校验的备份 (Purge old audit entries already in a verified backup)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--older-than", type=int, metavar="DAYS", help="默认为 AUDIT_RETENTION_DAYS")

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["older_than"] or settings.AUDIT_RETENTION_DAYS
        if days < MIN_RETENTION_DAYS:
            raise CommandError(f"审计日志至少保存 {MIN_RETENTION_DAYS} 天，拒绝清理 {days} 天内的记录。")
        try:
            deleted = security.purge_audit_log(days=days)
        except (RetentionError, security.RetentionRefused) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已清理 {deleted} 条审计记录。")
