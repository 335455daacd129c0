"""Browser journey of 办件查询 and 我的办件: a citizen looks an accepted application up by its number
and the last four digits of the ID number (a wrong digit first: the same "not found"), then signs in
and finds it under 我的办件 with its clocks and receipt. Axe on every page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from yiwang.testing.auth import sign_in_browser

from .applications_support import Hall, accept, hall_fixture, submit  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_looks_up_an_application_then_finds_it_under_my_applications(
    page: Any, live_server: Any, axe: Callable[[Any], None], hall: Hall
) -> None:
    application = accept(hall, submit(hall))
    page.goto("/services/progress/")
    axe(page)
    page.get_by_label("办件编号").fill(application.number)
    page.get_by_label("身份证号码或手机号后 4 位").fill("0019")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("progress-not-found")).to_contain_text("未找到")
    expect(page.get_by_label("办件编号")).to_have_value(application.number)
    axe(page)

    page.get_by_label("身份证号码或手机号后 4 位").fill("0018")
    page.get_by_role("button", name="查询").click()
    result = page.get_by_test_id("progress-result")
    expect(result).to_contain_text(hall.item.name)
    expect(page.get_by_test_id("progress-applicant")).to_have_text("张*")
    expect(page.get_by_test_id("progress-status")).to_have_text("审查中")
    expect(page.get_by_test_id("progress-clocks")).to_contain_text("承诺办结时限")
    axe(page)

    sign_in_browser(page, live_server.url, hall.world.citizen)
    page.goto("/services/my/")
    axe(page)
    page.get_by_role("link", name=application.number).click()
    expect(page.get_by_test_id("my-status")).to_have_text("审查中")
    expect(page.get_by_test_id("my-notices")).to_contain_text("受理通知书（回执）")
    expect(page.get_by_test_id("progress-clocks")).to_contain_text("法定办结时限")
    axe(page)
