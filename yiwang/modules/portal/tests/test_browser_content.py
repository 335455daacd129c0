"""The policy-document journey in a real browser, in one go: an editor drafts it in the workspace,
初审, 复审 and 终审 (with the 保密审查 record) publish it, it appears in its column, in search (by
its words, highlighted, and by its 发文字号) and in the column's feed; marking it 已废止 puts a
banner on its page; the inspection dashboard flags a stale column. Public screens and the
portal's staff screens are checked with axe; 长辈版 is switched on for the banner."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Page, Site

from yiwang.modules.portal import demo
from yiwang.modules.portal.models import PolicyDocumentPage, SectionPage
from yiwang.testing.auth import sign_in_browser
from yiwang.testing.personas import World, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "伊春市民政局关于做好2026年冬季困难群众取暖救助工作的通知"
NUMBER = "伊民发〔2026〕41号"


@pytest.fixture
def world_site(settings: Any) -> World:
    # Autosave posts drafts while typing; on SQLite's shared test database those writes collide
    # with the form's own submission. The journey tests the explicit actions.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    world = build_world()
    demo.load(io.StringIO(), full=False)
    return world


def _as(page: Any, live_server: Any, user: Any) -> None:
    page.context.clear_cookies()
    sign_in_browser(page, live_server.url, user)


def _approve(page: Any, live_server: Any, user: Any, policy: PolicyDocumentPage) -> None:
    """The reviewer opens the draft in the workspace and approves the current step."""
    _as(page, live_server, user)
    page.goto(f"{live_server.url}/staff/pages/{policy.pk}/edit/")
    approve = page.locator('button[data-workflow-action-name="approve"]').first
    expect(approve).to_be_attached()
    with page.expect_navigation():
        approve.dispatch_event("click")


def test_policy_document_from_draft_through_three_reviews_to_repeal(
    page: Any, live_server: Any, axe: Callable[[Any], None], world_site: World
) -> None:
    tree = SectionPage.objects.get(slug="xxgk-mzj")
    column = SectionPage.objects.child_of(SectionPage.objects.child_of(tree).get(slug="fdzdgk")).get(slug="msbz")

    # The editor (民政局, portal.edit) drafts the document in the workspace and submits it.
    _as(page, live_server, world_site.city_clerk)
    page.goto(f"{live_server.url}/staff/pages/add/portal/policydocumentpage/{column.pk}/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_document_number").fill(NUMBER)
    page.locator("#id_written_date").fill("2026-11-20")
    page.locator("#id_agency").select_option(str(world_site.city_civil_affairs.pk))
    page.locator("#id_topic").select_option("civil")
    page.locator("#id_genre").select_option("notice")
    page.locator("#id_summary").fill("对城乡低保对象、特困人员发放一次性取暖救助金。")
    editor = page.locator(".DraftEditor-root").first
    expect(editor).to_be_visible()
    editor.click()
    page.keyboard.type("各县（市、区）民政局：为保障困难群众温暖过冬，现就取暖救助工作通知如下。")
    expect(page.locator("input#id_body")).to_have_value(re.compile("取暖救助"))
    # The address (Promote tab): a Chinese title gives no automatic slug.
    page.locator("#id_slug").evaluate("(input, value) => { input.value = value; }", "qnjz-2026")
    with page.expect_navigation():
        page.locator('button[name="action-submit"]').dispatch_event("click")

    policy = PolicyDocumentPage.objects.get(title=TITLE)
    assert not policy.live
    assert policy.current_workflow_task is not None and policy.current_workflow_task.name.startswith("初审")

    # 初审 (another editor of 民政局), 复审 (the director, portal.publish) …
    _approve(page, live_server, world_site.office_director, policy)
    policy.refresh_from_db()
    assert policy.current_workflow_task.name.startswith("复审")
    _approve(page, live_server, world_site.leader, policy)
    policy.refresh_from_db()
    assert policy.current_workflow_task.name.startswith("终审")

    # … and 终审, which records the 保密审查 conclusion in the dialog before publishing.
    _as(page, live_server, world_site.leader)
    page.goto(f"{live_server.url}/staff/pages/{policy.pk}/edit/")
    page.locator('button[data-workflow-action-name="approve"]').first.dispatch_event("click")
    dialog = page.locator("form").filter(has=page.locator("input[name=conclusion]"))
    expect(dialog).to_be_visible()
    dialog.get_by_label("可以公开（不涉及国家秘密、工作秘密、商业秘密和个人隐私）").check()
    with page.expect_navigation():
        dialog.locator("button[type=submit]").click()
    policy.refresh_from_db()
    assert policy.live

    # The public column lists it; its page shows the catalogue fields.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{column.url_path[len('/yichun') :]}")
    link = page.get_by_role("link", name=TITLE)
    expect(link).to_be_visible()
    axe(page)
    link.click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.get_by_test_id("doc-meta")).to_contain_text(NUMBER)
    expect(page.get_by_test_id("doc-meta")).to_contain_text(str(policy.index_number))
    expect(page.get_by_test_id("validity-banner")).to_have_count(0)
    axe(page)
    public_url = page.url

    # The header's search box finds it by its words, highlighted, and by its 发文字号.
    _search(page, "取暖救助")
    hit = page.locator(".search-hit", has_text=TITLE)
    expect(hit.locator("mark").first).to_have_text("取暖救助")
    axe(page)
    _search(page, NUMBER)
    expect(page.get_by_role("status")).to_contain_text("共找到 1 条结果")
    expect(page.locator(".search-hit").first).to_contain_text(f"发文字号：{NUMBER}")
    # The result links to the page on its own site's address (the site's host name, not this server).
    href = page.locator(".search-hit").first.get_by_role("link").first.get_attribute("href") or ""
    assert href.endswith(public_url.removeprefix(live_server.url))

    # The column's page announces its feed, and the feed lists the document.
    page.goto(f"{live_server.url}{column.url_path[len('/yichun') :]}")
    feed_href = page.get_by_role("link", name="订阅本栏目（RSS）").get_attribute("href") or ""
    feed = page.request.get(f"{live_server.url}{feed_href}")
    assert feed.ok and TITLE in feed.text() and public_url.removeprefix(live_server.url) in feed.text()

    # The director marks it 已废止 in the workspace; the original page carries the banner.
    _as(page, live_server, world_site.leader)
    page.goto(f"{live_server.url}/staff/portal/policies/")
    axe(page)
    page.get_by_role("link", name=f"变更有效性：{TITLE}").click()
    page.get_by_label("有效性").select_option("repealed")
    page.get_by_label("说明").fill("已被新的取暖救助政策替代。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已将")).to_be_visible()

    page.context.clear_cookies()
    page.goto(public_url)
    banner = page.get_by_test_id("validity-banner")
    expect(banner).to_contain_text("本文件已废止")
    expect(banner).to_contain_text("已被新的取暖救助政策替代。")
    axe(page)
    page.get_by_test_id("elder-toggle").click()
    expect(page.locator("html")).to_have_class("elder")
    expect(page.get_by_test_id("validity-banner")).to_be_visible()
    axe(page)

    # Nothing new in 要闻 for 20 days: the inspection dashboard shows the column over the limit.
    news = SectionPage.objects.get(url_path="/yichun/zwdt/yw/")
    stale = timezone.now() - timedelta(days=20)
    Page.objects.filter(pk__in=Page.objects.child_of(news).values("pk")).update(first_published_at=stale)
    _as(page, live_server, world_site.city_clerk)
    page.goto(f"{live_server.url}/staff/portal/inspection/{Site.objects.get(is_default_site=True).pk}/")
    row = page.locator('tr[data-column="要闻"]')
    expect(row).to_contain_text("超限")
    expect(row).to_contain_text("未按时更新")
    axe(page)


def _search(page: Any, words: str) -> None:
    """Search from the header's box; the index follows a publication within seconds, so retry."""
    for _ in range(10):
        page.locator("#site-search-q").fill(words)
        with page.expect_navigation():
            page.locator("#site-search-q").press("Enter")
        if page.locator(".search-hit").count():
            return
        page.wait_for_timeout(500)
    raise AssertionError(f"搜索“{words}”没有结果")
