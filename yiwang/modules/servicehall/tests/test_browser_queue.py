"""Browser journey of the hall's queue: a citizen takes a number at the kiosk → the ticket shows it with
its QR code → the window clerk signs in at a window and calls it → the display (already open) shows it
live → the clerk starts and finishes → the statistics count it. Axe on every page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from yiwang.testing.auth import sign_in_browser
from yiwang.testing.personas import build_world

from .queue_support import make_hall, window, window_clerk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_number_taken_at_the_kiosk_is_called_shown_on_the_display_finished_and_counted(
    page: Any, live_server: Any, axe: Callable[[Any], None]
) -> None:
    cache.clear()
    world = build_world()
    hall = make_hall(world.city_civil_affairs, name="伊春市政务服务中心")
    clerk = window_clerk(world.city_civil_affairs, "window_wang")

    display = page.context.new_page()
    display.goto(f"/services/hall/{hall.pk}/display/")
    expect(display.get_by_text("暂无呼叫")).to_be_visible()
    axe(display)

    page.goto(f"/services/hall/{hall.pk}/kiosk/")
    axe(page)
    page.get_by_label("手机号（选填）").fill("123")
    page.get_by_test_id("kiosk-line-A").click()
    expect(page.get_by_test_id("error-summary")).to_contain_text("11 位")
    expect(page.get_by_label("手机号（选填）")).to_have_value("123")
    axe(page)
    page.get_by_label("手机号（选填）").fill("")
    page.get_by_test_id("kiosk-line-A").click()
    expect(page.get_by_test_id("ticket-number")).to_have_text("您的号码：A001")
    expect(page.get_by_test_id("ticket-ahead")).to_have_text("0 人")
    expect(page.locator(".ticket-qr svg")).to_be_visible()
    axe(page)
    status_url = page.get_by_test_id("status-link").get_attribute("href")

    sign_in_browser(page, live_server.url, clerk)
    page.goto("/staff/servicehall/hall/")
    page.get_by_test_id("window-1").click()
    page.get_by_role("button", name="在本窗口签到开窗").click()
    axe(page)
    page.get_by_role("button", name="叫号", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("window-current")).to_contain_text("A001")

    expect(display.get_by_test_id("display-current")).to_contain_text("A001")
    expect(display.get_by_test_id("display-current")).to_contain_text("1 号窗口")
    expect(display.get_by_test_id("display-board")).not_to_contain_text(clerk.display_name)

    page.goto(status_url)
    expect(page.get_by_test_id("status-text")).to_have_text("请到 1 号窗口办理。")
    axe(page)

    page.goto(f"/staff/servicehall/hall/window/{window(hall, '1').pk}/")
    page.get_by_role("button", name="开始办理").click()
    page.get_by_role("button", name="办结").click()
    expect(page.get_by_test_id("window-current")).to_have_text("当前没有号码。")
    axe(page)
    expect(display.get_by_text("暂无呼叫")).to_be_visible()

    page.goto(f"/staff/servicehall/hall/{hall.pk}/statistics/")
    row = page.get_by_test_id("statistics-row")
    expect(row).to_have_count(1)
    expect(row.get_by_test_id("served")).to_have_text("1")
    axe(page)
