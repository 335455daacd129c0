"""Browser journey: a citizen writes to 市长信箱, gets the 查询码, looks the ticket up by code and
phone, and finds it under 我的诉求 — axe on every page."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from yiwang.testing.auth import sign_in_browser
from yiwang.testing.personas import World

from .factories import PHONE, heating

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "友好区双子河路段积雪未清理"


def test_citizen_submits_a_ticket_looks_it_up_and_finds_it_under_my_tickets(
    page: Any, live_server: Any, axe: Callable[[Any], None], world: World
) -> None:
    category = heating()
    sign_in_browser(page, live_server.url, world.citizen)

    page.goto("/hudong/tickets/")
    expect(page.get_by_role("heading", level=1)).to_have_text("我要写信")
    axe(page)
    page.locator("#id_kind").select_option("complaint")
    page.locator("#id_category").select_option(str(category.pk))
    page.locator("#id_title").fill("雪")  # too short: the form comes back with the text kept
    page.locator("#id_content").fill("友好区双子河路段人行道积雪三天未清理，老人出行容易滑倒，请相关部门尽快清理。")
    page.locator("#id_contact_name").fill("张伟")
    page.locator("#id_contact_phone").fill(PHONE)
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_role("alert").filter(has_text="标题应为 10–25 个字")).to_be_visible()
    expect(page.locator("#id_content")).to_have_value(re.compile("双子河路段人行道积雪"))
    axe(page)

    page.locator("#id_title").fill(TITLE)
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("您的诉求已提交")
    code = page.get_by_test_id("query-code").inner_text().strip()
    assert re.fullmatch(r"\d{10}", code)
    axe(page)

    page.get_by_role("link", name="诉求查询").click()
    axe(page)
    page.locator("#id_query_code").fill(code)
    page.locator("#id_phone").fill(PHONE)
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("lookup-status")).to_have_text("待审查")
    expect(page.get_by_test_id("lookup-result")).not_to_contain_text("张伟")
    axe(page)

    page.get_by_role("link", name="我的诉求").click()
    table = page.get_by_test_id("my-tickets")
    expect(table).to_contain_text(code)
    expect(table).to_contain_text(TITLE)
    axe(page)
