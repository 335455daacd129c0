"""Puts 组织机构 and 角色 in the staff workspace, for the system administrator."""

from typing import Any

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from yiwang.core.permissions.access import can

from . import admin_urls


class OrgsMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return can(request.user, "core.manage_orgs")


@hooks.register("register_admin_urls")
def register_orgs_urls() -> list[Any]:
    return [path("orgs/", include(admin_urls, namespace="orgs_staff"))]


@hooks.register("register_admin_menu_item")
def register_orgs_menu_item() -> MenuItem:
    return OrgsMenuItem("组织机构", reverse("orgs_staff:agencies"), icon_name="group", order=800)


@hooks.register("register_admin_menu_item")
def register_roles_menu_item() -> MenuItem:
    return OrgsMenuItem("角色与权限", reverse("orgs_staff:roles"), icon_name="lock", order=810)
