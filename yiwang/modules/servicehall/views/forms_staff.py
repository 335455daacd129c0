"""Staff editor of an item's application form (/staff/servicehall/items/<id>/form/): the schema and
layout as JSON text, checked with Chinese messages that keep the text, and a live preview drawn by
the real renderer (htmx; a 预览 button without script). The preview can be filled in and checked
(试填校验) to see the server's messages and the error summary as an applicant would.
Thin: `forms_engine` checks and renders, `services.forms` saves."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from yiwang.core.security.policy import access_policy
from yiwang.core.web.http import client_ip

from .. import forms_engine
from ..forms_engine.prefill import PROFILE_SOURCE_LABEL, PrefilledValue
from ..models import ServiceItem
from ..selectors import forms as selectors
from ..services.forms import save_form_definition

MANAGE = selectors.MANAGE
MATRIX_OBJECTS = "yiwang.modules.servicehall.tests.forms_matrix.make_item_of"
# The editor's own inputs; a form's field names are identifiers, so these never collide.
SCHEMA_INPUT, LAYOUT_INPUT, TRIAL_INPUT = "__schema", "__layout", "__trial"
EMPTY_DEFINITION = {
    "schema": {"type": "object", "properties": {}, "required": []},
    "layout": {"sections": [], "widgets": {}},
}


def _pretty(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def _parse(text: str, what: str) -> tuple[Any, str]:
    """The JSON document in `text`, or a Chinese message saying where it is broken."""
    if not text.strip():
        return None, f"请填写{what}。"
    try:
        return json.loads(text), ""
    except json.JSONDecodeError as exc:
        return None, f"{what}不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列附近有误（{_json_reason(exc.msg)}）。"


def _json_reason(msg: str) -> str:
    reasons = {
        "Expecting value": "缺少值",
        "Expecting ',' delimiter": "缺少逗号",
        "Expecting ':' delimiter": "缺少冒号",
        "Expecting property name enclosed in double quotes": "属性名须用双引号，或多了逗号",
        "Extra data": "结尾有多余内容",
        "Unterminated string starting at": "字符串没有结束引号",
        "Invalid control character at": "字符串中有换行等控制字符",
    }
    return reasons.get(msg, msg)


def _check(schema_text: str, layout_text: str) -> tuple[dict[str, Any] | None, dict[str, list[str]]]:
    """The definition in the two texts, or the messages under "schema" and "layout"."""
    schema, schema_error = _parse(schema_text, "字段定义")
    layout, layout_error = _parse(layout_text, "布局")
    errors = {key: [message] for key, message in (("schema", schema_error), ("layout", layout_error)) if message}
    if errors:
        if "schema" not in errors and "layout" in errors:
            # The schema parsed: still report what is wrong with it, so nothing is found one at a time.
            try:
                forms_engine.check_definition(schema, {"sections": []})
            except ValidationError as exc:
                errors["schema"] = exc.message_dict.get("schema", [])
                if not errors["schema"]:
                    del errors["schema"]
        return None, errors
    try:
        forms_engine.check_definition(schema, layout)
    except ValidationError as exc:
        return None, exc.message_dict
    return {"schema": schema, "layout": layout}, {}


def sample_prefill(definition: dict[str, Any]) -> dict[str, PrefilledValue]:
    """What the preview shows for prefilled fields: where the value will come from, not anyone's data."""
    shown: dict[str, PrefilledValue] = {}
    for name, prop in definition["schema"]["properties"].items():
        key = prop.get("x-prefill")
        if isinstance(key, str) and key.startswith("profile."):
            shown[name] = PrefilledValue("（申请人的实名信息）", source=PROFILE_SOURCE_LABEL)
        elif isinstance(key, str):
            shown[name] = PrefilledValue("（平台已有信息）", source=f"来自电子证照（{key}）")
    return shown


def _trial_data(request: HttpRequest) -> Any:
    data = request.POST.copy()
    for key in (SCHEMA_INPUT, LAYOUT_INPUT, TRIAL_INPUT, "csrfmiddlewaretoken", "action"):
        data.pop(key, None)
    return data


