"""The message box (消息中心): list, read, mark read; htmx swaps rows in place.

One set of views serves two shells: citizens see it in the public layout at /notifications/,
staff inside the workspace at /staff/messages/ (wagtail_hooks.py). `box` says which.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yiwang.core.security.policy import access_policy

from . import selectors, services
from .forms import PreferenceForm
from .models import Message, NotificationPreference

PAGE_SIZE = 20
PUBLIC, STAFF = "public", "staff"
DETAIL_URLS = {PUBLIC: "notifications:detail", STAFF: "notifications_staff_detail"}
BOX_URLS = {PUBLIC: "notifications:box", STAFF: "notifications_staff_box"}
TEMPLATES = {
    PUBLIC: ("notifications/message_box.html", "notifications/message_detail.html"),
    STAFF: ("notifications/staff/message_box.html", "notifications/staff/message_detail.html"),
}


def _box_of(request: HttpRequest, default: str = PUBLIC) -> str:
    value = request.POST.get("box") or request.GET.get("box") or default
    return value if value in BOX_URLS else PUBLIC


def _box_context(request: HttpRequest, box: str) -> dict[str, Any]:
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(selectors.list_messages(user=request.user, unread_only=unread_only), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return {
        "page_obj": page,
        "messages_list": page.object_list,
        "unread_only": unread_only,
        "unread_count": selectors.count_unread(user=request.user),
        "box": box,
        "box_url": reverse(BOX_URLS[box]),
        "detail_url_name": DETAIL_URLS[box],
    }


def _own_message(request: HttpRequest, message_id: int) -> Message:
    try:
        return selectors.get_message(user=request.user, message_id=message_id)
    except Message.DoesNotExist as exc:
        raise Http404("消息不存在。") from exc


def message_box(request: HttpRequest, box: str = PUBLIC) -> HttpResponse:
    return render(request, TEMPLATES[box][0], _box_context(request, box))


def message_detail(request: HttpRequest, message_id: int, box: str = PUBLIC) -> HttpResponse:
    message = services.mark_read(user=request.user, message=_own_message(request, message_id))
    context = {
        "message": message,
        "unread_count": selectors.count_unread(user=request.user),
        "box_url": reverse(BOX_URLS[box]),
    }
    return render(request, TEMPLATES[box][1], context)


public_box = access_policy(audience="authenticated")(login_required(require_GET(message_box)))
public_detail = access_policy(audience="authenticated", note="本人的消息")(login_required(require_GET(message_detail)))


@access_policy(audience="authenticated", methods=("POST",), note="本人的消息")
@login_required
@require_POST
def mark_read(request: HttpRequest, message_id: int) -> HttpResponse:
    message = services.mark_read(user=request.user, message=_own_message(request, message_id))
    box = _box_of(request)
    if request.htmx:  # type: ignore[attr-defined]
        context = {"message": message, "box": box, "detail_url_name": DETAIL_URLS[box]}
        row = render(request, "notifications/_message_row.html", context).content
        summary = render(
            request,
            "notifications/_unread_summary.html",
            {"unread_count": selectors.count_unread(user=request.user), "oob": True},
        ).content
        response = HttpResponse(row + summary)
        response["HX-Trigger"] = "notifications-changed"
        return response
    return _back(request, box)


@access_policy(audience="authenticated", methods=("POST",))
@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(user=request.user)
    box = _box_of(request)
    if request.htmx:  # type: ignore[attr-defined]
        response = render(request, "notifications/_message_list.html", _box_context(request, box))
        response["HX-Trigger"] = "notifications-changed"
        return response
    return _back(request, box)


@access_policy(audience="authenticated")
@login_required
@require_GET
def unread_badge(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "notifications/_unread_badge.html",
        {"show": True, "poll": True, "unread_count": selectors.count_unread(user=request.user)},
    )


@access_policy(audience="authenticated", methods=("GET", "POST"))
@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert user.is_authenticated  # login_required
    instance = NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)
    form = PreferenceForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.set_preferences(user=request.user, **form.cleaned_data)
        flash.success(request, "通知设置已保存。")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


def _back(request: HttpRequest, box: str) -> HttpResponse:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(BOX_URLS[box])
