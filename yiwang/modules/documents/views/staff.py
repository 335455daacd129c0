"""Staff screens of 公文 in the workspace (/staff/documents/): the 发文 list, a new draft, the
draft editor, the document page with the step its holder may act on, and the sealed PDF.
Thin: forms parse, services decide, a refusal is shown with the input kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yiwang.core.audit import services as audit
from yiwang.core.orgs.models import Agency
from yiwang.core.security.policy import access_policy
from yiwang.core.web.http import client_ip
from yiwang.core.web.pagination import CappedPaginator

from .. import permissions
from ..forms import (
    ArchiveForm,
    DecisionForm,
    DraftForm,
    FilterForm,
    NewDraftForm,
    NumberForm,
    ProgressForm,
    SupervisionForm,
)
from ..models import ArchiveRecord, Document, SupervisionFlag
from ..selectors import documents as selectors
from ..services import drafting, exchange, outgoing, supervision
from ..services.errors import DocumentRefused
from ..services.process import STEP_NAMES

DECISION_STEPS = tuple(outgoing.DECISION_STEPS)


def _require_user(request: HttpRequest) -> None:
    if not permissions.can_use_documents(request.user):
        raise PermissionDenied


def _refused_into(form: Any, refused: DocumentRefused) -> None:
    """Put a service's refusal on the form: per field where it says which, else on top."""
    placed = False
    for name, message in refused.errors.items():
        if name in form.fields:
            form.add_error(name, message)
            placed = True
    if not placed or refused.message not in refused.errors.values():
        form.add_error(None, refused.message)


def _document_url(document: Document) -> str:
    return reverse("documents_staff_document", args=[document.pk])


@access_policy(verb="documents.view")
@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    """发文 list: the documents of the user's agencies, newest first, with capped pagination."""
    _require_user(request)
    ids = permissions.visible_agency_ids(request.user)
    codes = selectors.list_issuer_codes(ids)
    form = FilterForm(request.GET or None, codes=codes)
    filters = form.filters() if request.GET else {}
    page = CappedPaginator(
        selectors.list_outgoing(request.user, **filters), selectors.PAGE_SIZE, cap=selectors.COUNT_CAP
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "documents/staff/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "may_draft": permissions.can_draft(request.user),
        },
    )


def _drafting_agencies(request: HttpRequest) -> Any:
    ids = permissions.drafting_agency_ids(request.user)
    agencies = Agency.objects.filter(is_active=True).order_by("path")
    return agencies if ids is None else agencies.filter(pk__in=sorted(ids))


@access_policy(verb="documents.draft", methods=("GET", "POST"))
@require_http_methods(["GET", "POST"])
def new_draft(request: HttpRequest) -> HttpResponse:
    """拟稿: choose the type (and the drafting agency); the template of the type fills the draft."""
    if not permissions.can_draft(request.user):
        raise PermissionDenied
    form = NewDraftForm(request.POST or None, agencies=_drafting_agencies(request))
    if request.method == "POST" and form.is_valid():
        try:
            document = drafting.create_draft(
                by=request.user,
                doc_type=form.cleaned_data["doc_type"],
                agency=form.cleaned_data["agency"],
                template=form.cleaned_data["use_template"],
                ip=client_ip(request),
            )
        except DocumentRefused as refused:
            _refused_into(form, refused)
        else:
            messages.success(request, "已按模板生成草稿，请修改后送核稿。")
            return HttpResponseRedirect(reverse("documents_staff_edit", args=[document.pk]))
    status = 400 if request.method == "POST" else 200
    return render(request, "documents/staff/new.html", {"form": form}, status=status)


