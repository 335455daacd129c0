"""The staff screens of 诉求 in the workspace: the menu entry and the URLs under /staff/tickets/."""

from __future__ import annotations

from typing import Any

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from yiwang.core.permissions import access

from . import selectors
from .selectors import hotline as hotline_selectors
from .selectors import knowledge as knowledge_selectors
from .selectors import rating as rating_selectors
from .views import handling_control as control_views
from .views import hotline as hotline_views
from .views import knowledge as knowledge_views
from .views import open311_staff
from .views import publication as publication_views
from .views import rating as rating_views
from .views import staff as staff_views
from .views import statistics as statistics_views


class TicketMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return selectors.can_see_staff_list(request.user)


@hooks.register("register_admin_menu_item")
def register_ticket_menu_item() -> MenuItem:
    return TicketMenuItem("诉求工单", reverse("tickets_staff_list"), name="tickets", icon_name="mail", order=220)


class HotlineMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return hotline_selectors.can_take_calls(request.user)


class KnowledgeMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return knowledge_selectors.can_use_knowledge(request.user)


@hooks.register("register_admin_menu_item")
def register_hotline_menu_item() -> MenuItem:
    return HotlineMenuItem("话务受理", reverse("tickets_hotline"), name="tickets-hotline", icon_name="mail", order=219)


@hooks.register("register_admin_menu_item")
def register_knowledge_menu_item() -> MenuItem:
    return KnowledgeMenuItem(
        "知识库", reverse("tickets_knowledge_list"), name="tickets-knowledge", icon_name="doc-full", order=221
    )


class FollowUpMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return rating_selectors.can_follow_up(request.user)


@hooks.register("register_admin_menu_item")
def register_follow_up_menu_item() -> MenuItem:
    return FollowUpMenuItem(
        "诉求回访", reverse("tickets_staff_follow_ups"), name="tickets-follow-up", icon_name="list-ul", order=222
    )


@hooks.register("register_admin_urls")
def register_ticket_urls() -> list[Any]:
    return [
        path("tickets/follow-up/", rating_views.follow_up_list, name="tickets_staff_follow_ups"),
        path("tickets/<int:ticket_id>/follow-up/", rating_views.follow_up, name="tickets_staff_follow_up"),
        path(
            "tickets/<int:ticket_id>/follow-up/record/",
            rating_views.record_follow_up,
            name="tickets_staff_follow_up_record",
        ),
        path("tickets/<int:ticket_id>/close/", rating_views.close, name="tickets_staff_close"),
        path("tickets/ratings/<int:rating_id>/appeal/", rating_views.appeal, name="tickets_staff_rating_appeal"),
        path("tickets/appeals/<int:appeal_id>/decide/", rating_views.decide_appeal, name="tickets_staff_appeal_decide"),
        path("tickets/", staff_views.ticket_list, name="tickets_staff_list"),
        path("tickets/<int:ticket_id>/", staff_views.ticket_detail, name="tickets_staff_ticket"),
        path("tickets/<int:ticket_id>/dispatch/", staff_views.dispatch, name="tickets_staff_dispatch"),
        path("tickets/<int:ticket_id>/return/", staff_views.return_ticket, name="tickets_staff_return"),
        path("tickets/<int:ticket_id>/reply/", staff_views.draft_reply, name="tickets_staff_reply"),
        path("tickets/<int:ticket_id>/approve/", staff_views.approve_reply, name="tickets_staff_approve"),
        path("tickets/<int:ticket_id>/reassign/", control_views.reassign, name="tickets_staff_reassign"),
        path("tickets/<int:ticket_id>/merge/", control_views.merge, name="tickets_staff_merge"),
        path("tickets/<int:ticket_id>/extension/", control_views.request_extension, name="tickets_staff_extension"),
        path(
            "tickets/<int:ticket_id>/extension/decide/",
            control_views.decide_extension,
            name="tickets_staff_extension_decide",
        ),
        path("tickets/<int:ticket_id>/supervise/", control_views.supervise, name="tickets_staff_supervise"),
        path("tickets/<int:ticket_id>/knowledge/", knowledge_views.from_ticket, name="tickets_knowledge_from_ticket"),
        path("tickets/knowledge/", knowledge_views.article_list, name="tickets_knowledge_list"),
        path("tickets/knowledge/search/", knowledge_views.search_partial, name="tickets_knowledge_search"),
        path("tickets/knowledge/new/", knowledge_views.article_new, name="tickets_knowledge_new"),
        path("tickets/knowledge/<int:article_id>/", knowledge_views.article_detail, name="tickets_knowledge_article"),
        path("tickets/knowledge/<int:article_id>/edit/", knowledge_views.article_edit, name="tickets_knowledge_edit"),
        path(
            "tickets/knowledge/<int:article_id>/archive/",
            knowledge_views.article_archive,
            name="tickets_knowledge_archive",
        ),
        path("tickets/hotline/", hotline_views.screen, name="tickets_hotline"),
        path("tickets/hotline/history/", hotline_views.caller_history, name="tickets_hotline_history"),
        path("tickets/statistics/", statistics_views.staff_statistics, name="tickets_staff_statistics"),
        path("tickets/statistics/export.csv", statistics_views.export_csv, name="tickets_staff_statistics_csv"),
        path("tickets/statistics/export.xlsx", statistics_views.export_xlsx, name="tickets_staff_statistics_xlsx"),
        path("tickets/<int:ticket_id>/withhold/", publication_views.withhold, name="tickets_staff_withhold"),
        path("tickets/<int:ticket_id>/publish/", publication_views.restore, name="tickets_staff_restore_publication"),
    ]


class ApiKeyMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return access.can(request.user, "tickets.api_keys")


@hooks.register("register_admin_menu_item")
def register_api_key_menu_item() -> MenuItem:
    return ApiKeyMenuItem(
        "Open311 接口密钥", reverse("tickets_api_keys"), name="tickets-api-keys", icon_name="key", order=229
    )


@hooks.register("register_admin_urls")
def register_open311_urls() -> list[Any]:
    return [
        path("tickets/api-keys/", open311_staff.api_keys, name="tickets_api_keys"),
        path("tickets/api-keys/<int:key_id>/revoke/", open311_staff.revoke_api_key, name="tickets_api_key_revoke"),
    ]
