"""Incident register: levels, the 4-hour reporting clock for 较大 and above, timeline, reminders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

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