@access_policy(verb="documents.draft", agency_scoped=True, methods=("GET", "POST"))
@require_http_methods(["GET", "POST"])
def edit_draft(request: HttpRequest, document_id: int) -> HttpResponse:
    """The draft editor: every element as a labelled field; 保存 or 保存并送核稿."""
    _require_user(request)
    document = selectors.get_document(request.user, document_id)
    if selectors.get_open_item(document, "draft", request.user) is None:
        if request.method == "POST":
            messages.error(request, "该公文当前不在您的拟稿环节，不能修改。")
        return HttpResponseRedirect(_document_url(document))
    if request.method == "POST":
        form = DraftForm(request.POST, document=document)
        if form.is_valid():
            try:
                document = drafting.update_draft(
                    document=document, by=request.user, fields=form.fields_for_service(), ip=client_ip(request)
                )
                if "submit" in request.POST:
                    drafting.submit_for_review(document=document, by=request.user, ip=client_ip(request))
            except DocumentRefused as refused:
                _refused_into(form, refused)
            else:
                if "submit" in request.POST:
                    messages.success(request, "已送核稿。")
                    return HttpResponseRedirect(_document_url(document))
                messages.success(request, "草稿已保存。")
                return HttpResponseRedirect(reverse("documents_staff_edit", args=[document.pk]))
        status = 400
    else:
        form = DraftForm(initial=DraftForm.initial_for(document), document=document)
        status = 200
    return render(
        request,
        "documents/staff/edit.html",
        {"form": form, "document": document, "opinions": list(selectors.list_opinions(document))},
        status=status,
    )


def _page(request: HttpRequest, document: Document, *, bound: dict[str, Any] | None = None, status: int = 200) -> Any:
    """The document page; `bound` holds a refused form by its context name, shown with its input."""
    bound = bound or {}
    user = request.user
    item = selectors.get_current_item(document, user)
    step = item.element_id if item is not None else ""
    context: dict[str, Any] = {
        "document": document,
        "issuers": selectors.list_issuers(document),
        "opinions": list(selectors.list_opinions(document)),
        "distributions": list(selectors.list_distributions(document)),
        "flags": list(selectors.list_supervision_flags(document)),
        "open_items": selectors.list_open_items(document),
        "item": item,
        "step": step,
        "step_name": STEP_NAMES.get(step, ""),
        "decision_form": bound.get("decision_form") or (DecisionForm() if step in DECISION_STEPS else None),
        "number_form": bound.get("number_form") or (NumberForm(document=document) if step == "number" else None),
        "office_step": step in ("seal", "distribute", "archive"),
        "office_error": bound.get("office_error", ""),
        "archive_form": bound.get("archive_form") or (ArchiveForm() if step == "archive" else None),
        "archive_record": ArchiveRecord.objects.filter(document=document).first(),
        "may_export_exchange": exchange.may_export(user, document),
        "may_supervise": permissions.can_supervise(user, document.agency_id),
        "supervision_form": bound.get("supervision_form") or SupervisionForm(),
        "progress_form": ProgressForm(),
    }
    return render(request, "documents/staff/document.html", context, status=status)


@access_policy(verb="documents.view", agency_scoped=True)
@require_GET
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    _require_user(request)
    document = selectors.get_document(request.user, document_id)
    if selectors.get_open_item(document, "draft", request.user) is not None:
        return HttpResponseRedirect(reverse("documents_staff_edit", args=[document.pk]))
    return _page(request, document)


def _act(
    request: HttpRequest, document_id: int, form_key: str, form: Any, act: Callable[[Document, Any], str]
) -> HttpResponse:
    _require_user(request)
    document = selectors.get_document(request.user, document_id)
    if form is None or form.is_valid():
        try:
            done = act(document, form.cleaned_data if form is not None else {})
        except DocumentRefused as refused:
            if form is None:
                return _page(request, document, bound={"office_error": refused.message}, status=400)
            _refused_into(form, refused)
        else:
            messages.success(request, done)
            return HttpResponseRedirect(_document_url(document))
    return _page(request, document, bound={form_key: form}, status=400)


@access_policy(audience="staff", methods=("POST",))
@require_POST
def decide(request: HttpRequest, document_id: int, step: str) -> HttpResponse:
    """通过 / 退回 at 核稿, 会签, 签发 or 复核."""
    if step not in DECISION_STEPS:
        raise Http404

    def act(document: Document, data: dict[str, Any]) -> str:
        if data["decision"] == "return":
            outgoing.return_document(
                document=document, by=request.user, step=step, reason=data["opinion"], ip=client_ip(request)
            )
            return "已退回拟稿人。"
        outgoing.approve_step(
            document=document, by=request.user, step=step, opinion=data["opinion"], ip=client_ip(request)
        )
        return f"{STEP_NAMES[step]}：已同意。"

    return _act(request, document_id, "decision_form", DecisionForm(request.POST), act)


