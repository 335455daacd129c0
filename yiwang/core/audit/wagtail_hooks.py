"""Puts the audit viewer in the staff workspace menu, for the audit administrator only."""

from typing import Any

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from yiwang.core.permissions.access import can


class AuditMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return can(request.user, "core.view_audit")


@hooks.register("register_admin_urls")
def register_audit_urls() -> list[Any]:
    return [path("audit/", include("yiwang.core.audit.urls"))]


@hooks.register("register_admin_menu_item")
def register_audit_menu_item() -> MenuItem:
    return AuditMenuItem("审计日志", reverse("audit:entries"), icon_name="history", order=9000)
