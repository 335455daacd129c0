"""Registers the 工作日历 screen in the staff workspace."""

from __future__ import annotations

from typing import Any

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls


@hooks.register("register_admin_urls")
def register_calendar_urls() -> list[Any]:
    return [path("calendar/", include(admin_urls, namespace="calendar_staff"))]


@hooks.register("register_admin_menu_item")
def register_calendar_menu_item() -> MenuItem:
    return MenuItem("工作日历", reverse("calendar_staff:year"), name="calendar", icon_name="date", order=900)
