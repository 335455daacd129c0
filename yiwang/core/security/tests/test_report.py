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


def _rows() -> dict[str, Any]:
    return {row.code: row for row in report.report_context()["rows"]}


def test_intrusion_detection_is_not_met_while_an_incident_report_is_overdue(world: World) -> None:
    now = timezone.now()
    incident = Incident.objects.create(
        number="AQ20260002",
        title="网站被篡改",
        level=Incident.Level.LARGER,
        occurred_at=now - timezone.timedelta(hours=6),
        discovered_at=now - timezone.timedelta(hours=5),
        report_due_at=now - timezone.timedelta(hours=1),
        description="首页被篡改",
        recorded_by=world.security_admin,
    )
    row = _rows()["L3-CES1-22"]
    assert row.verdict == report.NOT_MET and "逾期未报 1 起" in row.live
    incident.reported_at = now
    incident.save(update_fields=["reported_at"])
    row = _rows()["L3-CES1-22"]
    assert row.verdict == report.MET and "逾期未报 0 起" in row.live


def test_separation_of_duties_verdict_follows_the_live_configuration(world: World) -> None:
    from yiwang.core.orgs.models import Role

    row = _rows()["L3-CES1-08"]
    assert row.verdict == report.MET, row.live
    assert "安全管理员 1 人" in row.live and "权限矩阵未声明 0 个" in row.live
    # A business role carrying an administrator's verb (put in past the service) breaks 三权分立.
    Role.objects.filter(code="clerk").update(verbs=["portal.view", "core.view_audit"])
    row = _rows()["L3-CES1-08"]
    assert row.verdict == report.NOT_MET and "clerk" in row.live


def test_separation_of_duties_is_partly_met_without_all_three_administrators(world: World) -> None:
    from yiwang.core.accounts.models import User

    User.objects.filter(pk=world.audit_admin.pk).update(admin_role="")
    row = _rows()["L3-CES1-08"]
    assert row.verdict == report.PARTLY and "审计管理员 0 人" in row.live


def test_vulnerability_patching_is_not_claimed_without_evidence(world: World) -> None:
    row = _rows()["L3-CES1-21"]
    assert row.verdict == report.PARTLY and "pip-audit" in row.live


def test_clamav_state_follows_the_file_services_settings(world: World, settings: Any) -> None:
    settings.CLAMAV_SOCKET, settings.CLAMAV_HOST = "", ""
    assert _rows()["L3-CES1-23"].verdict == report.PARTLY
    settings.CLAMAV_HOST = "127.0.0.1"
    assert _rows()["L3-CES1-23"].verdict == report.MET
    settings.CLAMAV_HOST, settings.CLAMAV_SOCKET = "", "/run/clamav/clamd.ctl"
    assert report.report_context()["state"]["clamav"] is True
