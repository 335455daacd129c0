"""The whole life of a ticket in the browser, every step through the page a person would use, axe
on every page: a citizen writes to 市长信箱 and agrees to publication → the dispatcher routes it →
the agency returns it (退单) → the dispatcher routes it again → the clerk replies, the leader
approves → the citizen rates 不满意 → the ticket is handled again → the citizen rates 满意 → it is
published on 来信选登 with the citizen's name and phone masked and found by the site search."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from yiwang.testing.personas import World

from .factories import PHONE, heating
from .test_browser_rating import as_user, open_my_ticket, rate_in_browser, reply_again_and_approve

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "伊美区朝阳小区供暖温度不达标"
FIRST_REPLY = "经核查，供热公司已于12月5日更换3号楼循环泵，室温已达18度以上。"
SECOND_REPLY = "经复查，已责成供热公司加装加压泵，12月12日复测3号楼室温20度，将持续跟踪。"


def _open_from_inbox(page: Any, title: str = TITLE) -> None:
    page.goto("/staff/inbox/")
    page.get_by_role("link", name=re.compile(title)).first.click()
    expect(page).to_have_url(re.compile(r"/staff/tickets/\d+/$"))


def test_a_ticket_from_letter_to_rating_to_masked_publication_found_by_search(
    page: Any, live_server: Any, axe: Callable[[Any], None], staff: World
) -> None:
    category = heating()
    agency = staff.city_civil_affairs.full_name

    # 市长信箱: the citizen writes, agreeing to publication with personal data hidden.
    as_user(page, live_server, staff.citizen)
    page.goto("/hudong/tickets/")
    axe(page)
    page.locator("#id_kind").select_option("complaint")
    page.locator("#id_category").select_option(str(category.pk))
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_content").fill(
        "伊美区朝阳小区3号楼自11月起室温长期低于18度，多次联系供热公司未解决，请督促整改。"
    )
    page.get_by_label("同意公开（公开时隐去您的个人信息）").check()
    page.locator("#id_contact_name").fill("张伟")
    page.locator("#id_contact_phone").fill(PHONE)
    page.get_by_role("button", name="提交").click()
    code = page.get_by_test_id("query-code").inner_text().strip()
    assert re.fullmatch(r"\d{10}", code)
    axe(page)

    # 派单 → 退单 → 再派单 (the dispatcher's ruling: no second 退单).
    as_user(page, live_server, staff.dispatcher)
    page.goto("/staff/tickets/")
    page.get_by_role("link", name=TITLE).click()
    page.locator("#id_agency").select_option(label=agency)
    page.get_by_role("button", name="派单").click()
    expect(page.get_by_text(f"已派单至{agency}")).to_be_visible()

    as_user(page, live_server, staff.city_clerk)
    _open_from_inbox(page)
    page.locator("#id_reason").fill("供热属住建部门职责，建议派住房和城乡建设局")
    page.get_by_role("button", name="退单").click()
    expect(page.get_by_text("已退单，派单员将重新派单。")).to_be_visible()

    as_user(page, live_server, staff.dispatcher)
    page.goto("/staff/tickets/?status=returned")
    page.get_by_role("link", name=TITLE).click()
    page.locator("#id_agency").select_option(label=agency)
    page.get_by_role("button", name="派单").click()
    expect(page.get_by_text("派单员已裁定主办单位，不得再次退单。")).to_be_visible()
    axe(page)

    # 答复: drafted by the clerk, approved by the leader.
    as_user(page, live_server, staff.city_clerk)
    _open_from_inbox(page)
    page.locator("#id_reply").fill(FIRST_REPLY)
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text("答复已提交本单位负责人审核。")).to_be_visible()
    as_user(page, live_server, staff.leader)
    _open_from_inbox(page)
    page.get_by_role("button", name="提交审核意见").click()
    expect(page.get_by_text("已同意答复，诉求人将收到通知。")).to_be_visible()

    # 好差评: 不满意 reopens the ticket at the same agency; the second reply is rated 满意.
    open_my_ticket(page, live_server, staff)
    expect(page.get_by_test_id("ticket-reply")).to_contain_text("循环泵")
    rate_in_browser(page, "不满意", comment="室温仍然只有16度")
    expect(page.get_by_test_id("rate-status")).to_have_text("办理中")
    axe(page)
    reply_again_and_approve(page, live_server, staff, SECOND_REPLY)
    open_my_ticket(page, live_server, staff)
    expect(page.get_by_test_id("ticket-reply")).to_contain_text("加压泵")
    rate_in_browser(page, "满意")
    expect(page.get_by_test_id("rate-status")).to_have_text("已办结")

    # 来信选登: published with the latest reply, the name and phone masked; found by search.
    page.context.clear_cookies()
    page.goto("/hudong/tickets/public/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_test_id("public-name")).to_have_text("张*")
    expect(page.get_by_test_id("public-phone")).to_have_text("139****1234")
    expect(page.get_by_test_id("public-reply-text")).to_contain_text("加压泵")
    expect(page.locator("main")).not_to_contain_text(PHONE)
    axe(page)
    page.goto("/search/?q=加压泵")
    page.get_by_role("link", name=re.compile(TITLE)).first.click()
    expect(page).to_have_url(re.compile(r"/hudong/tickets/public/\d+/$"))
    expect(page.get_by_test_id("public-reply-text")).to_contain_text("加压泵")
