"""Staff screens of the portal's content side: 政策文件 (publication clocks, 索引号, 有效性)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from wagtail.models import Page

from yiwang.core.permissions import access
from yiwang.core.security.policy import access_policy

from . import selectors, services
from .forms import ValidityForm
from .models import PolicyDocumentPage


@access_policy(verb="portal.edit")
def policy_list(request: HttpRequest) -> HttpResponse:
    """政策文件: drafts with the 20-working-day clock (overdue first), then published documents."""
    if not access.can(request.user, "portal.edit"):
        raise PermissionDenied
    published = access.filter_permitted(
        request.user,
        "portal.edit",
        PolicyDocumentPage.objects.live().select_related("agency").order_by("-first_published_at"),
    )[:100]
    return render(
        request,
        "portal/staff/policy_list.html",
        {"clocks": selectors.publication_clocks(request.user), "published": published},
    )


@access_policy(
    verb="portal.publish",
    agency_scoped=True,
    objects="yiwang.modules.portal.tests.matrix.make_policy_document",
    methods=("GET", "POST"),
)
@require_http_methods(["GET", "POST"])
def change_validity(request: HttpRequest, page_id: int) -> HttpResponse:
    """变更有效性 (已修改/已废止/已失效): needs `portal.publish` in the document's agency."""
    policy = access.access_by_id(request.user, "portal.publish", PolicyDocumentPage.objects.all(), page_id)
    form = ValidityForm(request.POST or None, initial={"validity": policy.validity, "note": policy.validity_note})
    if request.method == "POST" and form.is_valid():
        replaced_by = None
        replaced_id = form.cleaned_data["replaced_by"]
        if replaced_id:
            replaced_by = Page.objects.filter(pk=replaced_id).first()
            if replaced_by is None:
                form.add_error("replaced_by", "找不到该编号的页面，请核对。")
        if not form.errors:
            try:
                services.change_validity(
                    policy=policy,
                    validity=form.cleaned_data["validity"],
                    replaced_by=replaced_by,
                    note=form.cleaned_data["note"],
                    actor=request.user,
                )
            except ValueError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"已将“{policy.title}”标记为{policy.get_validity_display()}。")
                return HttpResponseRedirect(reverse("portal_policies"))
    return render(request, "portal/staff/validity_form.html", {"policy": policy, "form": form})