def _preview_context(request: HttpRequest, schema_text: str, layout_text: str) -> dict[str, Any]:
    definition, errors = _check(schema_text, layout_text)
    context: dict[str, Any] = {"definition_errors": errors, "preview_html": "", "trial_ok": False}
    if definition is None:
        return context
    prefilled = sample_prefill(definition)
    if request.method == "POST" and request.POST.get(TRIAL_INPUT):
        data = _trial_data(request)
        _, trial_errors = forms_engine.validate(definition, data, prefilled=prefilled)
        context["trial_ok"] = not trial_errors
        context["preview_html"] = forms_engine.render(
            definition, data=data, errors=trial_errors, prefilled=prefilled, id_prefix="preview-"
        )
    else:
        context["preview_html"] = forms_engine.render(definition, prefilled=prefilled, id_prefix="preview-")
    context["tried"] = bool(request.method == "POST" and request.POST.get(TRIAL_INPUT))
    return context


@access_policy(verb=MANAGE, methods=("GET", "POST"), agency_scoped=True, objects=MATRIX_OBJECTS)
@require_http_methods(["GET", "POST"])
def form_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    """编辑申请表单: save (action=save) or preview (action=preview) the two JSON documents."""
    item = selectors.get_managed_item(request.user, item_id)
    form = selectors.get_form_of(item)
    current = form.definition if form is not None else EMPTY_DEFINITION
    if request.method == "POST":
        schema_text = request.POST.get(SCHEMA_INPUT, "")
        layout_text = request.POST.get(LAYOUT_INPUT, "")
    else:
        schema_text, layout_text = _pretty(current["schema"]), _pretty(current["layout"])
    if form is None and request.method == "GET":  # nothing to preview yet
        context: dict[str, Any] = {"definition_errors": {}, "preview_html": ""}
    else:
        context = _preview_context(request, schema_text, layout_text)
    if request.method == "POST" and request.POST.get("action") == "save" and not context["definition_errors"]:
        definition, _ = _check(schema_text, layout_text)
        assert definition is not None
        try:
            saved = save_form_definition(
                item=item,
                schema=definition["schema"],
                layout=definition["layout"],
                actor=request.user,
                ip=client_ip(request),
            )
        except ValidationError as exc:  # checked above; kept for a definition changed in between
            context["definition_errors"] = exc.message_dict
        else:
            if form is not None and saved.version == form.version:
                messages.info(request, "申请表单没有改动，未生成新版本。")
            else:
                messages.success(request, f"已保存“{item.name}”的申请表单（第 {saved.version} 版）。")
            return HttpResponseRedirect(reverse("servicehall_staff_item_form", args=[item.pk]))
    return render(
        request,
        "servicehall/staff/forms/edit.html",
        {
            "item": item,
            "form_row": form,
            "schema_text": schema_text,
            "layout_text": layout_text,
            "schema_input": SCHEMA_INPUT,
            "layout_input": LAYOUT_INPUT,
            "trial_input": TRIAL_INPUT,
            "versions": list(form.versions.select_related("saved_by")[:10]) if form is not None else [],
            **context,
        },
    )


@access_policy(verb=MANAGE, methods=("POST",), agency_scoped=True, objects=MATRIX_OBJECTS)
@require_POST
def form_preview(request: HttpRequest, item_id: int) -> HttpResponse:
    """The preview pane alone (htmx): the definition's messages, or the form as the renderer draws it;
    with 试填校验, the trial values checked as the server checks an application."""
    item: ServiceItem = selectors.get_managed_item(request.user, item_id)
    context = _preview_context(request, request.POST.get(SCHEMA_INPUT, ""), request.POST.get(LAYOUT_INPUT, ""))
    return render(
        request,
        "servicehall/staff/forms/_preview.html",
        {"item": item, "trial_input": TRIAL_INPUT, **context},
    )
