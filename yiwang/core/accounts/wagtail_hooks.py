"""Puts 工作人员账户 in the staff workspace menu, for the system administrator only."""

from typing import Any

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from yiwang.core.permissions.access import can

from . import admin_urls


class StaffAccountsMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return can(request.user, "core.manage_users")


@hooks.register("register_admin_urls")
def register_staff_accounts_urls() -> list[Any]:
    return [path("accounts/", include(admin_urls, namespace="accounts_staff"))]


@hooks.register("register_admin_menu_item")
def register_staff_accounts_menu_item() -> MenuItem:
    return StaffAccountsMenuItem("工作人员账户", reverse("accounts_staff:staff_list"), icon_name="group", order=8000)
