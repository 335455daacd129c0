"""Browser journeys of the core web pages: 我的 and the staff workspace home, checked with axe."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from yiwang.core.notifications.models import Message
from yiwang.testing.auth import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Any, live_server: Any, user: Any, *, staff: bool) -> None:
    """Copy a test-client session (second factor passed for staff) into the browser."""
    client = sign_in(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_staff_lands_on_the_workspace_home_with_their_posts(
    page: Any, live_server: Any, axe: Callable[[Any], None], world: Any
) -> None:
    Message.objects.create(recipient=world.leader, template_code="test", title="待阅公文")
    log_in(page, live_server, world.leader, staff=True)

    page.goto("/after-login/")

    assert page.url == f"{live_server.url}/staff/"
    assert page.title().endswith("一网 工作台")
    summary = page.get_by_test_id("workspace-summary")
    assert "伊春市民政局 · 负责人（局长）" in summary.inner_text()
    assert "未读消息 1 条" in summary.inner_text()
    axe(page)


def test_citizen_lands_on_my_page(page: Any, live_server: Any, axe: Callable[[Any], None], world: Any) -> None:
    log_in(page, live_server, world.citizen, staff=False)

    page.goto("/after-login/")

    assert page.url == f"{live_server.url}/my/"
    assert page.locator("h1").inner_text() == "我的"
    assert page.get_by_test_id("unread-count").inner_text() == "0 条未读消息"
    axe(page)

    page.get_by_test_id("elder-toggle").click()
    assert page.url == f"{live_server.url}/my/"
    assert page.evaluate("document.documentElement.classList.contains('elder')")
    axe(page)
