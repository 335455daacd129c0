"""Puts 工作人员账户 in the staff workspace menu, for the system administrator only."""

from typing import Any

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from yiwang.core.permissions.access import can


class StaffAccountsMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return can(request.user, "core.manage_users")


@hooks.register("register_admin_menu_item")
def register_staff_accounts_menu_item() -> MenuItem:
    return StaffAccountsMenuItem("工作人员账户", reverse("accounts:staff_list"), icon_name="group", order=8000)
