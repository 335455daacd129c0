"""The message box inside the staff workspace: a "消息" menu item with the unread count, the
box itself at /staff/messages/, and a dashboard panel of the newest unread messages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import URLPattern, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.sidebar import LinkMenuItem

from yiwang.core.security.policy import access_policy

from . import admin_views, selectors, views
from .permissions import can_manage_templates


class MessagesMenuItem(MenuItem):
    def render_component(self, request: HttpRequest) -> LinkMenuItem:
        count = selectors.count_unread(user=request.user)
        label = f"消息（{count} 条未读）" if count else "消息"
        return LinkMenuItem(
            self.name, label, self.url, icon_name=self.icon_name, classname=self.classname, attrs=self.attrs
        )


@hooks.register("register_admin_menu_item")
def register_messages_menu_item() -> MenuItem:
    return MessagesMenuItem("消息", reverse("notifications_staff_box"), name="messages", icon_name="mail", order=50)


@access_policy(audience="staff")
def _staff_box(request: HttpRequest) -> Any:
    return views.message_box(request, box=views.STAFF)


@access_policy(audience="staff", note="收件人本人的消息")
def _staff_detail(request: HttpRequest, message_id: int) -> Any:
    return views.message_detail(request, message_id, box=views.STAFF)


@hooks.register("register_admin_urls")
def register_message_urls() -> list[URLPattern]:
    # Wagtail wraps these in its own login and admin-access checks.
    return [
        path("messages/", _staff_box, name="notifications_staff_box"),
        path("messages/<int:message_id>/", _staff_detail, name="notifications_staff_detail"),
        path("notification-templates/", admin_views.template_list, name="notifications_templates"),
        path("notification-templates/<str:code>/", admin_views.template_edit, name="notifications_template_edit"),
    ]


class TemplatesMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_manage_templates(request.user)


@hooks.register("register_settings_menu_item")
def register_templates_menu_item() -> MenuItem:
    return TemplatesMenuItem(
        "通知模板", reverse("notifications_templates"), name="notification-templates", icon_name="mail", order=910
    )


class UnreadMessagesPanel(Component):
    name = "unread_messages"
    order = 50
    template_name = "notifications/staff/home_panel.html"

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def get_context_data(self, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
        user = self.request.user
        return {
            "unread_count": selectors.count_unread(user=user),
            "latest": list(selectors.list_messages(user=user, unread_only=True)[:5]),
        }


@hooks.register("construct_homepage_panels")
def add_unread_messages_panel(request: HttpRequest, panels: list[Component]) -> None:
    panels.append(UnreadMessagesPanel(request))
