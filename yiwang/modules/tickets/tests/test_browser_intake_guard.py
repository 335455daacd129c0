"""Browser journey: an anonymous citizen writes to 市长信箱, proves the phone with the SMS code (read
from the development gateway's outbox), a wrong code first keeps everything typed, gets the 查询码 on
screen and by SMS, and looks the ticket up by code and phone — axe on every page."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from yiwang.core.notifications.gateways import LogSmsGateway, SentSms

from .factories import heating

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "13904587766"
CONTENT = "金林区林城路公交站台雨棚破损漏雨，候车群众淋雨，请尽快修缮。"


@pytest.fixture
def sms_outbox() -> Iterator[list[SentSms]]:
    LogSmsGateway.clear()
    yield LogSmsGateway.outbox
    LogSmsGateway.clear()


def _code_in(text: str) -> str:
    match = re.search(r"\b(\d{6})\b", text)
    assert match, text
    return match.group(1)


def test_an_anonymous_citizen_proves_the_phone_submits_and_looks_the_ticket_up(
    page: Any, live_server: Any, axe: Callable[[Any], None], sms_outbox: list[SentSms]
) -> None:
    category = heating()
    page.goto("/hudong/tickets/")
    expect(page.get_by_role("heading", level=1)).to_have_text("我要写信")
    expect(page.get_by_test_id("anonymous-note")).to_be_visible()
    axe(page)

    page.locator("#id_kind").select_option("help")
    page.locator("#id_category").select_option(str(category.pk))
    page.locator("#id_title").fill("金林区林城路公交站雨棚漏雨")
    page.locator("#id_content").fill(CONTENT)
    page.locator("#id_contact_name").fill("李娜")
    page.locator("#id_contact_phone").fill(PHONE)
    page.get_by_role("button", name="获取验证码").click()
    expect(page.get_by_test_id("code-sent")).to_contain_text("139****7766")
    expect(page.locator("#id_content")).to_have_value(CONTENT)  # everything typed comes back
    axe(page)
    assert sms_outbox and sms_outbox[-1].phone == PHONE
    code = _code_in(sms_outbox[-1].text)

    page.get_by_label("短信验证码").fill("000000" if code != "000000" else "111111")
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="验证码不正确")).to_be_visible()
    expect(page.locator("#id_content")).to_have_value(CONTENT)
    expect(page.get_by_test_id("error-summary")).to_contain_text("短信验证码")
    axe(page)

    page.get_by_label("短信验证码").fill(code)
    page.get_by_label("短信验证码").press("Enter")  # the keyboard submits the letter, not 获取验证码
    expect(page.get_by_role("heading", level=1)).to_have_text("您的诉求已提交")
    query_code = page.get_by_test_id("query-code").inner_text().strip()
    assert re.fullmatch(r"\d{10}", query_code)
    expect(page.get_by_test_id("texted-to")).to_contain_text("139****7766")
    axe(page)
    assert query_code in sms_outbox[-1].text and sms_outbox[-1].phone == PHONE

    page.get_by_role("link", name="诉求查询").click()
    page.locator("#id_query_code").fill(query_code)
    page.locator("#id_phone").fill(PHONE)
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("lookup-status")).to_have_text("待审查")
    expect(page.get_by_test_id("lookup-result")).not_to_contain_text("李娜")
    axe(page)
