"""`manage.py audit_verify` — walk the hash chain; exit 1 if any row was edited, inserted or deleted."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from yiwang.core.audit.services import verify_chain


class Command(BaseCommand):
    help = "校验审计日志哈希链 (Verify the audit log's hash chain)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if report.intact:
            self.stdout.write(
                self.style.SUCCESS(f"审计链完整：已校验 {report.checked} 条。 (chain intact, {report.checked} entries)")
            )
            return
        for problem in report.problems:
            self.stderr.write(problem)
        raise CommandError(f"审计链被破坏：发现 {len(report.problems)} 处问题。 (audit chain broken)")
