"""Puts the security screens in the staff workspace: 安全保障 for the security administrator, and
the self-assessment also for the audit administrator."""

from typing import Any

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .permissions import can_manage_security, can_view_report


class SecurityMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return can_manage_security(request.user)


class ReportMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return can_view_report(request.user)


@hooks.register("register_admin_urls")
def register_security_urls() -> list[Any]:
    return [path("security/", include("yiwang.core.security.urls"))]


@hooks.register("register_admin_menu_item")
def register_security_menu_item() -> MenuItem:
    return SecurityMenuItem("安全保障", reverse("security:overview"), name="security", icon_name="lock", order=9100)


@hooks.register("register_admin_menu_item")
def register_report_menu_item() -> MenuItem:
    return ReportMenuItem(
        "等保自评估", reverse("security:report"), name="security-report", icon_name="doc-full", order=9110
    )
