"""Incident register: levels, the 4-hour reporting clock for 较大 and above, timeline, reminders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.urls import reverse

from yiwang.core.audit.models import AuditEntry
from yiwang.core.notifications.models import Message
from yiwang.core.security import services
from yiwang.core.security.models import Incident
from yiwang.testing.personas import World

DISCOVERED = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)  # 09:30 Beijing


def test_larger_incident_must_be_reported_within_four_clock_hours(world: World) -> None:
    incident = services.register_incident(
        user=world.security_admin,
        title="门户网站页面被篡改",
        level=Incident.Level.LARGER,
        occurred_at=DISCOVERED - timedelta(minutes=20),
        discovered_at=DISCOVERED,
        description="首页出现非法链接。",
    )
    assert incident.report_due_at == DISCOVERED + timedelta(hours=4)
    assert incident.number.startswith("AQ2026")
    assert AuditEntry.objects.filter(event="security.incident_register", object_id=str(incident.pk)).exists()


def test_general_incident_has_no_reporting_clock(world: World) -> None:
    incident = services.register_incident(
        user=world.security_admin,
        title="单个账户口令被猜测",
        level=Incident.Level.GENERAL,
        occurred_at=DISCOVERED,
        discovered_at=DISCOVERED,
        description="已锁定。",
    )
    assert incident.report_due_at is None


def test_unreported_incident_reminds_before_and_after_the_deadline_once_each(world: World) -> None:
    incident = services.register_incident(
        user=world.security_admin,
        title="数据库异常访问",
        level=Incident.Level.MAJOR,
        occurred_at=DISCOVERED,
        discovered_at=DISCOVERED,
        description="发现异常查询。",
    )
    assert services.remind_incident_reports(now=DISCOVERED + timedelta(hours=1)) == 0
    assert services.remind_incident_reports(now=DISCOVERED + timedelta(hours=3, minutes=10)) == 1
    assert services.remind_incident_reports(now=DISCOVERED + timedelta(hours=3, minutes=20)) == 0
    assert services.remind_incident_reports(now=DISCOVERED + timedelta(hours=4, minutes=5)) == 1
    assert (
        Message.objects.filter(recipient=world.security_admin, template_code="security.incident_report_due").count()
        == 2
    )
    services.record_incident_report(
        user=world.security_admin,
        incident=incident,
        reported_at=DISCOVERED + timedelta(hours=5),
        reported_to="省委网信办",
    )
    assert "超过 4 小时" in incident.entries.get(kind="report").text


def test_security_admin_registers_an_incident_and_adds_to_its_timeline(world: World, login: Any) -> None:
    client = login(world.security_admin)
    response = client.post(
        reverse("security:incident_new"),
        {
            "title": "疑似撞库攻击",
            "level": Incident.Level.LARGER,
            "occurred_at": "2026-03-02T09:00",
            "discovered_at": "2026-03-02T09:10",
            "description": "同一地址大量登录失败。",
        },
    )
    incident = Incident.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("security:incident", args=[incident.pk]))
    assert "4 小时" in page.content.decode() and "incident-response.md" in page.content.decode()
    client.post(
        reverse("security:incident", args=[incident.pk]),
        {"action": "entry", "kind": "note", "at": "2026-03-02T09:30", "text": "已封禁来源地址。"},
    )
    assert incident.entries.filter(text="已封禁来源地址。").exists()


def test_bad_incident_input_is_refused_in_chinese_and_kept(world: World, login: Any) -> None:
    client = login(world.security_admin)
    response = client.post(
        reverse("security:incident_new"),
        {
            "title": "时间填反了",
            "level": Incident.Level.GENERAL,
            "occurred_at": "2026-03-02T10:00",
            "discovered_at": "2026-03-02T09:00",
            "description": "说明",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and "发现时间不能早于发生时间" in body and "时间填反了" in body
    assert not Incident.objects.exists()


def test_system_admin_cannot_open_the_incident_register(world: World, login: Any) -> None:
    response = login(world.system_admin).get(reverse("security:incidents"))
    assert response.status_code == 302 and not Incident.objects.exists()


# --- configurable reporting clocks and re-grading -----------------------------------------------------


def _incident(world: World, level: str, **fields: Any) -> Incident:
    return services.register_incident(
        user=world.security_admin,
        title=fields.pop("title", "门户网站异常"),
        level=level,
        occurred_at=DISCOVERED,
        discovered_at=DISCOVERED,
        description="发现异常。",
        **fields,
    )


def test_reporting_hours_per_level_come_from_the_setting(world: World, settings: Any) -> None:
    settings.SECURITY_INCIDENT_REPORT_HOURS = {"extraordinary": 1, "major": 2, "larger": 0.5, "general": None}
    assert _incident(world, Incident.Level.EXTRAORDINARY).report_due_at == DISCOVERED + timedelta(hours=1)
    assert _incident(world, Incident.Level.MAJOR).report_due_at == DISCOVERED + timedelta(hours=2)
    larger = _incident(world, Incident.Level.LARGER)
    assert larger.report_due_at == DISCOVERED + timedelta(minutes=30)
    assert services.report_window(larger) == "30 分钟"
    assert _incident(world, Incident.Level.GENERAL).report_due_at is None


def test_regrading_recomputes_the_deadline_from_discovery_and_records_the_reason(world: World) -> None:
    incident = _incident(world, Incident.Level.GENERAL)
    regraded = services.regrade_incident(
        user=world.security_admin, incident=incident, level=Incident.Level.LARGER, reason="确认涉及个人信息泄露"
    )
    assert regraded.level == Incident.Level.LARGER
    assert regraded.report_due_at == DISCOVERED + timedelta(hours=4)
    entry = regraded.entries.get(kind="level")
    assert "一般 → 较大" in entry.text and "确认涉及个人信息泄露" in entry.text and "发现后 4 小时" in entry.text
    assert entry.author == world.security_admin
    logged = AuditEntry.objects.get(event="security.incident_regrade", object_id=str(incident.pk))
    assert logged.detail["before"] == Incident.Level.GENERAL and logged.detail["after"] == Incident.Level.LARGER
    assert logged.detail["reason"] == "确认涉及个人信息泄露"
    assert logged.actor_id == world.security_admin.pk


def test_regrading_uses_the_new_levels_configured_hours(world: World, settings: Any) -> None:
    settings.SECURITY_INCIDENT_REPORT_HOURS = {"extraordinary": 1, "major": 2, "larger": 4, "general": None}
    incident = _incident(world, Incident.Level.LARGER)
    regraded = services.regrade_incident(
        user=world.security_admin, incident=incident, level=Incident.Level.MAJOR, reason="影响扩大到服务大厅"
    )
    assert regraded.report_due_at == DISCOVERED + timedelta(hours=2)


def test_regrading_down_to_general_stops_the_reporting_clock(world: World) -> None:
    incident = _incident(world, Incident.Level.LARGER)
    regraded = services.regrade_incident(
        user=world.security_admin, incident=incident, level=Incident.Level.GENERAL, reason="核实为误报，仅单个账户"
    )
    assert regraded.report_due_at is None
    assert services.remind_incident_reports(now=DISCOVERED + timedelta(hours=5)) == 0


def test_a_regraded_incident_is_reminded_of_its_new_deadline(world: World, settings: Any) -> None:
    settings.SECURITY_INCIDENT_REPORT_HOURS = {"extraordinary": 1, "major": 8, "larger": 4, "general": None}
    incident = _incident(world, Incident.Level.LARGER)
    assert services.remind_incident_reports(now=DISCOVERED + timedelta(hours=3, minutes=10)) == 1  # 4 h: due soon
    services.regrade_incident(user=world.security_admin, incident=incident, level="2", reason="按重大事件处置")
    assert services.remind_incident_reports(now=DISCOVERED + timedelta(hours=4, minutes=5)) == 0  # old deadline gone
    assert services.remind_incident_reports(now=DISCOVERED + timedelta(hours=7, minutes=10)) == 1  # 8 h: due soon
    assert services.remind_incident_reports(now=DISCOVERED + timedelta(hours=8, minutes=5)) == 1  # 8 h: overdue


@pytest.mark.parametrize(
    ("level", "reason", "message"),
    [
        (Incident.Level.MAJOR, "  ", "请填写调整级别的理由"),
        (Incident.Level.LARGER, "再次确认", "事件已是“较大”级"),
        ("9", "理由", "未知的事件级别"),
    ],
)
def test_regrading_without_a_reason_to_the_same_or_an_unknown_level_is_refused(
    world: World, level: str, reason: str, message: str
) -> None:
    incident = _incident(world, Incident.Level.LARGER)
    with pytest.raises(services.IncidentError, match=message):
        services.regrade_incident(user=world.security_admin, incident=incident, level=level, reason=reason)
    incident.refresh_from_db()
    assert incident.level == Incident.Level.LARGER and incident.report_due_at == DISCOVERED + timedelta(hours=4)
    assert not incident.entries.filter(kind="level").exists()
    assert not AuditEntry.objects.filter(event="security.incident_regrade").exists()


def test_a_reporting_hours_setting_that_misses_or_misnames_a_level_fails_the_system_check(settings: Any) -> None:
    from yiwang.core.security.checks import check_incident_report_hours

    assert check_incident_report_hours() == []
    settings.SECURITY_INCIDENT_REPORT_HOURS = {"extraordinary": 1, "major": 0, "larger": 4, "较大": 4}
    messages = [error.msg for error in check_incident_report_hours()]
    assert {error.id for error in check_incident_report_hours()} == {"security.E002"}
    assert any("未知的级别：较大" in m for m in messages)
    assert any("缺少级别：general" in m for m in messages)
    assert any("major 的小时数无效" in m for m in messages)


def test_security_admin_regrades_an_incident_on_its_screen(world: World, login: Any) -> None:
    client = login(world.security_admin)
    incident = _incident(world, Incident.Level.GENERAL, title="上传文件发现木马")
    url = reverse("security:incident", args=[incident.pk])

    refused = client.post(url, {"action": "regrade", "level": Incident.Level.MAJOR, "reason": ""})
    body = refused.content.decode()
    assert refused.status_code == 200 and "请填写调整级别的理由" in body
    assert f'value="{Incident.Level.MAJOR}" selected' in body  # the chosen level is kept
    same = client.post(url, {"action": "regrade", "level": Incident.Level.GENERAL, "reason": "复核后维持原判断"})
    assert "事件已是“一般”级" in same.content.decode() and "复核后维持原判断" in same.content.decode()
    incident.refresh_from_db()
    assert incident.level == Incident.Level.GENERAL and incident.report_due_at is None

    done = client.post(url, {"action": "regrade", "level": Incident.Level.MAJOR, "reason": "木马已在服务器上运行"})
    assert done.status_code == 302
    incident.refresh_from_db()
    assert incident.level == Incident.Level.MAJOR and incident.report_due_at == DISCOVERED + timedelta(hours=4)
    page = client.get(url).content.decode()
    assert "一般 → 重大" in page and "木马已在服务器上运行" in page and "发现后 4 小时" in page
    assert AuditEntry.objects.filter(event="security.incident_regrade", object_id=str(incident.pk)).exists()
