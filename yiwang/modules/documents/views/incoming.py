"""Staff screens of 收文 (/staff/documents/incoming/): the list, 来文登记, the 收文 page with the
action of the step its holder may act on (签收, 登记, 初审, 拟办, 批办, 分办, 承办, 办结), 传阅 with
its readers, 阅知, 催办 and the received file. Thin: forms parse, services decide, a refusal is
shown with the input kept."""

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
from ..forms_incoming import (
    AssignForm,
    CirculateForm,
    CompleteForm,
    ExternalForm,
    HandlingForm,
    IncomingFilterForm,
    InstructForm,
    ProposeForm,
    ReadForm,
    ReturnForm,
    ReviewForm,
    UrgeForm,
)
from ..models import IncomingDocument
from ..selectors import incoming as selectors
from ..selectors.documents import COUNT_CAP
from ..services import incoming as service
from ..services.errors import DocumentRefused

Status = IncomingDocument.Status


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


def _url(incoming: IncomingDocument) -> str:
    return reverse("documents_staff_incoming", args=[incoming.pk])


def _receiving_agencies(request: HttpRequest) -> Any:
    ids = permissions.visible_agency_ids(request.user)
    agencies = Agency.objects.filter(is_active=True).order_by("path")
    if ids is not None:
        agencies = agencies.filter(pk__in=sorted(ids))
    allowed = [agency.pk for agency in agencies if permissions.can_step(request.user, permissions.RECEIVE, agency.pk)]
    return Agency.objects.filter(pk__in=allowed).order_by("path")


@access_policy(verb="documents.view")
@require_GET
def incoming_list(request: HttpRequest) -> HttpResponse:
    """收文 list: the 收文 of the user's agencies (as receiver or 承办), newest first, capped pages."""
    _require_user(request)
    form = IncomingFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    page = CappedPaginator(
        selectors.list_incoming(request.user, **filters), selectors.PAGE_SIZE, cap=COUNT_CAP
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "documents/staff/incoming/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "may_register": _receiving_agencies(request).exists(),
        },
    )


@access_policy(verb="documents.receive", methods=("GET", "POST"))
@require_http_methods(["GET", "POST"])
def incoming_new(request: HttpRequest) -> HttpResponse:
    """来文登记: a paper or off-platform document, with its scanned file."""
    _require_user(request)
    agencies = _receiving_agencies(request)
    if not agencies.exists():
        raise PermissionDenied
    form = ExternalForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            incoming = service.register_external(
                agency=data["agency"],
                by=request.user,
                title=data["title"],
                source_name=data["source_name"],
                source_number=data["source_number"],
                doc_type=data["doc_type"],
                urgency=data["urgency"] or "",
                written_on=data["written_on"],
                pages=data["pages"],
                secrecy=data["secrecy"],
                file=data["file"],
                ip=client_ip(request),
            )
        except DocumentRefused as refused:
            _refused_into(form, refused)
        else:
            messages.success(request, f"已登记，收文号 {incoming.number}。")
            return HttpResponseRedirect(_url(incoming))
    status = 400 if request.method == "POST" else 200
    return render(request, "documents/staff/incoming/new.html", {"form": form}, status=status)


