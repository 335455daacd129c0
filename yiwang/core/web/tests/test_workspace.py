"""The staff workspace (工作台 at /staff/): branding, the menu built from manifests, the home panel."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from yiwang.core.notifications.models import Message
from yiwang.core.registry.manifest import Manifest, MenuEntry, Verb
from yiwang.core.web import staff

FAKE_MANIFEST = Manifest(
    name="fake",
    title="测试模块",
    verbs=(Verb(code="portal.edit", label="编辑"),),
    menu=(
        MenuEntry(label="受控入口", url_name="web:my", icon="doc-full", verb="portal.edit", order=210),
        MenuEntry(label="公共入口", url_name="web:after-login", icon="doc-full", order=220),
    ),
)


@pytest.fixture
def fake_manifests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(staff, "get_manifests", lambda: (FAKE_MANIFEST,))


def sidebar(client: Client) -> str:
    """The workspace sidebar's props (JSON with \\u escapes), decoded."""
    html = client.get("/staff/").content.decode()
    start = html.index('id="wagtail-sidebar-props"')
    props = html[html.index(">", start) + 1 : html.index("</script>", start)]
    return json.dumps(json.loads(props), ensure_ascii=False)


def test_workspace_is_branded_yiwang(login: Callable[[Any], Client], world: Any) -> None:
    html = login(world.city_clerk).get("/staff/").content.decode()

    assert "一网 工作台" in html
    assert "yiwang-logo" in html


def test_menu_entry_shown_to_staff_holding_its_verb(
    login: Callable[[Any], Client], world: Any, fake_manifests: None
) -> None:
    menu = sidebar(login(world.city_clerk))

    assert "受控入口" in menu
    assert "公共入口" in menu


def test_menu_entry_hidden_from_staff_without_its_verb(
    login: Callable[[Any], Client], world: Any, fake_manifests: None
) -> None:
    menu = sidebar(login(world.audit_admin))

    assert "受控入口" not in menu
    assert "公共入口" in menu


def test_menu_drops_wagtails_internet_help_links(login: Callable[[Any], Client], world: Any) -> None:
    menu = sidebar(login(world.city_clerk))

    assert "docs.wagtail.org" not in menu
    assert '"name": "help"' not in menu


def test_home_panel_lists_the_users_posts_and_unread_messages(login: Callable[[Any], Client], world: Any) -> None:
    Message.objects.create(recipient=world.leader, template_code="test", title="待阅公文")
    Message.objects.create(recipient=world.leader, template_code="test", title="会议通知")

    html = login(world.leader).get("/staff/").content.decode()

    assert 'data-testid="workspace-summary"' in html
    assert "民政局局长赵刚，您好" in html
    assert "伊春市民政局 · 负责人（局长）" in html
    assert "未读消息 2 条" in html


def test_home_panel_shows_the_administrator_role(login: Callable[[Any], Client], world: Any) -> None:
    html = login(world.system_admin).get("/staff/").content.decode()

    assert "管理员角色" in html
    assert "系统管理员" in html


def test_citizens_cannot_enter_the_workspace(client: Client, world: Any) -> None:
    client.force_login(world.citizen)

    response = client.get("/staff/")

    assert response.status_code in {302, 403}
    assert "workspace-summary" not in response.content.decode()
