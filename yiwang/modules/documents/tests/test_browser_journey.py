"""Browser journey of a joint 通知 through the staff screens: the clerk drafts → the office director
reviews (核稿) → the co-issuer's leader 退回 once from 会签 with a reason → the clerk resubmits → 核稿
and 会签 again → the leader signs off → 复核 → 编号 → 用印 → 分发; the recipient agency signs for it
(签收), registers it, the office proposes, its leader instructs (批示), the office assigns it, the
department reports (承办) and it is closed (办结); the sender files it (归档). Axe on every page."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from yiwang.core.seals.services import issue_agency_seal
from yiwang.testing.auth import sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "伊春市民政局 伊春市人民政府办公室关于做好2027年元旦春节期间困难群众走访慰问工作的通知"
BODY = (
    "各县（市）、区民政局：\n为切实保障困难群众基本生活，现就有关事项通知如下：\n一、提高思想认识\n"
    "（一）各地要把走访慰问作为重要任务。\n1. 低保对象逐户走访。\n二、落实资金保障\n特此通知。"
)
RETURN_REASON = "请写明慰问资金的来源和标准"


def _as(page: Any, live_server: Any, user: Any) -> None:
    page.context.clear_cookies()
    sign_in_browser(page, live_server.url, user)


def _form(page: Any, button: str) -> Any:
    """The form holding the button named `button` (several forms share one page)."""
    return page.locator("form").filter(has=page.get_by_role("button", name=button, exact=True))


def _decide(page: Any, url: str, button: str = "提交", *, opinion: str = "", ret: bool = False) -> None:
    page.goto(url)
    form = _form(page, button)
    if ret:
        form.get_by_label("退回拟稿人").check()
    if opinion:
        form.locator("textarea[name=opinion]").fill(opinion)
    form.get_by_role("button", name=button, exact=True).click()


def test_a_joint_notice_is_drafted_returned_from_countersign_issued_received_handled_and_filed(
    page: Any, live_server: Any, axe: Callable[[Any], None], office: Any
) -> None:
    w = office.world
    for agency in (w.city_civil_affairs, w.city_office):
        issue_agency_seal(agency=agency, by=w.system_admin)

    # 拟稿: the clerk of 市民政局 starts from the 通知 template and sets the elements.
    _as(page, live_server, w.city_clerk)
    page.goto("/staff/documents/")
    axe(page)
    page.goto("/staff/documents/new/")
    axe(page)
    page.locator("#id_doc_type").select_option("通知")
    page.get_by_role("button", name="生成草稿").click()
    expect(page.get_by_text("已按模板生成草稿，请修改后送核稿。")).to_be_visible()
    edit_url = page.url
    document_url = re.sub(r"edit/$", "", edit_url)
    axe(page)
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_main_to").fill("嘉荫县民政局")
    page.locator("#id_cc").fill("铁力市民政局")
    page.locator("#id_body").fill(BODY)
    page.locator("#id_co_issuers").select_option(label=w.city_office.full_name)
    page.locator("#id_main_to_agencies").select_option(label=w.jiayin_civil_affairs.full_name)
    page.locator("#id_cc_agencies").select_option(label=w.tieli_civil_affairs.full_name)
    page.get_by_role("button", name="保存并送核稿").click()
    expect(page.get_by_text("已送核稿。")).to_be_visible()

    # 核稿 by the office director, then the co-issuer's leader 退回 from 会签 (a reason is required).
    _as(page, live_server, w.office_director)
    page.goto(document_url)
    axe(page)
    _decide(page, document_url, opinion="文字已核")
    expect(page.get_by_text("核稿：已同意。")).to_be_visible()

    _as(page, live_server, office.office_leader)
    _decide(page, document_url, ret=True)
    expect(page.get_by_role("alert").filter(has_text="退回时请填写退回意见。")).to_be_visible()
    axe(page)
    _decide(page, document_url, ret=True, opinion=RETURN_REASON)
    expect(page.get_by_text("已退回拟稿人。")).to_be_visible()
    expect(page.get_by_test_id("status")).to_contain_text("拟稿")

    # The drafter sees the reason on the 稿纸, completes the body and resubmits.
    _as(page, live_server, w.city_clerk)
    page.goto(document_url)
    expect(page.get_by_text(RETURN_REASON)).to_be_visible()
    page.goto(edit_url)
    page.locator("#id_body").fill(
        BODY.replace("二、落实资金保障", "二、落实资金保障\n慰问资金从市级困难群众救助资金中列支。")
    )
    page.get_by_role("button", name="保存并送核稿").click()
    expect(page.get_by_text("已送核稿。")).to_be_visible()

    _as(page, live_server, w.office_director)
    _decide(page, document_url)
    expect(page.get_by_text("核稿：已同意。")).to_be_visible()
    _as(page, live_server, office.office_leader)
    _decide(page, document_url, opinion="同意会签")
    expect(page.get_by_text("会签：已同意。")).to_be_visible()
    _as(page, live_server, w.leader)
    _decide(page, document_url, opinion="同意印发")
    expect(page.get_by_text("签发：已同意。")).to_be_visible()

    # 复核, 编号, 用印, 分发 in the office.
    _as(page, live_server, w.office_director)
    _decide(page, document_url)
    expect(page.get_by_text("复核：已同意。")).to_be_visible()
    page.goto(document_url)
    axe(page)
    _form(page, "编发文字号").get_by_role("button", name="编发文字号").click()
    expect(page.get_by_text(re.compile(r"已编号：伊民发〔\d{4}〕1号"))).to_be_visible()
    page.get_by_role("button", name="用印（加盖电子印章）").click()
    expect(page.get_by_text("已用印，盖章后的公文 PDF 可下载。")).to_be_visible()
    expect(page.get_by_test_id("sealed-pdf")).to_be_visible()
    page.get_by_role("button", name="分发", exact=True).click()
    expect(page.get_by_text("已分发至 2 个单位。")).to_be_visible()
    expect(page.get_by_test_id("distribution-state").first).to_contain_text("未签收")
    axe(page)

    # 收文 at 嘉荫县民政局: 签收 → 登记 → 初审 → 拟办 → 批示 → 分办 → 承办 → 办结.
    _as(page, live_server, w.jiayin_clerk)
    page.goto("/staff/documents/incoming/")
    axe(page)
    page.get_by_role("link", name=TITLE).first.click()
    incoming_url = page.url
    axe(page)
    page.get_by_role("button", name="签收", exact=True).click()
    expect(page.get_by_text("已签收，请登记。")).to_be_visible()
    page.get_by_role("button", name="登记（编收文号）").click()
    expect(page.get_by_text(re.compile(r"已登记，收文号"))).to_be_visible()
    page.get_by_role("button", name="提交初审意见").click()
    expect(page.get_by_text("初审通过，请拟办。")).to_be_visible()
    form = _form(page, "送领导批办")
    form.locator("textarea[name=text]").fill("拟请局长阅示，由本局社会救助股承办。")
    form.get_by_role("button", name="送领导批办").click()
    expect(page.get_by_text("已提出拟办意见，送领导批办。")).to_be_visible()

    _as(page, live_server, w.jiayin_leader)
    page.goto(incoming_url)
    axe(page)
    form = _form(page, "提交批示")
    form.locator("textarea[name=text]").fill("同意，抓紧落实，月底前报结果。")
    form.get_by_role("button", name="提交批示").click()
    expect(page.get_by_text("已批示。")).to_be_visible()

    _as(page, live_server, w.jiayin_clerk)
    page.goto(incoming_url)
    axe(page)
    form = _form(page, "交办")
    form.locator("select[name=main_agency]").select_option(label=w.jiayin_civil_affairs.full_name)
    form.get_by_role("button", name="交办").click()
    expect(page.get_by_text("已交办承办单位。")).to_be_visible()
    form = _form(page, "填报办理结果")
    form.locator("textarea[name=result]").fill("已完成全县困难群众走访慰问。")
    form.get_by_role("button", name="填报办理结果").click()
    expect(page.get_by_text("已填报办理结果。")).to_be_visible()
    form = _form(page, "办结")
    form.locator("textarea[name=reply]").fill("已按通知要求落实，特此报告。")
    form.get_by_role("button", name="办结").click()
    expect(page.get_by_text("已办结。")).to_be_visible()
    axe(page)

    # The sender sees the 签收 and files the document under a 保管期限 (required).
    _as(page, live_server, w.office_director)
    page.goto(document_url)
    expect(page.get_by_test_id("distribution-state").filter(has_text="签收").first).to_be_visible()
    _form(page, "归档").get_by_role("button", name="归档").click()  # no 保管期限: refused, kept at 归档
    expect(page.get_by_role("alert").filter(has_text="请选择保管期限。")).to_be_visible()
    axe(page)
    form = _form(page, "归档")
    form.locator("select[name=retention]").select_option(label="永久")
    form.get_by_role("button", name="归档").click()
    expect(page.get_by_text(re.compile(r"已归档，档号 "))).to_be_visible()
    expect(page.get_by_test_id("archive-code")).to_contain_text("永久")
    expect(page.get_by_test_id("status")).to_contain_text("已归档")
    axe(page)
