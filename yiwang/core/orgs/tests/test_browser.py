"""The system administrator keeps the organisation tree; the audit administrator reads what happened."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from yiwang.core.orgs.models import Agency
from yiwang.testing.auth import sign_in_browser
from yiwang.testing.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_system_admin_corrects_an_agency_and_the_auditor_sees_the_change(
    page: Any, live_server: Any, axe: Callable[[Any], None], world: World, browser: Any
) -> None:
    sign_in_browser(page, live_server.url, world.system_admin)
    page.goto("/staff/orgs/")
    axe(page)
    page.get_by_role("link", name="嘉荫县民政局").click()
    axe(page)

    page.get_by_label("统一社会信用代码").fill("91230700ABCDEFGHIJ")  # a wrong check digit
    page.get_by_label("办公电话").fill("0458-6622001")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("统一社会信用代码无效").first).to_be_visible()
    expect(page.get_by_label("办公电话")).to_have_value("0458-6622001")  # what was typed is kept

    page.get_by_label("统一社会信用代码").fill("")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/staff/orgs/")
    assert Agency.objects.get(pk=world.jiayin_civil_affairs.pk).phone == "0458-6622001"

    auditor = browser.new_context(locale="zh-CN", base_url=live_server.url).new_page()
    sign_in_browser(auditor, live_server.url, world.audit_admin)
    auditor.goto("/staff/audit/?event=orgs.agency_update")
    expect(auditor.get_by_text("嘉荫县民政局").first).to_be_visible()
    axe(auditor)
    auditor.get_by_role("link", name="校验哈希链").click()
    expect(auditor.get_by_text("审计链完整")).to_be_visible()
    axe(auditor)
    auditor.context.close()
