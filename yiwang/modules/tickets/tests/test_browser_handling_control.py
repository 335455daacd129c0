"""Browser journeys of the hotline office's control of handling, with axe on every page:
改派 to another agency (a missing reason refused with the choice kept), 合并 of a suggested
duplicate, and an extension requested by the agency (beyond the limit refused) and approved."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from yiwang.modules.tickets import services
from yiwang.modules.tickets.models import ExtensionRequest, Ticket
from yiwang.testing.auth import sign_in_browser
from yiwang.testing.personas import World

from .factories import submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page: Any, live_server: Any, user: Any) -> None:
    page.context.clear_cookies()
    sign_in_browser(page, live_server.url, user)


def _dispatched(world: World, **overrides: object) -> Ticket:
    return services.dispatch_ticket(ticket=submit(**overrides), agency=world.city_civil_affairs, actor=world.dispatcher)


def test_the_dispatcher_reassigns_a_ticket_and_merges_a_duplicate(
    page: Any, live_server: Any, axe: Callable[[Any], None], staff: World
) -> None:
    ticket = _dispatched(staff)
    _as(page, live_server, staff.dispatcher)
    page.goto(f"/staff/tickets/{ticket.pk}/")
    axe(page)
    page.locator("#id_reassign-agency").select_option(label=staff.jiayin_civil_affairs.full_name)
    page.get_by_role("button", name="改派", exact=True).click()  # no reason: refused, the choice kept
    expect(page.get_by_role("alert").filter(has_text="请填写改派理由")).to_be_visible()
    expect(page.locator("#id_reassign-agency")).to_have_value(str(staff.jiayin_civil_affairs.pk))
    axe(page)
    page.locator("#id_reassign-reason").fill("事发地在嘉荫县，属县民政局职责")
    page.get_by_role("button", name="改派", exact=True).click()
    expect(page.get_by_text(f"已改派至{staff.jiayin_civil_affairs.full_name}。")).to_be_visible()

    _as(page, live_server, staff.jiayin_clerk)
    page.goto("/staff/inbox/")
    page.get_by_role("link", name=re.compile(ticket.title)).first.click()
    expect(page).to_have_url(re.compile(rf"/staff/tickets/{ticket.pk}/$"))
    axe(page)

    duplicate = submit()  # the same caller about the same heating problem
    _as(page, live_server, staff.dispatcher)
    page.goto(f"/staff/tickets/{duplicate.pk}/")
    expect(page.get_by_test_id("duplicate-suggestions")).to_contain_text(ticket.query_code)
    axe(page)
    page.get_by_role("button", name=f"合并至 {ticket.query_code}").click()
    expect(page.get_by_text(f"已合并至工单 {ticket.query_code}")).to_be_visible()
    expect(page.get_by_test_id("ticket-merged-into")).to_contain_text(ticket.query_code)
    axe(page)
    assert Ticket.objects.get(pk=duplicate.pk).merged_into_id == ticket.pk


def test_the_agency_requests_an_extension_and_the_hotline_office_approves_it(
    page: Any, live_server: Any, axe: Callable[[Any], None], staff: World, settings: Any
) -> None:
    settings.YIWANG_TICKETS = {"EXTENSION_MAX_DAYS": 5}
    ticket = _dispatched(staff)
    _as(page, live_server, staff.city_clerk)
    page.goto(f"/staff/tickets/{ticket.pk}/")
    axe(page)
    page.locator("#id_extension-days").fill("8")
    page.locator("#id_extension-reason").fill("需现场测温并协调供热公司")
    page.get_by_role("button", name="申请延期").click()
    expect(page.get_by_role("alert").filter(has_text="延期天数应为 1–5 个工作日")).to_be_visible()
    expect(page.locator("#id_extension-reason")).to_have_value("需现场测温并协调供热公司")
    axe(page)
    page.locator("#id_extension-days").fill("3")
    page.get_by_role("button", name="申请延期").click()
    expect(page.get_by_text("延期申请已提交热线办审批。")).to_be_visible()
    expect(page.get_by_test_id("extension-requests")).to_contain_text("待审批")

    _as(page, live_server, staff.dispatcher)
    page.goto(f"/staff/tickets/{ticket.pk}/")
    expect(page.get_by_role("heading", name="审批延期申请")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="提交审批意见").click()
    expect(page.get_by_text("已批准延期，办理期限已顺延。")).to_be_visible()
    expect(page.get_by_test_id("extension-requests")).to_contain_text("已批准")
    axe(page)
    assert ExtensionRequest.objects.get().status == ExtensionRequest.Status.APPROVED
    refreshed = Ticket.objects.get(pk=ticket.pk)
    assert refreshed.due_at is not None and ticket.due_at is not None and refreshed.due_at > ticket.due_at
