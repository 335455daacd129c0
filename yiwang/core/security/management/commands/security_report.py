"""`manage.py security_report [--out DIR]` — the 等保 level-3 self-assessment as HTML and PDF, with
the live state of every control (yiwang.core.security.report)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from yiwang.core.audit import services as audit
from yiwang.core.security import report


class Command(BaseCommand):
    help = "生成等保第三级应用自评估报告（HTML 与 PDF） (Write the security self-assessment)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", default="var/reports", help="输出目录")
        parser.add_argument("--no-pdf", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        context = report.report_context()
        html = report.render_html(context)
        stem = f"security-self-assessment-{timezone.localtime():%Y%m%d}"
        (out / f"{stem}.html").write_text(html, encoding="utf-8")
        written = [out / f"{stem}.html"]
        if not options["no_pdf"]:
            (out / f"{stem}.pdf").write_bytes(report.render_pdf(html))
            written.append(out / f"{stem}.pdf")
        audit.record(event="security.report", actor_label="system", detail={"files": [p.name for p in written]})
        self.stdout.write(", ".join(map(str, written)))
        self.stdout.write("；".join(f"{k} {v} 项" for k, v in context["tally"].items()))