def _page(
    request: HttpRequest, incoming: IncomingDocument, *, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    """The 收文 page; `bound` holds a refused form by its context name, shown with its input."""
    bound = bound or {}
    user = request.user
    item = selectors.get_current_item(incoming, user)
    step = item.element_id if item is not None else ""
    may_receive = permissions.can_step(user, permissions.RECEIVE, incoming.agency_id)
    office = may_receive or permissions.can_step(user, permissions.INSTRUCT, incoming.agency_id)
    handling = selectors.handling_agencies_of(incoming, user) if step == "handle" else []
    signing = incoming.status == Status.SIGN_FOR and may_receive
    context: dict[str, Any] = {
        "incoming": incoming,
        "distribution": incoming.distribution,
        "opinions": list(selectors.list_opinions(incoming)),
        "assignments": list(selectors.list_assignments(incoming)),
        "readers": selectors.list_readers(incoming),
        "open_items": [i for i in selectors.list_open_items(incoming) if i.kind == "todo"],
        "item": item,
        "step": step,
        "step_name": service.STEP_NAMES.get(step, ""),
        "signing": signing,
        "return_form": bound.get("return_form") or (ReturnForm() if signing else None),
        "review_form": bound.get("review_form") or (ReviewForm() if step == "review" else None),
        "propose_form": bound.get("propose_form") or (ProposeForm() if step == "propose" else None),
        "instruct_form": bound.get("instruct_form") or (InstructForm() if step == "instruct" else None),
        "assign_form": bound.get("assign_form")
        or (
            AssignForm(agencies=selectors.handling_agency_choices(incoming), urgent=incoming.is_urgent)
            if step == "assign"
            else None
        ),
        "handling_form": bound.get("handling_form")
        or (HandlingForm(agencies=Agency.objects.filter(pk__in=[a.pk for a in handling])) if handling else None),
        "complete_form": bound.get("complete_form") or (CompleteForm() if step in ("assign", "finish") else None),
        "action_error": bound.get("action_error", ""),
        "office": office and bool(incoming.process_id) and incoming.status != Status.RETURNED,
        "circulate_form": bound.get("circulate_form") or CirculateForm(people=selectors.agency_staff(incoming.agency)),
        "urge_form": bound.get("urge_form") or UrgeForm(),
        "may_urge": office and incoming.status not in (Status.SIGN_FOR, Status.DONE, Status.RETURNED),
        "read_item": selectors.get_read_item(incoming, user),
        "read_form": bound.get("read_form") or ReadForm(),
    }
    return render(request, "documents/staff/incoming/detail.html", context, status=status)


@access_policy(verb="documents.view", agency_scoped=True)
@require_GET
def incoming_detail(request: HttpRequest, incoming_id: int) -> HttpResponse:
    incoming = selectors.get_incoming(request.user, incoming_id)
    return _page(request, incoming)


def _act(
    request: HttpRequest,
    incoming_id: int,
    form_key: str,
    form: Any,
    act: Callable[[IncomingDocument, dict[str, Any]], str],
) -> HttpResponse:
    incoming = selectors.get_incoming(request.user, incoming_id)
    if form is None or form.is_valid():
        try:
            done = act(incoming, form.cleaned_data if form is not None else {})
        except DocumentRefused as refused:
            if form is None:
                return _page(request, incoming, bound={"action_error": refused.message}, status=400)
            _refused_into(form, refused)
        else:
            messages.success(request, done)
            return HttpResponseRedirect(_url(incoming))
    return _page(request, incoming, bound={form_key: form}, status=400)


@access_policy(verb="documents.receive", agency_scoped=True, methods=("POST",))
@require_POST
def sign_for(request: HttpRequest, incoming_id: int) -> HttpResponse:
    """签收."""

    def act(incoming: IncomingDocument, data: Any) -> str:
        service.sign_for(incoming=incoming, by=request.user, ip=client_ip(request))
        return "已签收，请登记。"

    return _act(request, incoming_id, "", None, act)


@access_policy(verb="documents.receive", agency_scoped=True, methods=("POST",))
@require_POST
def register(request: HttpRequest, incoming_id: int) -> HttpResponse:
    """登记: the 收文号."""

    def act(incoming: IncomingDocument, data: Any) -> str:
        done = service.register(incoming=incoming, by=request.user, ip=client_ip(request))
        return f"已登记，收文号 {done.number}。"

    return _act(request, incoming_id, "", None, act)


@access_policy(verb="documents.receive", agency_scoped=True, methods=("POST",))
@require_POST
def return_before_signing(request: HttpRequest, incoming_id: int) -> HttpResponse:
    """退回 before 签收 (拒收), with the reason."""

    def act(incoming: IncomingDocument, data: dict[str, Any]) -> str:
        service.return_incoming(incoming=incoming, by=request.user, reason=data["reason"], ip=client_ip(request))
        return "已退回来文单位。"

    return _act(request, incoming_id, "return_form", ReturnForm(request.POST), act)


@access_policy(verb="documents.receive", agency_scoped=True, methods=("POST",))
@require_POST
def review(request: HttpRequest, incoming_id: int) -> HttpResponse:
    """初审: 符合要求, or 退回来文单位 with the reason."""

    def act(incoming: IncomingDocument, data: dict[str, Any]) -> str:
        if data["decision"] == "return":
            service.return_incoming(incoming=incoming, by=request.user, reason=data["reason"], ip=client_ip(request))
            return "已退回来文单位。"
        service.pass_review(incoming=incoming, by=request.user, opinion=data["reason"], ip=client_ip(request))
        return "初审通过，请拟办。"

    return _act(request, incoming_id, "review_form", ReviewForm(request.POST), act)


@access_policy(verb="documents.receive", agency_scoped=True, methods=("POST",))
@require_POST
def propose(request: HttpRequest, incoming_id: int) -> HttpResponse:
    """拟办."""

    def act(incoming: IncomingDocument, data: dict[str, Any]) -> str:
        service.propose(incoming=incoming, by=request.user, text=data["text"], ip=client_ip(request))
        return "已提出拟办意见，送领导批办。"

    return _act(request, incoming_id, "propose_form", ProposeForm(request.POST), act)


@access_policy(verb="documents.instruct", agency_scoped=True, methods=("POST",))
@require_POST
def instruct(request: HttpRequest, incoming_id: int) -> HttpResponse:
    """批办/阅批 (圈阅)."""

    def act(incoming: IncomingDocument, data: dict[str, Any]) -> str:
        service.instruct(
            incoming=incoming, by=request.user, text=data["text"], circled=data["circled"], ip=client_ip(request)
        )
        return "已圈阅。" if data["circled"] and not data["text"].strip() else "已批示。"

    return _act(request, incoming_id, "instruct_form", InstructForm(request.POST), act)


@access_policy(verb="documents.receive", agency_scoped=True, methods=("POST",))
@require_POST
def assign(request: HttpRequest, incoming_id: int) -> HttpResponse:
    """分办: 主办, 协办 and the 办理期限."""
    incoming = selectors.get_incoming(request.user, incoming_id)
    form = AssignForm(request.POST, agencies=selectors.handling_agency_choices(incoming), urgent=incoming.is_urgent)

    def act(incoming: IncomingDocument, data: dict[str, Any]) -> str:
        service.assign_handling(
            incoming=incoming,
            by=request.user,
            main_agency=data["main_agency"],
            assist_agencies=list(data["assist_agencies"]),
            deadline=data["deadline"],
            ip=client_ip(request),
        )
        return "已交办承办单位。"

    return _act(request, incoming_id, "assign_form", form, act)


@access_policy(verb="documents.handle", agency_scoped=True, methods=("POST",))
@require_POST
def handle(request: HttpRequest, incoming_id: int) -> HttpResponse:
    """承办: one department's result."""
    incoming = selectors.get_incoming(request.user, incoming_id)
    agencies = Agency.objects.filter(pk__in=[a.pk for a in selectors.handling_agencies_of(incoming, request.user)])
    form = HandlingForm(request.POST, agencies=agencies)

    def act(incoming: IncomingDocument, data: dict[str, Any]) -> str:
        service.report_handling(
            incoming=incoming, by=request.user, agency=data["agency"], result=data["result"], ip=client_ip(request)
        )
        return "已填报办理结果。"

    return _act(request, incoming_id, "handling_form", form, act)


@access_policy(verb="documents.receive", agency_scoped=True, methods=("POST",))
@require_POST
def complete(request: HttpRequest, incoming_id: int) -> HttpResponse:
    """办结 with the 答复."""

    def act(incoming: IncomingDocument, data: dict[str, Any]) -> str:
        service.complete(incoming=incoming, by=request.user, reply=data["reply"], ip=client_ip(request))
        return "已办结。"

    return _act(request, incoming_id, "complete_form", CompleteForm(request.POST), act)


@access_policy(verb="documents.receive", or_verbs=("documents.instruct",), agency_scoped=True, methods=("POST",))
@require_POST
def circulate(request: HttpRequest, incoming_id: int) -> HttpResponse:
    """传阅 to people of the receiving agency."""
    incoming = selectors.get_incoming(request.user, incoming_id)
    form = CirculateForm(request.POST, people=selectors.agency_staff(incoming.agency))

    def act(incoming: IncomingDocument, data: dict[str, Any]) -> str:
        items = service.circulate(
            incoming=incoming,
            by=request.user,
            recipients=list(data["recipients"]),
            note=data["note"],
            ip=client_ip(request),
        )
        return f"已传阅 {len(items)} 人。" if items else "所选人员均已在传阅中。"

    return _act(request, incoming_id, "circulate_form", form, act)


@access_policy(audience="staff", methods=("POST",), note="阅知：收文的传阅对象")
@require_POST
def mark_read(request: HttpRequest, incoming_id: int) -> HttpResponse:
    """阅知: the reader's 待阅 on this 收文."""

    def act(incoming: IncomingDocument, data: dict[str, Any]) -> str:
        service.mark_read(incoming=incoming, by=request.user, opinion=data["opinion"], ip=client_ip(request))
        return "已阅知。"

    return _act(request, incoming_id, "read_form", ReadForm(request.POST), act)


@access_policy(verb="documents.receive", or_verbs=("documents.instruct",), agency_scoped=True, methods=("POST",))
@require_POST
def urge(request: HttpRequest, incoming_id: int) -> HttpResponse:
    """催办 whoever holds an open step."""

    def act(incoming: IncomingDocument, data: dict[str, Any]) -> str:
        items = service.urge(incoming=incoming, by=request.user, message=data["message"], ip=client_ip(request))
        return f"已催办 {len(items)} 项待办。"

    return _act(request, incoming_id, "urge_form", UrgeForm(request.POST), act)


@access_policy(verb="documents.view", agency_scoped=True)
@require_GET
def incoming_file(request: HttpRequest, incoming_id: int) -> HttpResponseBase:
    """The received file: the sealed PDF over the platform, or the scan of a paper document."""
    incoming = selectors.get_incoming(request.user, incoming_id)
    stored = incoming.file
    if stored is None and incoming.distribution is not None:
        stored = incoming.distribution.document.sealed_file
    if stored is None:
        raise Http404("该收文没有文件。")
    try:
        handle_ = default_storage.open(stored.storage_name, "rb")
    except OSError as exc:
        raise Http404("文件内容已不存在。") from exc
    audit.record(
        event="files.download", actor=request.user, obj=stored, ip=client_ip(request), detail={"incoming": incoming.pk}
    )
    response = FileResponse(
        handle_, as_attachment=True, filename=stored.original_name, content_type=stored.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
