"""Puts the one inbox (待办中心) in the staff workspace: the menu item with the 待办 count, the
home-page panel with 待办/超期/待阅, 发起, and 流程定义 for process administrators."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import URLPattern, URLResolver, include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.sidebar import LinkMenuItem

from yiwang.core.permissions.access import can

from . import admin_urls, selectors
from .views import inbox


def _is_staff(request: HttpRequest) -> bool:
    return getattr(request.user, "kind", "") == "staff"


class InboxMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return _is_staff(request)

    def render_component(self, request: HttpRequest) -> LinkMenuItem:
        counts = selectors.count_inbox(request.user)
        parts = [f"{counts.todo} 待办"] if counts.todo else []
        if counts.overdue:
            parts.append(f"{counts.overdue} 超期")
        if counts.to_read:
            parts.append(f"{counts.to_read} 待阅")
        label = f"待办中心（{'，'.join(parts)}）" if parts else "待办中心"
        return LinkMenuItem(
            self.name, label, self.url, icon_name=self.icon_name, classname=self.classname, attrs=self.attrs
        )


class StartMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return _is_staff(request)


class DefinitionsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can(request.user, selectors.MANAGE_VERB)


@hooks.register("register_admin_urls")
def register_workflow_urls() -> list[URLPattern | URLResolver]:
    return [
        path("inbox/", inbox.inbox, name="workflow_inbox"),
        path("workflow/", include(admin_urls, namespace="workflow")),
    ]


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item() -> MenuItem:
    return InboxMenuItem("待办中心", reverse("workflow_inbox"), name="inbox", icon_name="tasks", order=40)


@hooks.register("register_admin_menu_item")
def register_start_menu_item() -> MenuItem:
    return StartMenuItem("发起流程", reverse("workflow:start"), name="workflow-start", icon_name="plus", order=45)


@hooks.register("register_admin_menu_item")
def register_definitions_menu_item() -> MenuItem:
    return DefinitionsMenuItem(
        "流程定义", reverse("workflow:definitions"), name="workflow-definitions", icon_name="cogs", order=820
    )


class InboxPanel(Component):
    """工作台首页: 待办, 超期 and 待阅 counts and the five newest 待办."""

    name = "workflow_inbox"
    order = 20
    template_name = "workflow/home_panel.html"

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def get_context_data(self, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
        user = self.request.user
        return {"counts": selectors.count_inbox(user), "latest": list(selectors.list_todo(user)[:5])}


@hooks.register("construct_homepage_panels")
def add_inbox_panel(request: HttpRequest, panels: list[Component]) -> None:
    if _is_staff(request):
        panels.append(InboxPanel(request))
