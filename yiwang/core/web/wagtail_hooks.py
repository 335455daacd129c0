"""Registers the workspace menu and home panel (see `staff.py`) with Wagtail."""

from typing import Any

from wagtail import hooks

from . import staff


@hooks.register("construct_main_menu")
def add_module_menu_items(request: Any, menu_items: list[Any]) -> None:
    staff.construct_menu(request, menu_items)


@hooks.register("construct_homepage_panels")
def add_workspace_summary(request: Any, panels: list[Any]) -> None:
    staff.construct_panels(request, panels)
