"""Browser journey of the catalogue: the office director creates an item, sees the completeness
flags, completes it and publishes it; a citizen browses the hall by topic and opens its 办事指南.
Axe on every page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from yiwang.testing.auth import sign_in_browser

from .catalogue_support import build_hall

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE = "11230700MB1234567X4000113001"
NAME = "高龄津贴申领"


def test_an_item_is_created_completed_published_and_found_by_topic(
    page: Any, live_server: Any, axe: Callable[[Any], None], world: Any
) -> None:
    hall = build_hall(world)
    sign_in_browser(page, live_server.url, hall.editor)
    page.goto("/staff/servicehall/items/")
    axe(page)
    page.get_by_role("link", name="新增事项").click()
    axe(page)

    # A first save with the basics only: the completeness check lists what the guide still lacks.
    page.locator("#id_code").fill(CODE)
    page.locator("#id_name").fill(NAME)
    page.locator("#id_item_type").select_option("payment")
    page.locator("#id_legal_basis").fill("《黑龙江省老年人权益保障条例》第三十二条")
    page.locator("#id_for_person").check()
    page.get_by_label(hall.topic.name).check()
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text("办事指南还缺")).to_be_visible()
    completeness = page.get_by_test_id("completeness")
    expect(completeness).to_contain_text("缺少受理条件。")
    expect(completeness).to_contain_text("缺少申请材料（至少一项）。")
    axe(page)
    page.get_by_role("button", name="发布").click()
    expect(page.get_by_text("不能发布")).to_be_visible()
    expect(page.get_by_test_id("item-status")).to_have_text("草稿")

    # A promise longer than the statute is refused, the input kept and the error linked to its field.
    page.locator("#id_conditions").fill("年满 80 周岁、具有本市户籍的老年人。")
    page.locator("#id_statutory_days").fill("10")
    page.locator("#id_promised_days").fill("15")
    page.get_by_role("button", name="保存", exact=True).click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_contain_text("承诺办结时限不能超过法定办结时限。")
    expect(page.locator("#id_conditions")).to_have_value("年满 80 周岁、具有本市户籍的老年人。")
    axe(page)

    # Complete it: the limits, the service facts, one material, then one more row for a step.
    page.locator("#id_promised_days").fill("5")
    page.locator("#id_location").fill("伊春市政务服务中心二楼民政窗口")
    page.locator("#id_office_hours").fill("工作日 8:30-11:30，13:30-17:00")
    page.locator("#id_consult_phone").fill("0458-3600001")
    page.locator("#id_supervise_phone").fill("0458-12345")
    page.locator("#id_online_depth").select_option("4")
    page.locator("#id_visits").fill("0")
    page.locator("#id_materials-0-name").fill("居民身份证")
    page.locator("#id_materials-0-form").select_option("copy")
    page.locator("#id_steps-0-name").fill("受理")
    page.get_by_role("button", name="增加一个环节").click()
    page.locator("#id_steps-1-name").fill("审核发放")
    page.locator("#id_steps-1-days").fill("5")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_test_id("complete")).to_be_visible()
    page.get_by_role("button", name="发布").click()
    expect(page.get_by_test_id("item-status")).to_have_text("已发布")
    axe(page)

    # A citizen (anonymous) browses the hall by topic and opens the guide.
    page.context.clear_cookies()
    page.goto("/services/")
    axe(page)
    page.get_by_role("link", name=f"{hall.topic.name} 1 项").click()
    axe(page)
    page.get_by_role("link", name=NAME).click()
    guide = page.get_by_test_id("guide")
    expect(guide.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(page.get_by_test_id("g-statutory")).to_contain_text("10 个工作日")
    expect(page.get_by_test_id("g-promised")).to_contain_text("5 个工作日")
    expect(page.get_by_test_id("g-materials")).to_contain_text("居民身份证")
    expect(page.get_by_test_id("g-flow")).to_contain_text("审核发放")
    expect(page.get_by_test_id("apply-link")).to_have_attribute("href", f"/services/items/{CODE}/apply/")
    axe(page)
