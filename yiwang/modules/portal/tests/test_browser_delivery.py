"""In a real browser, each screen checked with axe: an editor sees a stale column on the inspection
dashboard; a visitor finds a policy document by its words and by its 发文字号, highlighted."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Page, Site

from yiwang.modules.portal import demo, services
from yiwang.modules.portal.models import (
    ArticlePage,
    HomePage,
    PolicyDocumentPage,
    ReviewConclusion,
    SectionPage,
)
from yiwang.testing.auth import sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOC_NUMBER = "伊政发〔2026〕12号"
POLICY_TITLE = "伊春市人民政府关于进一步加强森林草原防灭火工作的通知"


@pytest.fixture
def home() -> HomePage:
    demo.load(io.StringIO(), full=False)
    return HomePage.objects.get(depth=2)


def test_the_monitor_flags_a_stale_column(
    page: Any, live_server: Any, axe: Callable[[Any], None], home: HomePage, world: Any
) -> None:
    column = (
        home.get_children()
        .get(slug="zwdt")
        .add_child(instance=SectionPage(title="部门工作动态", slug="bmgzdt", kind="news"))
    )
    article = column.add_child(instance=ArticlePage(title="市林草局召开防火调度会", slug="ddh", body="<p>会议。</p>"))
    article.save_revision().publish()
    Page.objects.filter(pk=article.pk).update(first_published_at=timezone.now() - timedelta(days=20))
    site = Site.objects.get(is_default_site=True)

    sign_in_browser(page, live_server.url, world.city_clerk)
    page.goto(f"{live_server.url}/staff/portal/inspection/{site.pk}/")

    row = page.locator('tr[data-column="部门工作动态"]')
    expect(row).to_contain_text("超限")
    expect(row).to_contain_text("未按时更新")
    expect(page.get_by_role("heading", name="栏目更新")).to_be_visible()
    axe(page)


def test_search_finds_a_document_by_words_and_by_its_number_with_highlighting(
    page: Any, live_server: Any, axe: Callable[[Any], None], home: HomePage, world: Any
) -> None:
    column = home.get_children().get(slug="zwdt").get_children().get(slug="tzgg").specific
    policy = column.add_child(
        instance=PolicyDocumentPage(
            title=POLICY_TITLE,
            slug="slfh-2026-12",
            agency=world.city_government,
            document_number=DOC_NUMBER,
            index_number="230700-0001/2026-00042",
            written_date=date(2026, 3, 2),
            body="<p>为切实做好春季森林草原防灭火工作，严防重特大森林火灾发生，现通知如下。</p>",
        )
    )
    revision = policy.save_revision()
    services.record_confidentiality_review(
        page=policy, revision=revision, reviewer=None, conclusion=ReviewConclusion.PUBLIC, basis="条例第十七条"
    )
    revision.publish()

    page.goto(f"{live_server.url}/search/")
    page.get_by_label("关键词").fill("森林草原 防灭火")
    page.get_by_label("关键词").press("Enter")

    hit = page.locator(".search-hit", has_text=POLICY_TITLE)
    expect(hit).to_be_visible()
    expect(hit.locator("mark").first).to_have_text("森林草原")
    axe(page)

    page.get_by_label("关键词").fill(DOC_NUMBER)
    page.get_by_label("关键词").press("Enter")

    expect(page.get_by_role("status")).to_contain_text("共找到 1 条结果")
    hit = page.locator(".search-hit").first
    expect(hit).to_contain_text(POLICY_TITLE)
    expect(hit).to_contain_text(f"发文字号：{DOC_NUMBER}")
    axe(page)

    # The result links to the page on its own site's address.
    path = policy.get_url_parts()[2]
    assert (hit.get_by_role("link").first.get_attribute("href") or "").endswith(path)
