"""Alerts on suspicious audit patterns go to the security administrator once per burst."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from unittest import mock

from django.test import override_settings

from yiwang.core.audit import services as audit
from yiwang.core.notifications.models import Message
from yiwang.core.security import alerts
from yiwang.core.security.models import SecurityAlert
from yiwang.testing.personas import World

CONFIG = {"WINDOW_MINUTES": 15, "FAILED_LOGINS": 5, "DOWNLOADS": 3, "OFFICE_HOURS": "7-20"}


@contextmanager
def freeze_time(at: datetime) -> Iterator[None]:
    with mock.patch("django.utils.timezone.now", return_value=at):
        yield


NOON = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)  # 12:00 Beijing


def _fail(label: str, ip: str, n: int) -> None:
    for _ in range(n):
        audit.record(event="accounts.login", actor_label=label, ip=ip, result="failure", detail={"reason": "password"})


@override_settings(YIWANG_SECURITY_ALERTS=CONFIG)
def test_many_failed_logins_alert_the_security_admin_once(world: World) -> None:
    with freeze_time(NOON):
        _fail("citizen", "203.0.113.9", 6)
        sent = alerts.send_alerts()
        assert {a.rule for a in sent} == {"failed_logins_account", "failed_logins_ip"}
        assert alerts.send_alerts() == []  # the same burst is not alerted twice
    assert Message.objects.filter(recipient=world.security_admin, template_code="security.alert").count() == 2
    assert not Message.objects.filter(recipient=world.system_admin).exists()


@override_settings(YIWANG_SECURITY_ALERTS=CONFIG)
def test_a_new_burst_after_an_alert_is_alerted_again(world: World) -> None:
    with freeze_time(NOON):
        _fail("citizen", "203.0.113.9", 5)
        alerts.send_alerts()
    with freeze_time(NOON + timedelta(minutes=5)):
        _fail("citizen", "203.0.113.9", 5)
        assert {a.rule for a in alerts.send_alerts()} == {"failed_logins_account", "failed_logins_ip"}


@override_settings(YIWANG_SECURITY_ALERTS=CONFIG)
def test_mass_downloads_are_alerted(world: World) -> None:
    with freeze_time(NOON):
        for n in range(3):
            audit.record(event="files.download", actor=world.city_clerk, detail={"file": n})
        assert [a.rule for a in alerts.send_alerts()] == ["mass_download"]


@override_settings(YIWANG_SECURITY_ALERTS=CONFIG)
def test_admin_action_at_night_is_alerted_once_a_day(world: World) -> None:
    with freeze_time(datetime(2026, 3, 2, 15, 0, tzinfo=UTC)):  # 23:00 Beijing
        audit.record(event="accounts.grant_role", actor=world.system_admin)
        audit.record(event="accounts.grant_role", actor=world.system_admin)
        assert [a.rule for a in alerts.send_alerts()] == ["off_hours_admin"]
        assert alerts.send_alerts() == []
    assert SecurityAlert.objects.count() == 1
