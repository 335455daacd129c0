"""Wagtail's page actions in the workspace: into the platform audit log (审计).

Wagtail keeps its own page history; the platform's tamper-evident log must also hold every
state change by every user (design invariant; GB/T 22239 L3 安全审计), so each page action in
the workspace is recorded here with the actor, address and the page's path. The search index and
the published files follow from Wagtail's page signals (`delivery_signals`), which every publish
fires (workspace, 三审, scheduled, services) — not from here, so a page is indexed once.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page

from yiwang.core.audit import services as audit
from yiwang.core.permissions import access
from yiwang.core.web.http import client_ip

from . import services, views
from .models import SearchableContent


def _detail(page: Page) -> dict[str, Any]:
    return {
        "title": page.title,
        "url_path": page.url_path,
        "live": page.live,
        "revision_id": page.latest_revision_id,
        "first_published_at": page.first_published_at,
    }


def record_page_event(verb: str, request: Any, page: Page, *, keep_object: bool = True, **extra: Any) -> None:
    audit.record(
        event=f"portal.page_{verb}",
        actor=request.user,
        obj=page if keep_object else None,
        ip=client_ip(request),
        detail={"page_id": page.pk, **_detail(page), **extra},
    )


@hooks.register("after_create_page")
def audit_page_created(request: Any, page: Page) -> None:
    record_page_event("created", request, page)
    services.page_created(page, actor=request.user)  # 索引号 and the 20-working-day clock


@hooks.register("before_publish_page")
def require_confidentiality_review(request: Any, page: Page) -> HttpResponse | None:
    """The publish button on the edit screen: no 保密审查 for this revision → not published.
    (The 三审 workflow and scheduled publishing check the same rule in `services.before_publish`.)"""
    specific: Any = page.specific
    if not isinstance(specific, SearchableContent) or not specific.requires_confidentiality_review():
        return None
    revision = page.get_latest_revision()
    if revision is not None and services.review_for_revision(page, revision) is not None:
        services.before_publish(specific, revision)
        return None
    if page.live_revision_id is None:
        # Wagtail's create view adds a page to be published as live: it stays a draft instead.
        Page.objects.filter(pk=page.pk).update(live=False, has_unpublished_changes=True)
    messages.error(request, "政策文件和政务公开信息须经三审（终审时记录保密审查结论）后发布；草稿已保存，请提交审核。")
    return HttpResponseRedirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


@hooks.register("after_edit_page")
def audit_page_edited(request: Any, page: Page) -> None:
    record_page_event("edited", request, page)


@hooks.register("after_publish_page")
def audit_page_published(request: Any, page: Page) -> None:
    record_page_event("published", request, page)  # the clock and 上线 entry: `SearchableContent.publish`


class PolicyMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return access.can(request.user, "portal.edit")


@hooks.register("register_admin_menu_item")
def register_policy_menu_item() -> MenuItem:
    return PolicyMenuItem(
        "政策文件", reverse("portal_policies"), name="portal-policies", icon_name="doc-full", order=210
    )


@hooks.register("register_admin_urls")
def register_policy_urls() -> list[Any]:
    return [
        path("portal/policies/", views.policy_list, name="portal_policies"),
        path("portal/policies/<int:page_id>/validity/", views.change_validity, name="portal_policy_validity"),
    ]


@hooks.register("after_unpublish_page")
def audit_page_unpublished(request: Any, page: Page) -> None:
    record_page_event("unpublished", request, page)


@hooks.register("after_delete_page")
def audit_page_deleted(request: Any, page: Page) -> None:
    record_page_event("deleted", request, page, keep_object=False)


@hooks.register("after_move_page")
def audit_page_moved(request: Any, page: Page) -> None:
    record_page_event("moved", request, page)


@hooks.register("after_copy_page")
def audit_page_copied(request: Any, page: Page, new_page: Page) -> None:
    record_page_event("copied", request, new_page, copied_from=page.pk)
