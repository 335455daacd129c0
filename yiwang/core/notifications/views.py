"""The message box (消息中心): list, read, mark read; htmx swaps rows in place."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import selectors, services
from .forms import PreferenceForm
from .models import Message, NotificationPreference

PAGE_SIZE = 20


def _box_context(request: HttpRequest) -> dict[str, object]:
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(selectors.list_messages(user=request.user, unread_only=unread_only), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return {
        "page_obj": page,
        "messages_list": page.object_list,
        "unread_only": unread_only,
        "unread_count": selectors.count_unread(user=request.user),
    }


@login_required
@require_GET
def message_box(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/message_box.html", _box_context(request))


def _own_message(request: HttpRequest, message_id: int) -> Message:
    try:
        return selectors.get_message(user=request.user, message_id=message_id)
    except Message.DoesNotExist as exc:
        raise Http404("消息不存在。") from exc


@login_required
@require_GET
def message_detail(request: HttpRequest, message_id: int) -> HttpResponse:
    message = services.mark_read(user=request.user, message=_own_message(request, message_id))
    return render(
        request,
        "notifications/message_detail.html",
        {"message": message, "unread_count": selectors.count_unread(user=request.user)},
    )


@login_required
@require_POST
def mark_read(request: HttpRequest, message_id: int) -> HttpResponse:
    message = services.mark_read(user=request.user, message=_own_message(request, message_id))
    if request.htmx:  # type: ignore[attr-defined]
        response = render(request, "notifications/_message_row.html", {"message": message})
        response["HX-Trigger"] = "notifications-changed"
        return response
    return _back(request)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(user=request.user)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "notifications/_message_list.html", _box_context(request))
    return _back(request)


@login_required
@require_GET
def unread_badge(request: HttpRequest) -> HttpResponse:
    return render(
        request, "notifications/_unread_badge.html", {"unread_count": selectors.count_unread(user=request.user)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    instance = NotificationPreference.objects.filter(user=request.user).first() or NotificationPreference(
        user=request.user
    )
    form = PreferenceForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.set_preferences(user=request.user, **form.cleaned_data)
        from django.contrib import messages

        messages.success(request, "通知设置已保存。")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:box")
