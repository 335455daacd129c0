"""Process definitions (流程定义): every key and version, a version's diagram, uploading a new
version and making a stored version current (`core.manage_processes`). Running instances keep the version they started on."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from yiwang.core.permissions.access import can
from yiwang.core.security.policy import access_policy

from .. import selectors, services
from ..errors import DefinitionError, WorkflowError
from ..forms import DefinitionUploadForm
from ..models import ProcessDefinition


def _require(request: HttpRequest) -> None:
    if not can(request.user, selectors.MANAGE_VERB):
        raise PermissionDenied("仅流程管理员可以管理流程定义。")


@access_policy(verb="core.manage_processes")
def definition_list(request: HttpRequest) -> HttpResponse:
    _require(request)
    return TemplateResponse(request, "workflow/definition_list.html", {"definitions": selectors.list_definitions()})


@access_policy(verb="core.manage_processes")
def definition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    definition = get_object_or_404(ProcessDefinition, pk=pk)
    context = {
        "definition": definition,
        "diagram": {"xml": definition.bpmn_xml, "done": [], "current": [], "waiting": []},
    }
    return TemplateResponse(request, "workflow/definition_detail.html", context)


@access_policy(verb="core.manage_processes", methods=("GET", "POST"))
def definition_upload(request: HttpRequest) -> HttpResponse:
    _require(request)
    form = DefinitionUploadForm(request.POST or None, request.FILES or None)
    problems: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        try:
            definition = services.deploy_definition(
                key=data["key"],
                name=data["name"],
                module=data["module"],
                bpmn_xml=data["bpmn_file"],
                actor=request.user,
            )
        except DefinitionError as exc:
            problems = list(exc.problems)
            form.add_error(None, "流程定义有误，未保存。请修改下列问题后重新上传。")
        except WorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, f"已发布 {definition.name} 第 {definition.version} 版；运行中的流程仍按原版本办理。"
            )
            return redirect("workflow:definitions")
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(
        request, "workflow/definition_upload.html", {"form": form, "problems": problems}, status=status
    )


@access_policy(verb="core.manage_processes", methods=("POST",))
@require_POST
def definition_make_current(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    definition = get_object_or_404(ProcessDefinition, pk=pk)
    try:
        services.make_current(definition, actor=request.user)
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"{definition.name} 第 {definition.version} 版已设为当前版本；运行中的流程仍按原版本办理。"
        )
    return redirect("workflow:definition", definition.pk)
