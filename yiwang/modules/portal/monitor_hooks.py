"""The inspection-readiness screens in the staff workspace: URLs and the menu item."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import URLPattern, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import monitor_views


class InspectionMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return monitor_views.can_inspect(request.user)


@hooks.register("register_admin_menu_item")
def register_inspection_menu_item() -> MenuItem:
    return InspectionMenuItem(
        "检查准备", reverse("portal_inspection"), name="portal-inspection", icon_name="warning", order=310
    )


@hooks.register("register_admin_urls")
def register_inspection_urls() -> list[URLPattern]:
    return [
        path("portal/inspection/", monitor_views.site_list, name="portal_inspection"),
        path("portal/inspection/<int:site_id>/", monitor_views.site_dashboard, name="portal_inspection_site"),
        path(
            "portal/inspection/<int:site_id>/check-links/",
            monitor_views.check_links_now,
            name="portal_inspection_check_links",
        ),
    ]
