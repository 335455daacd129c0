"""The one inbox (待办中心): tabs 待办, 已办, 我发起的, 待阅, 已阅, 委托; filters; 委托 create/revoke."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from yiwang.core.security.policy import access_policy

from .. import selectors, services
from ..errors import WorkflowError
from ..forms import DelegationForm
from ..models import Delegation, ProcessInstance

PAGE_SIZE = 20
TABS = (
    ("todo", "待办"),
    ("done", "已办"),
    ("started", "我发起的"),
    ("to_read", "待阅"),
    ("read", "已阅"),
    ("delegations", "委托"),
)


def _filters(request: HttpRequest) -> dict[str, Any]:
    urgency = request.GET.get("urgency", "")
    return {
        "module": request.GET.get("module", "")[:50],
        "urgency": urgency if urgency in ProcessInstance.Urgency.values else "",
        "overdue": request.GET.get("overdue") == "1",
    }


def _rows(request: HttpRequest, tab: str, filters: dict[str, Any]) -> Any:
    user = request.user
    if tab == "todo":
        return selectors.list_todo(user, **filters)
    if tab == "done":
        return selectors.list_done(user, **filters)
    if tab == "started":
        return selectors.list_started(user, module=filters["module"], urgency=filters["urgency"])
    read = tab == "read"
    return selectors.list_to_read(user, read=read, module=filters["module"], urgency=filters["urgency"])


@access_policy(audience="staff")
def inbox(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("tab", "todo")
    if tab not in dict(TABS):
        tab = "todo"
    filters = _filters(request)
    counts = selectors.count_inbox(request.user)
    context: dict[str, Any] = {
        "tabs": TABS,
        "tab": tab,
        "tab_label": dict(TABS)[tab],
        "filters": filters,
        "modules": selectors.list_modules(request.user),
        "urgencies": ProcessInstance.Urgency.choices,
        "counts": counts,
    }
    if tab == "delegations":
        context.update(_delegation_context(request, DelegationForm(user=request.user, modules=context["modules"])))
    else:
        page = Paginator(_rows(request, tab, filters), PAGE_SIZE).get_page(request.GET.get("page"))
        context.update({"page_obj": page, "rows": page.object_list, "acting": selectors.get_acting(request.user)})
        query = request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
    return TemplateResponse(request, "workflow/inbox.html", context)


def _delegation_context(request: HttpRequest, form: DelegationForm) -> dict[str, Any]:
    return {
        "form": form,
        "given": selectors.list_delegations_given(request.user)[:50],
        "received": selectors.list_delegations_received(request.user),
        "held": selectors.list_held_as_delegate(request.user)[:PAGE_SIZE],
    }


@access_policy(audience="staff", methods=("POST",))
@require_POST
def create_delegation(request: HttpRequest) -> HttpResponse:
    modules = selectors.list_modules(request.user)
    form = DelegationForm(request.POST, user=request.user, modules=modules)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.delegate(
                principal=request.user,
                delegate=data["delegate"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                reason=data["reason"],
                module=data["module"] or "",
                actor=request.user,
            )
        except WorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, f"已委托 {data['delegate']} 代为办理（{data['starts_on']} 至 {data['ends_on']}）。"
            )
            return redirect(f"{reverse('workflow_inbox')}?tab=delegations")
    context = {
        "tabs": TABS,
        "tab": "delegations",
        "tab_label": "委托",
        "filters": _filters(request),
        "modules": modules,
        "urgencies": ProcessInstance.Urgency.choices,
        "counts": selectors.count_inbox(request.user),
        **_delegation_context(request, form),
    }
    return TemplateResponse(request, "workflow/inbox.html", context, status=400)


@access_policy(audience="staff", methods=("POST",), note="委托人本人的委托")
@require_POST
def revoke_delegation(request: HttpRequest, pk: int) -> HttpResponse:
    delegation = Delegation.objects.filter(pk=pk, principal_id=request.user.pk).first()
    if delegation is None:
        raise Http404("委托不存在。")
    try:
        services.revoke_delegation(delegation, actor=request.user)
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已撤销对 {delegation.delegate} 的委托。")
    return redirect(f"{reverse('workflow_inbox')}?tab=delegations")
