"""The generic task page (办理页) and the POST of every office verb on a work item.

A module's own page embeds the same panel: `{% load workflow_tags %}{% workflow_task_panel item %}`
(or `task_panel_context(request, item)` + `{% include "workflow/_task_panel.html" %}`).
Opening the page records `open_item` (after that the sender can no longer 撤回).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from yiwang.core.permissions.access import can
from yiwang.core.security.policy import access_policy
from yiwang.core.web.http import client_ip

from .. import selectors, services
from ..errors import WorkflowError
from ..forms import OpinionForm
from ..models import ProcessInstance, WorkItem

ITEM_VERBS = ("complete", "send_back", "reassign", "add_signer", "circulate")
STAY_ON_PAGE = frozenset({"claim", "urge", "circulate"})


def visible_item(request: HttpRequest, item_id: Any) -> WorkItem:
    """The item if the user may see its instance; missing and forbidden both answer 404."""
    try:
        item = selectors.get_item(item_id)
    except (WorkItem.DoesNotExist, ValueError) as exc:
        raise Http404("待办事项不存在。") from exc
    if not selectors.instance_visible_to(request.user, item.instance):
        raise Http404("待办事项不存在。")
    return item


def available_verbs(user: Any, item: WorkItem) -> list[str]:
    """The buttons this user gets on this item, in display order."""
    instance = item.instance
    running = instance.status == ProcessInstance.Status.RUNNING
    verbs: list[str] = []
    if running and item.kind == WorkItem.Kind.TODO and selectors.can_act_on(user, item):
        if item.assignee_id is None:
            verbs.append("claim")
        else:
            allowed = selectors.allowed_verbs(item)
            verbs += [v for v in ITEM_VERBS if v in allowed]
    own_reading = item.kind == WorkItem.Kind.READ and item.assignee_id == user.pk
    if own_reading and item.state == WorkItem.State.OPEN:
        verbs.append("mark_read")  # 阅知 stays possible after the process ended or was terminated
    if running and item.kind == WorkItem.Kind.TODO and item.state == WorkItem.State.OPEN:
        urger = user.pk in (item.sender_id, instance.initiator_id) and item.assignee_id != user.pk
        if urger and "urge" in selectors.allowed_verbs(item):
            verbs.append("urge")
    if running and any(w.pk == item.pk for w in selectors.withdrawable_items(user, instance)):
        verbs.append("withdraw")
    if running and can(user, selectors.MANAGE_VERB):
        verbs.append("terminate")
    return verbs


def opinion_form(item: WorkItem, data: Any = None) -> OpinionForm:
    return OpinionForm(
        data,
        back_targets=selectors.list_earlier_steps(item.instance, before=item),
        decisions=selectors.decision_choices(item),
    )


def task_panel_context(
    request: HttpRequest, item: WorkItem, *, form: OpinionForm | None = None, error: str = ""
) -> dict[str, Any]:
    instance = item.instance
    return {
        "item": item,
        "instance": instance,
        "verbs": available_verbs(request.user, item),
        "form": form or opinion_form(item),
        "decisions": selectors.decision_choices(item),
        "error": error,
        "opinions": list(selectors.list_opinions(instance)),
        "open_items": list(selectors.list_open_items(instance)),
        "verb_labels": selectors.VERB_LABELS,
        "act_url": reverse("workflow:act", args=[item.pk]),
        "tracking_url": reverse("workflow:instance", args=[instance.pk]),
    }


@access_policy(
    audience="staff",
    relation="participant",
    or_verbs=(selectors.MANAGE_VERB,),
    objects="yiwang.testing.matrix_objects.make_work_item",
)
def task_page(request: HttpRequest, item_id: Any) -> HttpResponse:
    item = visible_item(request, item_id)
    unopened = item.kind == WorkItem.Kind.TODO and item.opened_at is None and item.assignee_id is not None
    if unopened and selectors.can_act_on(request.user, item):
        services.open_item(item, actor=request.user, ip=client_ip(request))
        item = selectors.get_item(item.pk)
    return TemplateResponse(request, "workflow/task.html", task_panel_context(request, item))


def _run_verb(request: HttpRequest, item: WorkItem, verb: str, form: OpinionForm) -> str:
    """Call the service for `verb`; returns the success message. Raises WorkflowError."""
    data = form.cleaned_data
    opinion = (data.get("opinion") or "").strip()
    user, ip = request.user, client_ip(request)
    if verb == "complete":
        decision = data.get("decision") or ""
        variables = {selectors.DECISION_VARIABLE: decision} if decision else None
        services.complete(item, actor=user, opinion=opinion, data=variables, ip=ip)
        return f"已提交：{item.step_name}" + (f"（{decision}）" if decision else "")
    if verb == "send_back":
        services.send_back(item, actor=user, to=data.get("send_back_to") or "previous", reason=opinion, ip=ip)
        return "已退回。"
    if verb == "reassign":
        to_user = data.get("to_user")
        if to_user is None:
            raise WorkflowError("请选择转办给谁。", code="missing_person")
        services.reassign(item, actor=user, to_user=to_user, reason=opinion, ip=ip)
        return f"已转办给 {to_user}。"
    if verb == "add_signer":
        signer = data.get("signer")
        if signer is None:
            raise WorkflowError("请选择加签人。", code="missing_person")
        services.add_signer(
            item, actor=user, signer=signer, position=data.get("position") or "after", reason=opinion, ip=ip
        )
        return f"已加签：{signer}。"
    if verb == "circulate":
        recipients = list(data.get("recipients") or [])
        if not recipients:
            raise WorkflowError("请选择传阅给哪些人。", code="missing_person")
        services.circulate(item.instance, actor=user, recipients=recipients, note=opinion, ip=ip, item=item)
        return f"已传阅给 {len(recipients)} 人。"
    if verb == "claim":
        services.claim(item, actor=user, ip=ip)
        return "已认领，请办理。"
    if verb == "mark_read":
        services.mark_read(item, actor=user, opinion=opinion, ip=ip)
        return "已阅知。"
    if verb == "urge":
        services.urge(item, actor=user, message=opinion, ip=ip)
        return f"已催办：{item.step_name}"
    if verb == "withdraw":
        services.withdraw(item, actor=user, reason=opinion, ip=ip)
        return "已撤回，请重新办理。"
    if verb == "terminate":
        services.terminate(item.instance, actor=user, reason=opinion, ip=ip)
        return "流程已终止。"
    raise WorkflowError("不支持的操作。", code="unknown_verb")


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@access_policy(
    audience="staff",
    relation="participant",
    or_verbs=(selectors.MANAGE_VERB,),
    objects="yiwang.testing.matrix_objects.make_work_item",
    methods=("POST",),
    note="各动作由服务再校验（办理人本人等）",
)
@require_POST
def act(request: HttpRequest, item_id: Any) -> HttpResponse:
    item = visible_item(request, item_id)
    verb = request.POST.get("verb", "")
    form = opinion_form(item, request.POST)
    if not form.is_valid():
        context = task_panel_context(request, item, form=form, error="填写有误，请按提示修改。")
        return TemplateResponse(request, "workflow/task.html", context, status=400)
    try:
        message = _run_verb(request, item, verb, form)
    except WorkflowError as exc:
        context = task_panel_context(request, item, form=form, error=exc.message)
        return TemplateResponse(request, "workflow/task.html", context, status=400)
    messages.success(request, message)
    if verb == "claim":
        return redirect("workflow:item", item.pk)
    if verb in STAY_ON_PAGE:
        return redirect(_next_url(request, reverse("workflow:item", args=[item.pk])))
    return redirect(_next_url(request, reverse("workflow_inbox")))
