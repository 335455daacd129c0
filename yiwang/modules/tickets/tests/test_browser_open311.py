"""Browser journey of Open311 接口密钥: the dispatcher (hotline office) is refused a key without a
name (the error summary links to the field), creates one with the keyboard, sees the key once, and
revokes it. Axe on every page."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from yiwang.modules.tickets.models import ApiKey
from yiwang.testing.auth import sign_in_browser
from yiwang.testing.personas import World

from .open311_support import grant_api_keys

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dispatcher_creates_an_api_key_sees_it_once_and_revokes_it(
    page: Any, live_server: Any, axe: Callable[[Any], None], world: World
) -> None:
    grant_api_keys(world)
    sign_in_browser(page, live_server.url, world.dispatcher)
    page.goto("/staff/tickets/api-keys/")
    expect(page.get_by_role("heading", name="新建接口密钥")).to_be_visible()
    axe(page)

    page.get_by_label("提交频率上限").fill("600/m")
    page.get_by_role("button", name="创建密钥").click()
    summary = page.get_by_role("alert").filter(has_text="请修改以下问题")
    expect(summary).to_be_visible()
    expect(page.get_by_label("提交频率上限")).to_have_value("600/m")
    axe(page)
    summary.get_by_role("link", name=re.compile("^应用名称：")).click()
    expect(page.get_by_label("应用名称（必填）")).to_be_focused()

    page.keyboard.type("伊春掌上12345")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="已为“伊春掌上12345”创建接口密钥")).to_be_visible()
    raw = page.get_by_label("接口密钥", exact=True).input_value()
    key = ApiKey.objects.get()
    assert raw.startswith(key.prefix) and key.rate_limit == "600/m"
    axe(page)

    page.goto("/staff/tickets/api-keys/")
    expect(page.get_by_text("密钥只显示这一次")).to_have_count(0)
    assert raw not in page.content()
    page.get_by_role("button", name="停用“伊春掌上12345”的密钥").click()
    expect(page.get_by_text("已停用“伊春掌上12345”的接口密钥")).to_be_visible()
    expect(page.get_by_role("cell", name="已停用", exact=False)).to_be_visible()
    axe(page)
    key.refresh_from_db()
    assert not key.active
