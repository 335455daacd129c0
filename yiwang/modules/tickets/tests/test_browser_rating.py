"""Browser journeys of 好差评 and 回访 (axe on every page):

- the citizen rates the reply 不满意 in 我的诉求 → the ticket is reopened at the same agency → its
  clerk replies again from the 待办 inbox and the leader approves → the citizen rates 满意 → 已办结;
  the staff ticket page keeps both rounds;
- the hotline operator finds a replied phone ticket on the 回访 list, is refused 办结 before the
  call, records the call and closes the ticket.

The helpers are for other journeys that go on from a rated ticket.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from yiwang.core.orgs.models import Role
from yiwang.modules.tickets import services
from yiwang.modules.tickets.models import Ticket
from yiwang.modules.tickets.services.rating import FOLLOW_UP_VERB
from yiwang.testing.auth import sign_in_browser
from yiwang.testing.personas import World

from .factories import submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "伊美区朝阳小区供暖温度不达标"
FIRST_REPLY = "经核查，供热公司已于12月5日更换3号楼循环泵，室温已达18度以上。"
SECOND_REPLY = "经复查，已责成供热公司加装加压泵，12月12日复测3号楼室温20度，将持续跟踪。"
DIMENSIONS = ("响应速度", "办理结果", "服务态度")


def as_user(page: Any, live_server: Any, user: Any) -> None:
    page.context.clear_cookies()
    sign_in_browser(page, live_server.url, user)


def replied_ticket(world: World, **overrides: Any) -> Ticket:
    """A ticket dispatched to 市民政局 and replied (drafted and approved), made through the services."""
    ticket = submit(**{"citizen": world.citizen, **overrides})
    ticket = services.dispatch_ticket(ticket=ticket, agency=world.city_civil_affairs, actor=world.dispatcher)
    ticket = services.draft_reply(ticket=ticket, actor=world.city_clerk, content=FIRST_REPLY)
    return services.approve_reply(ticket=ticket, actor=world.leader)


def rate_in_browser(page: Any, level: str, *, dimension_level: str | None = None, comment: str = "") -> None:
    """On a page with the rating form: choose the overall level and each dimension, submit."""
    form = page.get_by_test_id("rating-form")
    form.get_by_role("group", name="总体评价").get_by_label(level, exact=True).check()
    for dimension in DIMENSIONS:
        form.get_by_role("group", name=dimension).get_by_label(dimension_level or level, exact=True).check()
    if comment:
        form.get_by_label("评价意见").fill(comment)
    form.get_by_role("button", name="提交评价").click()


def open_my_ticket(page: Any, live_server: Any, world: World, title: str = TITLE) -> None:
    as_user(page, live_server, world.citizen)
    page.goto("/hudong/tickets/mine/")
    page.get_by_role("link", name=title).first.click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()


def reply_again_and_approve(page: Any, live_server: Any, world: World, reply: str, title: str = TITLE) -> None:
    """The agency's clerk answers the re-handling item from the 待办 inbox; its leader approves."""
    as_user(page, live_server, world.city_clerk)
    page.goto("/staff/inbox/")
    page.get_by_role("link", name=re.compile(f"重办.*{title}")).first.click()
    page.locator("#id_reply").fill(reply)
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text("答复已提交本单位负责人审核。")).to_be_visible()
    as_user(page, live_server, world.leader)
    page.goto("/staff/inbox/")
    page.get_by_role("link", name=re.compile(f"重办.*{title}")).first.click()
    page.get_by_role("button", name="提交审核意见").click()
    expect(page.get_by_text("已同意答复，诉求人将收到通知。")).to_be_visible()


def test_a_citizen_rates_不满意_the_ticket_is_handled_again_and_rated_满意_closes_it(
    page: Any, live_server: Any, axe: Callable[[Any], None], staff: World
) -> None:
    ticket = replied_ticket(staff)

    open_my_ticket(page, live_server, staff)
    expect(page.get_by_test_id("ticket-reply")).to_contain_text("循环泵")
    axe(page)
    page.get_by_test_id("rating-form").get_by_role("button", name="提交评价").click()  # nothing chosen
    expect(page.get_by_test_id("rating-errors")).to_contain_text("请选择总体评价")
    axe(page)
    rate_in_browser(page, "不满意", comment="室温仍然只有16度")
    expect(page.get_by_test_id("rating-done")).to_contain_text("您已评价：不满意")
    expect(page.get_by_test_id("rate-status")).to_have_text("办理中")
    axe(page)

    as_user(page, live_server, staff.city_clerk)
    page.goto(f"/staff/tickets/{ticket.pk}/")
    expect(page.get_by_test_id("rating-round-1")).to_contain_text("不满意")
    expect(page.get_by_role("heading", name="申诉该评价")).to_be_visible()
    axe(page)
    reply_again_and_approve(page, live_server, staff, SECOND_REPLY)

    open_my_ticket(page, live_server, staff)
    expect(page.get_by_test_id("ticket-reply")).to_contain_text("加压泵")
    expect(page.get_by_test_id("rating-level-1")).to_have_text("不满意")
    rate_in_browser(page, "满意")
    expect(page.get_by_test_id("rating-done")).to_contain_text("您已评价：满意")
    expect(page.get_by_test_id("rate-status")).to_have_text("已办结")

    as_user(page, live_server, staff.dispatcher)
    page.goto(f"/staff/tickets/{ticket.pk}/")
    expect(page.get_by_test_id("rating-round-1")).to_contain_text("循环泵")
    expect(page.get_by_test_id("rating-round-2")).to_contain_text("加压泵")
    axe(page)


def test_the_operator_follows_up_a_phone_ticket_and_closes_it(
    page: Any, live_server: Any, axe: Callable[[Any], None], staff: World
) -> None:
    for code in ("operator", "dispatcher"):
        role = Role.objects.get(code=code)
        role.verbs = [*role.verbs, FOLLOW_UP_VERB]
        role.save(update_fields=["verbs"])
    replied_ticket(staff, citizen=None, channel=Ticket.Channel.HOTLINE_12345)

    as_user(page, live_server, staff.operator)
    page.goto("/staff/tickets/follow-up/")
    axe(page)
    page.get_by_test_id("follow-up-list").get_by_role("link", name=TITLE).click()
    expect(page.get_by_test_id("close-refusal")).to_contain_text("须先回访")
    page.get_by_role("button", name="保存回访记录").click()  # no outcome chosen
    expect(page.get_by_role("alert").filter(has_text="请选择回访结果")).to_be_visible()
    axe(page)
    page.get_by_role("group", name="回访结果").get_by_label("已联系上").check()
    page.get_by_label("回访情况").fill("诉求人表示室温已达标，认可答复")
    page.get_by_label("向诉求人发送评价短信").check()
    page.get_by_role("button", name="保存回访记录").click()
    expect(page.get_by_text("回访已记录，评价短信已发送。")).to_be_visible()
    expect(page.get_by_test_id("follow-ups")).to_contain_text("已联系上")
    axe(page)
    page.get_by_role("button", name="办结").click()
    expect(page.get_by_test_id("follow-up-status")).to_have_text("已办结")
