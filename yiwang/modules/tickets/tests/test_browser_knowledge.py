"""Browser journeys of the hotline and the 知识库, axe on every page:
- an operator takes a call by keyboard alone — the phone shows the caller's earlier ticket, a search
  of the knowledge base finds the answer, Enter stores the ticket, the 查询码 is shown and the cursor
  is back on an empty phone field;
- a clerk saves a replied ticket to the knowledge base in one step, checks the article and saves it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from yiwang.modules.tickets import services
from yiwang.modules.tickets.models import KnowledgeArticle, Ticket
from yiwang.modules.tickets.services import knowledge
from yiwang.testing.auth import sign_in_browser
from yiwang.testing.personas import World

from .factories import PHONE, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPLY = "经核查，供热公司已于12月5日更换3号楼循环泵，室温已达18度以上。"


def test_an_operator_takes_a_call_by_keyboard_with_history_and_the_knowledge_base_beside_the_form(
    page: Any, live_server: Any, axe: Callable[[Any], None], desk: World
) -> None:
    earlier = submit()
    knowledge.create_article(
        actor=desk.city_clerk,
        agency=desk.city_civil_affairs,
        title="城市低保申请需要哪些材料",
        body="申请最低生活保障需提交户口簿、身份证和家庭收入证明。",
    )
    sign_in_browser(page, live_server.url, desk.operator)
    page.goto("/staff/tickets/hotline/")
    phone = page.locator("#id_contact_phone")
    expect(phone).to_be_focused()
    axe(page)

    page.keyboard.type(PHONE)
    expect(page.get_by_test_id("caller-history")).to_contain_text(earlier.title)

    page.keyboard.press("Alt+2")  # the documented access key of the knowledge-base search
    expect(page.locator("#knowledge-q")).to_be_focused()
    page.keyboard.type("户口簿")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("knowledge-results")).to_contain_text("城市低保申请需要哪些材料")
    axe(page)

    page.keyboard.press("Alt+1")
    expect(phone).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.type("张伟")
    page.keyboard.press("Tab")  # 渠道: 12345热线 already chosen
    page.keyboard.press("Tab")  # 类型: 咨询 already chosen
    page.keyboard.press("Tab")  # 分类
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.type("低保材料")  # too short: refused, the input kept, the error summary focused
    page.keyboard.press("Tab")
    page.keyboard.type("来电人询问申请城市低保需要准备哪些材料，已按知识库答复。")
    page.keyboard.press("Control+Enter")
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(page.locator("#id_content")).to_have_value("来电人询问申请城市低保需要准备哪些材料，已按知识库答复。")
    axe(page)
    page.keyboard.press("Tab")  # the summary's link to the title
    page.keyboard.press("Enter")
    expect(page.locator("#id_title")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("咨询城市低保申请所需材料")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("伊美区新兴街道")
    page.keyboard.press("Enter")

    code = page.get_by_test_id("hotline-query-code")
    expect(code).to_have_text(re.compile(r"^\s*\d{10}\s*$"))
    expect(phone).to_be_focused()
    expect(phone).to_have_value("")
    axe(page)
    ticket = Ticket.objects.get(query_code=code.inner_text().strip())
    assert ticket.channel == Ticket.Channel.HOTLINE_12345 and ticket.contact_name == "张伟"


def test_a_clerk_saves_a_good_reply_to_the_knowledge_base_in_one_step(
    page: Any, live_server: Any, axe: Callable[[Any], None], desk: World
) -> None:
    ticket = services.dispatch_ticket(
        ticket=submit(citizen=desk.citizen), agency=desk.city_civil_affairs, actor=desk.dispatcher
    )
    ticket = services.draft_reply(ticket=ticket, actor=desk.city_clerk, content=REPLY)
    ticket = services.approve_reply(ticket=ticket, actor=desk.leader)

    sign_in_browser(page, live_server.url, desk.city_clerk)
    page.goto(f"/staff/tickets/{ticket.pk}/")
    page.get_by_role("button", name="存入知识库").click()
    expect(page).to_have_url(re.compile(r"/staff/tickets/knowledge/\d+/edit/$"))
    expect(page.locator("#id_title")).to_have_value(ticket.title)
    body = page.locator("#id_body")
    expect(body).to_contain_text("循环泵")
    expect(body).not_to_contain_text(PHONE)
    axe(page)

    body.fill("")
    page.get_by_role("button", name="保存").click()  # refused: the text of the other fields stays
    expect(page.get_by_role("alert").filter(has_text="请填写内容").first).to_be_visible()
    expect(page.locator("#id_title")).to_have_value(ticket.title)
    axe(page)
    body.fill(f"问：供暖温度不达标怎么办？\n\n答：{REPLY}")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("knowledge-body")).to_contain_text("循环泵")
    axe(page)

    page.goto("/staff/tickets/knowledge/?q=循环泵")
    expect(page.get_by_test_id("knowledge-results")).to_contain_text(ticket.title)
    axe(page)
    assert KnowledgeArticle.objects.get().source_ticket_id == ticket.pk
