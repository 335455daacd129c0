"""Puts 电子印章 (the seal administration) in the staff workspace, for holders of `seals.manage`."""

from __future__ import annotations

from typing import Any

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .permissions import can_manage_seals


class SealsMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return can_manage_seals(request.user)


@hooks.register("register_admin_urls")
def register_seal_urls() -> list[Any]:
    return [path("seals/", include("yiwang.core.seals.urls"))]


@hooks.register("register_admin_menu_item")
def register_seal_menu_item() -> MenuItem:
    return SealsMenuItem("电子印章", reverse("seals:list"), name="seals", icon_name="lock", order=905)
