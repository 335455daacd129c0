"""Process tracking (流程跟踪): the BPMN diagram with done and current steps highlighted, and the
chronological log — the log is the diagram's text alternative."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from yiwang.core.permissions.access import can
from yiwang.core.security.policy import access_policy
from yiwang.core.web.http import client_ip

from .. import selectors, services
from ..errors import WorkflowError
from ..models import ProcessInstance


def visible_instance(request: HttpRequest, instance_id: Any) -> ProcessInstance:
    try:
        instance = selectors.get_instance(instance_id)
    except (ProcessInstance.DoesNotExist, ValueError) as exc:
        raise Http404("流程不存在。") from exc
    if not selectors.instance_visible_to(request.user, instance):
        raise Http404("流程不存在。")
    return instance


@access_policy(
    audience="staff",
    relation="participant",
    or_verbs=(selectors.MANAGE_VERB,),
    objects="yiwang.testing.matrix_objects.make_process_instance",
)
def instance_page(request: HttpRequest, instance_id: Any) -> HttpResponse:
    instance = visible_instance(request, instance_id)
    user = request.user
    open_items = list(selectors.list_open_items(instance))
    running = instance.status == ProcessInstance.Status.RUNNING
    context = {
        "instance": instance,
        "steps": list(selectors.list_steps(instance)),
        "open_items": open_items,
        "diagram": {"xml": instance.definition.bpmn_xml, **selectors.diagram_state(instance)},
        "verb_labels": selectors.VERB_LABELS,
        "can_urge": running and user.pk == instance.initiator_id,
        "can_terminate": running and can(user, selectors.MANAGE_VERB),
        "withdrawable": selectors.withdrawable_items(user, instance),
        "mine": [i for i in open_items if selectors.can_act_on(user, i)],
    }
    return TemplateResponse(request, "workflow/instance.html", context)


@access_policy(
    audience="staff",
    relation="participant",
    or_verbs=(selectors.MANAGE_VERB,),
    objects="yiwang.testing.matrix_objects.make_process_instance",
    methods=("POST",),
    note="终止由服务再校验 core.manage_processes；被拒时回到跟踪页并提示",
)
@require_POST
def terminate(request: HttpRequest, instance_id: Any) -> HttpResponse:
    instance = visible_instance(request, instance_id)
    reason = request.POST.get("reason", "").strip()
    try:
        services.terminate(instance, actor=request.user, reason=reason, ip=client_ip(request))
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "流程已终止。")
    return redirect("workflow:instance", instance.pk)
