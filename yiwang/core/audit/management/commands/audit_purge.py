"""`manage.py audit_purge --older-than DAYS` — drop entries older than DAYS (never under 180)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yiwang.core.audit.services import MIN_RETENTION_DAYS, RetentionError, purge_before


class Command(BaseCommand):
    help = f"清理过期审计日志，至少保留 {MIN_RETENTION_DAYS} 天 (Purge old audit entries; at least {MIN_RETENTION_DAYS} days kept)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--older-than", type=int, required=True, metavar="DAYS")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            deleted = purge_before(cutoff_days=options["older_than"])
        except RetentionError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已清理 {deleted} 条审计记录。")
