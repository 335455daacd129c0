from __future__ import annotations

import pytest
from playwright.sync_api import expect

from yiwang.core.notifications import services
from yiwang.core.notifications.models import Message
from yiwang.testing.auth import sign_in_browser
from yiwang.testing.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_reads_and_clears_messages_in_the_message_box(
    world: World, reply_template: str, page, axe, live_server
) -> None:
    for number in ("LY-101", "LY-102"):
        services.notify(recipients=[world.citizen], template=reply_template, context={"number": number})
    sign_in_browser(page, live_server.url, world.citizen)

    page.goto("/notifications/")
    assert page.locator("#unread-summary").inner_text() == "您有 2 条未读消息"
    axe(page)

    # Mark one read in place (htmx): the row loses its button, the count drops, no page load.
    page.get_by_role("button", name="将“您的留言 LY-101 已答复”标为已读").click()
    expect(page.locator("#unread-summary")).to_have_text("您有 1 条未读消息")

    # Open the other: its text is shown and it is read.
    page.get_by_role("link", name="您的留言 LY-102 已答复").click()
    page.get_by_role("heading", name="您的留言 LY-102 已答复").wait_for()
    assert "张伟，您好" in page.inner_text("main")
    axe(page)
    assert Message.objects.filter(recipient=world.citizen, read_at__isnull=True).count() == 0

    page.get_by_role("link", name="返回消息中心").click()
    assert page.locator("#unread-summary").inner_text() == "没有未读消息"


def test_the_preferences_page_is_accessible(world: World, page, axe, live_server) -> None:
    sign_in_browser(page, live_server.url, world.citizen)
    page.goto("/notifications/preferences/")
    page.get_by_label("短信通知").check()
    page.get_by_label("免打扰开始").fill("22:00")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("请同时填写").or_(page.get_by_text("同时填写")).first.wait_for()
    axe(page)


def test_staff_mark_a_message_read_in_the_workspace(world: World, reply_template: str, page, axe, live_server) -> None:
    services.notify(recipients=[world.city_clerk], template=reply_template, context={"number": "GD-7"})
    sign_in_browser(page, live_server.url, world.city_clerk)
    page.goto("/staff/messages/")
    assert page.locator("#unread-summary").inner_text() == "您有 1 条未读消息"
    axe(page)
    page.get_by_role("button", name="将“您的留言 GD-7 已答复”标为已读").click()
    expect(page.locator("#unread-summary")).to_contain_text("没有")
    assert Message.objects.get(recipient=world.city_clerk).is_read
