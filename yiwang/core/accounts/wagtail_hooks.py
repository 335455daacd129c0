"""Puts 工作人员账户 in the staff workspace menu for the system administrator, and 安全密钥要求 and
管理员角色 for the security administrator."""

from typing import Any

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from yiwang.core.permissions.access import can

from . import admin_urls, staff_views


class StaffAccountsMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return can(request.user, "core.manage_users")


@hooks.register("register_admin_urls")
def register_staff_accounts_urls() -> list[Any]:
    return [
        path("accounts/", include(admin_urls, namespace="accounts_staff")),
        # The security administrator's screen (not under accounts/, which is the system administrator's).
        path("security-keys/", staff_views.key_policy, name="accounts_key_policy"),
        path("admin-roles/", staff_views.admin_roles, name="accounts_admin_roles"),
    ]


@hooks.register("register_admin_menu_item")
def register_staff_accounts_menu_item() -> MenuItem:
    return StaffAccountsMenuItem("工作人员账户", reverse("accounts_staff:staff_list"), icon_name="group", order=8000)


class KeyPolicyMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return can(request.user, "core.manage_security")


@hooks.register("register_admin_menu_item")
def register_key_policy_menu_item() -> MenuItem:
    return KeyPolicyMenuItem("安全密钥要求", reverse("accounts_key_policy"), icon_name="lock", order=8010)


@hooks.register("register_admin_menu_item")
def register_admin_roles_menu_item() -> MenuItem:
    return KeyPolicyMenuItem("管理员角色", reverse("accounts_admin_roles"), icon_name="user", order=8020)
