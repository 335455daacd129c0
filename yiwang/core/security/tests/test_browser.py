"""Browser journeys of the security screens (安全保障), each page checked with axe."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from yiwang.core.security import services
from yiwang.core.security.models import Incident
from yiwang.testing.auth import sign_in_browser
from yiwang.testing.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_security_admin_regrades_an_incident_and_a_missing_reason_keeps_the_choice(
    world: World, page, axe, live_server
) -> None:
    discovered = timezone.now() - timedelta(minutes=30)
    incident = services.register_incident(
        user=world.security_admin,
        title="单个账户口令被猜测",
        level=Incident.Level.GENERAL,
        occurred_at=discovered - timedelta(minutes=10),
        discovered_at=discovered,
        description="同一来源地址连续尝试登录。",
    )
    sign_in_browser(page, live_server.url, world.security_admin)
    page.goto(reverse("security:overview"))
    page.get_by_role("heading", name="备份与恢复演练").wait_for()
    axe(page)
    page.get_by_role("link", name="安全事件登记").click()
    page.get_by_role("link", name=incident.number).first.wait_for()
    axe(page)
    page.get_by_role("link", name=incident.number).first.click()
    page.get_by_role("heading", name="调整级别").wait_for()
    axe(page)

    page.get_by_label("新级别").select_option(Incident.Level.LARGER)
    page.get_by_role("button", name="调整级别").click()
    page.get_by_text("请填写调整级别的理由。").wait_for()
    assert page.get_by_label("新级别").input_value() == Incident.Level.LARGER  # the choice is kept
    axe(page)
    page.get_by_label("理由").fill("发现攻击者已登录成功并下载了附件")
    page.get_by_role("button", name="调整级别").click()
    page.get_by_text("级别：一般 → 较大").wait_for()
    incident.refresh_from_db()
    assert incident.level == Incident.Level.LARGER and incident.report_due_at == discovered + timedelta(hours=4)


def test_re_authentication_refuses_a_wrong_password_and_returns_to_the_security_page(
    world: World, page, axe, live_server
) -> None:
    from yiwang.testing.factories import DEFAULT_PASSWORD

    sign_in_browser(page, live_server.url, world.security_admin)
    page.goto(reverse("accounts:reauth") + "?next=" + reverse("security:overview"))
    page.get_by_role("heading", name="再次验证身份").wait_for()
    axe(page)
    page.get_by_label("当前密码").fill("not-the-password")
    page.get_by_role("button", name="验证并继续").click()
    page.get_by_text("密码不正确。").first.wait_for()
    axe(page)
    page.get_by_label("当前密码").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="验证并继续").click()
    page.get_by_role("heading", name="备份与恢复演练").wait_for()
    assert page.url.endswith(reverse("security:overview"))
