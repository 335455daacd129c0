"""Browser journeys of 公开 and 统计: a visitor reads 来信选登 (filtered), a published ticket masked,
finds it through the site search and reads the public 办理情况; the hotline office withholds a
publication (a missing reason refused, the page kept) and reads the statistics page with its charts
and tables. Axe on every page."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from yiwang.core.orgs.models import Role
from yiwang.modules.tickets import services
from yiwang.modules.tickets.models import Ticket
from yiwang.testing.auth import sign_in_browser
from yiwang.testing.personas import World

from .factories import submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPLY = "经核查，供热公司已于12月5日更换3号楼循环泵，室温已达18度以上。"
CONTENT = "朝阳小区3号楼室温长期低于18度，我的电话13812341234，请尽快处理。"


def _published(world: World, **overrides: Any) -> Ticket:
    values: dict[str, Any] = {
        "citizen": world.citizen,
        "wants_public": True,
        "contact_name": "王小明",
        "content": CONTENT,
    }
    values.update(overrides)
    ticket = services.dispatch_ticket(ticket=submit(**values), agency=world.city_civil_affairs, actor=world.dispatcher)
    ticket = services.draft_reply(ticket=ticket, actor=world.city_clerk, content=REPLY)
    return services.approve_reply(ticket=ticket, actor=world.leader)


def test_a_visitor_reads_a_published_ticket_masked_and_finds_it_by_search(
    page: Any, axe: Callable[[Any], None], staff: World
) -> None:
    ticket = _published(staff)
    consultation = _published(
        staff,
        channel=Ticket.Channel.ONLINE_CONSULTATION,
        kind=Ticket.Kind.CONSULTATION,
        title="咨询低保申请需要哪些材料",
    )
    page.goto("/hudong/tickets/public/")
    expect(page.get_by_role("heading", name="来信选登")).to_be_visible()
    axe(page)
    page.get_by_label("渠道").select_option("online_consultation")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_role("link", name=consultation.title)).to_be_visible()
    expect(page.get_by_role("link", name=ticket.title)).to_have_count(0)
    page.get_by_role("link", name="清除条件").click()
    page.get_by_role("link", name=ticket.title).click()
    expect(page.get_by_test_id("public-name")).to_have_text("王**")
    expect(page.get_by_test_id("public-phone")).to_have_text("139****1234")
    expect(page.get_by_test_id("public-content")).to_contain_text("138****1234")
    expect(page.get_by_test_id("public-reply-text")).to_contain_text("循环泵")
    axe(page)

    page.goto("/search/?q=循环泵")
    page.get_by_role("link", name=re.compile(ticket.title)).first.click()
    expect(page).to_have_url(re.compile(r"/hudong/tickets/public/\d+/$"))
    expect(page.get_by_test_id("public-reply-text")).to_contain_text("循环泵")

    page.get_by_role("link", name="办理情况").click()
    expect(page.get_by_role("heading", name="诉求办理情况")).to_be_visible()
    expect(page.get_by_test_id("summary-2")).to_contain_text("2 件")
    axe(page)


def test_the_office_withholds_a_publication_and_reads_the_statistics(
    page: Any, live_server: Any, axe: Callable[[Any], None], staff: World
) -> None:
    role = Role.objects.get(code="dispatcher")
    role.verbs = [*role.verbs, "tickets.statistics"]
    role.save(update_fields=["verbs"])
    ticket = _published(staff)
    sign_in_browser(page, live_server.url, staff.dispatcher)

    page.goto(f"/staff/tickets/{ticket.pk}/")
    expect(page.get_by_test_id("publication-state")).to_contain_text("已在“来信选登”公开")
    page.get_by_role("link", name="不予公开…").click()
    axe(page)
    page.get_by_role("button", name="不予公开").click()  # no reason: refused, nothing changes
    expect(page.get_by_role("alert").filter(has_text="请填写不予公开的理由")).to_be_visible()
    page.get_by_label("不予公开理由").fill("来信涉及他人隐私")
    page.get_by_role("button", name="不予公开").click()
    expect(page.get_by_test_id("publication-state")).to_contain_text("来信涉及他人隐私")
    axe(page)

    page.goto("/hudong/tickets/public/")
    expect(page.get_by_test_id("no-public-replies")).to_be_visible()

    page.goto("/staff/tickets/statistics/")
    expect(page.get_by_role("heading", name="诉求办理统计")).to_be_visible()
    expect(page.locator('[data-chart="chart-data-channel"] svg').first).to_be_visible()
    expect(page.get_by_test_id("intake-channel")).to_contain_text("市长信箱")
    expect(page.get_by_test_id("agency-performance")).to_contain_text(staff.city_civil_affairs.full_name)
    axe(page)
    with page.expect_download() as download:
        page.get_by_test_id("export-csv").click()
    assert download.value.suggested_filename.endswith(".csv")
