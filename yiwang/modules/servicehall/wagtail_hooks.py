"""The staff screens of the service hall in the workspace: the URLs under /staff/servicehall/
(the menu entries are the manifest's)."""

from __future__ import annotations

from typing import Any

from django.urls import path
from wagtail import hooks

from .views import catalogue_staff, forms_staff, queue_staff
from .views import statistics as statistics_views


@hooks.register("register_admin_urls")
def register_catalogue_urls() -> list[Any]:
    """事项目录: the list, create and edit (with materials and steps), publish and withdraw."""
    v, prefix = catalogue_staff, "servicehall/items/"
    return [
        path(prefix, v.item_list, name="servicehall_staff_items"),
        path(f"{prefix}new/", v.item_new, name="servicehall_staff_item_new"),
        path(f"{prefix}<int:item_id>/", v.item_edit, name="servicehall_staff_item_edit"),
        path(f"{prefix}<int:item_id>/publish/", v.item_publish, name="servicehall_staff_item_publish"),
        path(f"{prefix}<int:item_id>/withdraw/", v.item_withdraw, name="servicehall_staff_item_withdraw"),
    ]


@hooks.register("register_admin_urls")
def register_queue_urls() -> list[Any]:
    """取号叫号: pick a window, the window's buttons, the waiting-time statistics and their CSV."""
    v, prefix = queue_staff, "servicehall/hall/"
    return [
        path(prefix, v.hall_list, name="servicehall_queue_halls"),
        path(f"{prefix}window/<int:window_id>/", v.window_page, name="servicehall_queue_window"),
        path(f"{prefix}window/<int:window_id>/act/", v.window_action, name="servicehall_queue_window_action"),
        path(f"{prefix}<int:hall_id>/statistics/", v.statistics, name="servicehall_queue_statistics"),
        path(f"{prefix}<int:hall_id>/statistics.csv", v.statistics_csv, name="servicehall_queue_statistics_csv"),
    ]


@hooks.register("register_admin_urls")
def register_form_urls() -> list[Any]:
    """申请表单: an item's form as JSON (schema and layout) with its live preview."""
    v, prefix = forms_staff, "servicehall/items/<int:item_id>/form/"
    return [
        path(prefix, v.form_edit, name="servicehall_staff_item_form"),
        path(f"{prefix}preview/", v.form_preview, name="servicehall_staff_item_form_preview"),
    ]


@hooks.register("register_admin_urls")
def register_statistics_urls() -> list[Any]:
    """办件统计: per item and agency over a date range, with its CSV and XLSX exports."""
    v, prefix = statistics_views, "servicehall/statistics/"
    return [
        path(prefix, v.statistics_page, name="servicehall_staff_statistics"),
        path(f"{prefix}export.csv", v.statistics_csv, name="servicehall_staff_statistics_csv"),
        path(f"{prefix}export.xlsx", v.statistics_xlsx, name="servicehall_staff_statistics_xlsx"),
    ]
