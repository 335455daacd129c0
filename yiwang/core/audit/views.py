"""The audit viewer (审计日志查询): read-only, for holders of `core.view_audit` (the audit admin)."""

from __future__ import annotations

import csv
import json
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse

from yiwang.core.permissions.access import can
from yiwang.core.security.policy import access_policy
from yiwang.core.web.http import client_ip

from . import services
from .models import AuditEntry
from .selectors import AuditFilter, list_entries

VERB = "core.view_audit"


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label="操作人", required=False)
    event = forms.CharField(label="事件", required=False, help_text="前缀匹配，如 accounts.login")
    object_type = forms.CharField(label="对象类型", required=False)
    object_id = forms.CharField(label="对象标识", required=False)
    result = forms.ChoiceField(label="结果", required=False, choices=[("", "全部"), *AuditEntry.Result.choices])
    date_from = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))


def _require_auditor(request: HttpRequest) -> None:
    if not can(request.user, VERB):
        raise PermissionDenied("仅审计管理员可查阅审计日志。")


def _filters(request: HttpRequest) -> tuple[AuditFilterForm, AuditFilter]:
    form = AuditFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    return form, AuditFilter(**{k: v for k, v in data.items() if v not in (None, "")})


@access_policy(verb="core.view_audit")
def entry_list(request: HttpRequest) -> HttpResponse:
    _require_auditor(request)
    form, filters = _filters(request)
    page = Paginator(list_entries(filters), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(request, "audit/entry_list.html", {"form": form, "page": page, "query": query.urlencode()})


@access_policy(verb="core.view_audit")
def chain_status(request: HttpRequest) -> HttpResponse:
    _require_auditor(request)
    report = services.verify_chain()
    services.record(
        event="audit.verify",
        actor=request.user,
        ip=client_ip(request),
        detail={"checked": report.checked, "problems": len(report.problems)},
        result="success" if report.intact else "failure",
    )
    return TemplateResponse(request, "audit/chain_status.html", {"report": report})


class _Echo:
    def write(self, value: str) -> str:
        return value


def _record_export(request: HttpRequest, filters: AuditFilter, fmt: str) -> None:
    services.record(
        event="audit.export",
        actor=request.user,
        ip=client_ip(request),
        detail={"format": fmt, "filters": {k: str(v) for k, v in filters.__dict__.items() if v}},
    )


@access_policy(verb="core.view_audit")
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    _require_auditor(request)
    _, filters = _filters(request)
    _record_export(request, filters, "csv")
    writer = csv.writer(_Echo())
    header = ["序号", "时间", "操作人", "IP", "事件", "对象类型", "对象标识", "对象", "结果", "详情", "哈希"]

    def rows() -> Any:
        yield "\ufeff" + writer.writerow(header)
        for e in list_entries(filters).iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    e.seq,
                    e.created_at.isoformat(),
                    e.actor_label,
                    e.ip or "",
                    e.event,
                    e.object_type,
                    e.object_id,
                    e.object_repr,
                    e.get_result_display(),
                    e.detail,
                    e.entry_hash,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = "attachment; filename=audit.csv"
    return response


@access_policy(verb="core.view_audit")
def export_json(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered entries (e.g. a date range) as a JSON array, with every hash, so an external
    tool can re-verify the chain segment. Audited like the CSV export."""
    _require_auditor(request)
    _, filters = _filters(request)
    _record_export(request, filters, "json")

    def rows() -> Any:
        yield "["
        for n, e in enumerate(list_entries(filters).order_by("seq").iterator(chunk_size=2000)):
            item = {
                "seq": e.seq,
                "created_at": e.created_at.isoformat(timespec="microseconds"),
                "actor_id": e.actor_id,
                "actor_label": e.actor_label,
                "ip": e.ip,
                "event": e.event,
                "object_type": e.object_type,
                "object_id": e.object_id,
                "object_repr": e.object_repr,
                "result": e.result,
                "detail": e.detail,
                "prev_hash": e.prev_hash,
                "entry_hash": e.entry_hash,
            }
            yield ("," if n else "") + json.dumps(item, ensure_ascii=False)
        yield "]"

    response = StreamingHttpResponse(rows(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = "attachment; filename=audit.json"
    return response
