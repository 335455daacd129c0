"""The staff screens of 诉求 in the workspace: the menu entry and the URLs under /staff/tickets/."""

from __future__ import annotations

from typing import Any

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import selectors
from .views import publication as publication_views
from .views import staff as staff_views
from .views import statistics as statistics_views


class TicketMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return selectors.can_see_staff_list(request.user)


@hooks.register("register_admin_menu_item")
def register_ticket_menu_item() -> MenuItem:
    return TicketMenuItem("诉求工单", reverse("tickets_staff_list"), name="tickets", icon_name="mail", order=220)


@hooks.register("register_admin_urls")
def register_ticket_urls() -> list[Any]:
    return [
        path("tickets/", staff_views.ticket_list, name="tickets_staff_list"),
        path("tickets/<int:ticket_id>/", staff_views.ticket_detail, name="tickets_staff_ticket"),
        path("tickets/<int:ticket_id>/dispatch/", staff_views.dispatch, name="tickets_staff_dispatch"),
        path("tickets/<int:ticket_id>/return/", staff_views.return_ticket, name="tickets_staff_return"),
        path("tickets/<int:ticket_id>/reply/", staff_views.draft_reply, name="tickets_staff_reply"),
        path("tickets/<int:ticket_id>/approve/", staff_views.approve_reply, name="tickets_staff_approve"),
        path("tickets/statistics/", statistics_views.staff_statistics, name="tickets_staff_statistics"),
        path("tickets/statistics/export.csv", statistics_views.export_csv, name="tickets_staff_statistics_csv"),
        path("tickets/statistics/export.xlsx", statistics_views.export_xlsx, name="tickets_staff_statistics_xlsx"),
        path("tickets/<int:ticket_id>/withhold/", publication_views.withhold, name="tickets_staff_withhold"),
        path(
            "tickets/<int:ticket_id>/publish/", publication_views.restore, name="tickets_staff_restore_publication"
        ),
    ]
