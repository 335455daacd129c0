"""The 等保 self-assessment: every requirement L3-CES1-01…35, live values, HTML and PDF with CJK glyphs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from yiwang.core.security import report
from yiwang.core.security.models import BackupRecord, Incident
from yiwang.testing.personas import World


def test_report_lists_all_35_requirements_with_live_values(world: World) -> None:
    BackupRecord.objects.create(
        kind="drill", status="failed", started_at=timezone.now(), finished_at=timezone.now(), name="b1"
    )
    Incident.objects.create(
        number="AQ20260001",
        title="演练",
        level=Incident.Level.GENERAL,
        occurred_at=timezone.now(),
        discovered_at=timezone.now(),
        description="x",
        recorded_by=world.security_admin,
    )
    context = report.report_context()
    codes = [row.code for row in context["rows"]]
    assert codes == [f"L3-CES1-{n:02d}" for n in range(1, 36)]
    rows = {row.code: row for row in context["rows"]}
    assert "失败" in rows["L3-CES1-29"].live and rows["L3-CES1-29"].verdict == report.NOT_MET
    assert "未结安全事件 1 起" in rows["L3-CES1-22"].live
    assert context["state"]["audit_retention_days"] >= 180
    assert context["state"]["staff"] >= 8  # the staff personas


def test_security_report_command_writes_html_and_a_pdf_with_chinese_glyphs(world: World, tmp_path: Path) -> None:
    call_command("security_report", "--out", str(tmp_path))
    html = next(tmp_path.glob("*.html")).read_text()
    pdf = next(tmp_path.glob("*.pdf")).read_bytes()
    assert "L3-CES1-35" in html and "自评估报告" in html
    assert pdf.startswith(b"%PDF")


def test_report_pdf_embeds_a_chinese_font_with_real_glyphs(world: World) -> None:
    from weasyprint import HTML

    document = HTML(string=report.render_html(report.report_context())).render()
    document.write_pdf()
    cjk = [font for font in document.fonts.values() if b"CJK" in font.name or b"WenQuanYi" in font.name]
    assert cjk, [font.name for font in document.fonts.values()]
    # Hundreds of distinct Chinese characters are drawn: far more glyphs than .notdef alone.
    assert max(len(font.widths) for font in cjk) > 200


@pytest.mark.parametrize("persona", ["security_admin", "audit_admin"])
def test_security_and_audit_admins_read_the_report_in_the_workspace(world: World, login: Any, persona: str) -> None:
    response = login(getattr(world, persona)).get(reverse("security:report"))
    assert response.status_code == 200 and "L3-CES1-04" in response.content.decode()


def test_system_admin_cannot_read_the_report(world: World, login: Any) -> None:
    assert login(world.system_admin).get(reverse("security:report")).status_code == 302


def test_retention_below_180_days_is_refused(settings: Any) -> None:
    from yiwang.core.security.checks import check_audit_retention

    settings.AUDIT_RETENTION_DAYS = 90
    assert [error.id for error in check_audit_retention()] == ["security.E001"]