@access_policy(verb="documents.number", agency_scoped=True, methods=("POST",))
@require_POST
def number(request: HttpRequest, document_id: int) -> HttpResponse:
    """编号: allocate the 发文字号."""
    _require_user(request)
    document = selectors.get_document(request.user, document_id)

    def act(document: Document, data: dict[str, Any]) -> str:
        done = outgoing.number_document(
            document=document, by=request.user, issuer_code=data["issuer_code"], ip=client_ip(request)
        )
        return f"已编号：{done.doc_number}"

    return _act(request, document_id, "number_form", NumberForm(request.POST, document=document), act)


@access_policy(verb="documents.seal", agency_scoped=True, methods=("POST",))
@require_POST
def seal(request: HttpRequest, document_id: int) -> HttpResponse:
    def act(document: Document, data: Any) -> str:
        outgoing.seal_document(document=document, by=request.user, ip=client_ip(request))
        return "已用印，盖章后的公文 PDF 可下载。"

    return _act(request, document_id, "", None, act)


@access_policy(verb="documents.distribute", agency_scoped=True, methods=("POST",))
@require_POST
def distribute(request: HttpRequest, document_id: int) -> HttpResponse:
    def act(document: Document, data: Any) -> str:
        done = outgoing.distribute_document(document=document, by=request.user, ip=client_ip(request))
        return f"已分发至 {done.distributions.count()} 个单位。"

    return _act(request, document_id, "", None, act)


@access_policy(verb="documents.distribute", agency_scoped=True, methods=("POST",))
@require_POST
def archive(request: HttpRequest, document_id: int) -> HttpResponse:
    """归档 by 件 with the chosen 保管期限: the 档号 is given and the archive package stored."""

    def act(document: Document, data: dict[str, Any]) -> str:
        done = outgoing.archive_document(
            document=document,
            by=request.user,
            retention=data["retention"],
            category=data.get("category", ""),
            ip=client_ip(request),
        )
        return f"已归档，档号 {done.archive_record.archive_code}。"

    return _act(request, document_id, "archive_form", ArchiveForm(request.POST), act)


@access_policy(verb="documents.view", agency_scoped=True)
@require_GET
def sealed_pdf(request: HttpRequest, document_id: int) -> HttpResponseBase:
    """The sealed PDF, for staff who may see the document (co-issuers and recipients included)."""
    _require_user(request)
    document = selectors.get_document(request.user, document_id)
    stored = document.sealed_file
    if stored is None:
        raise Http404("该公文尚未用印。")
    try:
        handle = default_storage.open(stored.storage_name, "rb")
    except OSError as exc:
        raise Http404("文件内容已不存在。") from exc
    audit.record(
        event="files.download", actor=request.user, obj=stored, ip=client_ip(request), detail={"document": document.pk}
    )
    response = FileResponse(handle, as_attachment=True, filename=stored.original_name, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@access_policy(verb="documents.supervise", agency_scoped=True, methods=("POST",))
@require_POST
def flag(request: HttpRequest, document_id: int) -> HttpResponse:
    """督办: flag the document with an instruction and a deadline."""

    def act(document: Document, data: dict[str, Any]) -> str:
        supervision.flag_for_supervision(
            document=document,
            by=request.user,
            instruction=data["instruction"],
            deadline=data["deadline"],
            ip=client_ip(request),
        )
        return "已列入督办。"

    return _act(request, document_id, "supervision_form", SupervisionForm(request.POST), act)


@access_policy(verb="documents.view", methods=("POST",))
@require_POST
def progress(request: HttpRequest, document_id: int, flag_id: int) -> HttpResponse:
    """督办进展: a progress note on a flag of the document."""
    _require_user(request)
    document = selectors.get_document(request.user, document_id)
    flag_row = SupervisionFlag.objects.filter(document=document, pk=flag_id).select_related("document").first()
    if flag_row is None:
        raise Http404
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            supervision.add_progress_note(flag=flag_row, by=request.user, text=form.cleaned_data["text"])
        except DocumentRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, "已记录进展情况。")
    else:
        messages.error(request, "请填写进展情况。")
    return HttpResponseRedirect(_document_url(document))
