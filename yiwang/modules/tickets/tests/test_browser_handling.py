"""Browser journey of the staff side: a citizen submits → the dispatcher routes it → the agency
returns it (退单) → the dispatcher re-routes it (no second 退单) → the clerk drafts the reply from the
待办 inbox → the leader approves → the citizen sees the reply in 诉求查询. Axe on every page."""

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

TITLE = "伊美区朝阳小区供暖温度不达标"
REPLY = "经核查，供热公司已于12月5日更换3号楼循环泵，室温已达18度以上。"


def _as(page: Any, live_server: Any, user: Any) -> None:
    page.context.clear_cookies()
    sign_in_browser(page, live_server.url, user)


def test_a_ticket_is_dispatched_returned_redispatched_replied_and_approved(
    page: Any, live_server: Any, axe: Callable[[Any], None], staff: World
) -> None:
    category = heating()
    _as(page, live_server, staff.citizen)
    page.goto("/hudong/tickets/")
    page.locator("#id_kind").select_option("complaint")
    page.locator("#id_category").select_option(str(category.pk))
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_content").fill(
        "伊美区朝阳小区3号楼自11月起室温长期低于18度，多次联系供热公司未解决，请督促整改。"
    )
    page.locator("#id_contact_name").fill("张伟")
    page.locator("#id_contact_phone").fill(PHONE)
    page.get_by_role("button", name="提交").click()
    code = page.get_by_test_id("query-code").inner_text().strip()

    _as(page, live_server, staff.dispatcher)
    page.goto("/staff/tickets/")
    axe(page)
    page.get_by_role("link", name=TITLE).click()
    axe(page)
    page.locator("#id_agency").select_option(label=staff.city_civil_affairs.full_name)
    page.get_by_role("button", name="派单").click()
    expect(page.get_by_text(f"已派单至{staff.city_civil_affairs.full_name}")).to_be_visible()

    _as(page, live_server, staff.city_clerk)
    page.goto("/staff/inbox/")
    page.get_by_role("link", name=re.compile(TITLE)).first.click()
    expect(page).to_have_url(re.compile(r"/staff/tickets/\d+/$"))
    axe(page)
    page.get_by_role("button", name="退单").click()  # no reason: refused, nothing changes
    expect(page.get_by_role("alert").filter(has_text="请填写退单理由")).to_be_visible()
    page.locator("#id_reason").fill("供热属住建部门职责，建议派住房和城乡建设局")
    page.get_by_role("button", name="退单").click()
    expect(page.get_by_text("已退单，派单员将重新派单。")).to_be_visible()

    _as(page, live_server, staff.dispatcher)
    page.goto("/staff/tickets/?status=returned")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=re.compile("重新派单"))).to_be_visible()
    axe(page)
    page.locator("#id_agency").select_option(label=staff.city_civil_affairs.full_name)
    page.get_by_role("button", name="派单").click()
    expect(page.get_by_text("派单员已裁定主办单位，不得再次退单。")).to_be_visible()

    _as(page, live_server, staff.city_clerk)
    page.goto("/staff/inbox/")
    page.get_by_role("link", name=re.compile(TITLE)).first.click()
    expect(page.get_by_role("button", name="退单")).to_have_count(0)
    page.locator("#id_reply").fill(REPLY)
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text("答复已提交本单位负责人审核。")).to_be_visible()
    axe(page)

    _as(page, live_server, staff.leader)
    page.goto("/staff/inbox/")
    page.get_by_role("link", name=re.compile(TITLE)).first.click()
    expect(page.get_by_test_id("ticket-reply")).to_contain_text("循环泵")
    axe(page)
    page.get_by_role("button", name="提交审核意见").click()
    expect(page.get_by_text("已同意答复，诉求人将收到通知。")).to_be_visible()

    page.context.clear_cookies()
    page.goto("/hudong/tickets/lookup/")
    page.locator("#id_query_code").fill(code)
    page.locator("#id_phone").fill(PHONE)
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("lookup-status")).to_have_text("已答复")
    expect(page.get_by_test_id("lookup-reply")).to_contain_text("循环泵")
    axe(page)
