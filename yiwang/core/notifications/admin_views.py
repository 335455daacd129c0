"""Staff workspace screens for notification templates (通知模板) and failed deliveries."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from yiwang.core.security.policy import access_policy

from . import services
from .forms import TemplateOverrideForm
from .models import Delivery, NotificationTemplate
from .permissions import can_manage_templates
from .templates import registered_templates


def _require(request: HttpRequest) -> None:
    if not can_manage_templates(request.user):
        raise PermissionDenied("只有系统管理员可以维护通知模板。")


@access_policy(verb="core.manage_notifications")
def template_list(request: HttpRequest) -> HttpResponse:
    _require(request)
    overrides = {t.code: t for t in NotificationTemplate.objects.all()}
    rows = [
        {"code": code, "default": default, "override": overrides.get(code)}
        for code, default in sorted(registered_templates().items())
    ]
    failed = (
        Delivery.objects.filter(status=Delivery.Status.FAILED).select_related("message").order_by("-created_at")[:20]
    )
    return render(request, "notifications/staff/template_list.html", {"rows": rows, "failed": failed})


@access_policy(verb="core.manage_notifications", methods=("GET", "POST"), kwargs={"code": "notifications.generic"})
def template_edit(request: HttpRequest, code: str) -> HttpResponse:
    _require(request)
    default = registered_templates().get(code)
    if default is None:
        raise Http404("通知模板不存在。")
    override = NotificationTemplate.objects.filter(code=code).first()
    current = override or default
    initial = {"title": current.title, "body": current.body, "sms": current.sms or ""}
    form = TemplateOverrideForm(request.POST or None, initial=initial)
    if request.method == "POST" and "reset" in request.POST:
        services.reset_template(code=code, user=request.user)
        messages.success(request, f"已恢复 {code} 的默认模板。")
        return redirect("notifications_templates")
    if request.method == "POST" and form.is_valid():
        try:
            services.override_template(code=code, user=request.user, **form.cleaned_data)
        except services.TemplateInvalid as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已保存 {code}。")
            return redirect("notifications_templates")
    return render(
        request,
        "notifications/staff/template_edit.html",
        {"form": form, "code": code, "default": default, "override": override},
    )
