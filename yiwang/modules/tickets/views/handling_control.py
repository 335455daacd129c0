"""Staff actions on the ticket page for 改派, 合并, 延期 and 督办. Thin: forms parse, services
decide; a refusal re-renders the ticket page (400) with the message and the input kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from yiwang.core.permissions import access
from yiwang.core.security.policy import access_policy
from yiwang.core.web.http import client_ip

from .. import selectors, services
from ..forms.handling_control import (
    ExtensionDecisionForm,
    ExtensionRequestForm,
    MergeForm,
    ReassignForm,
    SuperviseForm,
)
from ..models import Ticket
from ..selectors import handling_control as control_selectors
from ..services import handling_control as control
from . import staff as staff_views


def page_context(request: HttpRequest, ticket: Ticket, bound: dict[str, Any]) -> dict[str, Any]:
    """What the ticket page shows of this part: each form only to whoever may use it now."""
    user = request.user
    dispatcher = access.can(user, services.DISPATCH_VERB)
    handling = ticket.status == Ticket.Status.HANDLING
    handler = handling and access.can(user, services.HANDLE_VERB, agency_id=ticket.agency_id)
    pending = control_selectors.get_pending_extension(ticket) if handling else None
    mergeable = dispatcher and ticket.status in control.MERGEABLE and not ticket.merged_into_id
    in_handle_step = handling and control_selectors.is_in_handle_step(ticket)
    return {
        "merged_into": ticket.merged_into if ticket.merged_into_id else None,
        "merged_tickets": list(control_selectors.list_merged_tickets(ticket)),
        "duplicate_suggestions": control_selectors.list_duplicate_suggestions(ticket) if mergeable else [],
        "extension_requests": list(control_selectors.list_extension_requests(ticket)),
        "pending_extension": pending,
        "reassign_restarts_clock": bool(control.option("REASSIGN_RESTARTS_CLOCK")),
        "reassign_form": bound.get("reassign_form") or (ReassignForm() if dispatcher and in_handle_step else None),
        "merge_form": bound.get("merge_form") or (MergeForm() if mergeable else None),
        "supervise_form": bound.get("supervise_form")
        or (SuperviseForm() if dispatcher and handling and ticket.supervised_at is None else None),
        "extension_form": bound.get("extension_form")
        or (ExtensionRequestForm() if handler and pending is None else None),
        "decision_form": bound.get("decision_form")
        or (ExtensionDecisionForm() if dispatcher and pending is not None else None),
    }


def _act(
    request: HttpRequest,
    ticket_id: int,
    *,
    verb: str,
    form_class: type[forms.Form],
    form_key: str,
    act: Callable[[Ticket, dict[str, Any]], str],
) -> HttpResponse:
    """One POST: the form parses, `act` calls the service and returns the success message."""
    ticket = selectors.get_staff_ticket(request.user, ticket_id)
    agency_id = ticket.agency_id if verb == services.HANDLE_VERB else None
    if not access.can(request.user, verb, agency_id=agency_id):
        raise PermissionDenied
    form = form_class(request.POST)
    if form.is_valid():
        try:
            done = act(ticket, form.cleaned_data)
        except services.TicketRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, done)
            return HttpResponseRedirect(reverse("tickets_staff_ticket", args=[ticket.pk]))
    return staff_views._ticket_page(request, ticket, bound={form_key: form}, status=400)


@access_policy(verb="tickets.dispatch", methods=("POST",))
@require_POST
def reassign(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """改派 by the dispatcher: another 主办 agency (协办, category) with a reason."""

    def act(ticket: Ticket, data: dict[str, Any]) -> str:
        control.reassign_ticket(
            ticket=ticket,
            agency=data["agency"],
            co_agencies=data["co_agencies"],
            category=data["category"],
            reason=data["reason"],
            actor=request.user,
            ip=client_ip(request),
        )
        return f"已改派至{data['agency'].full_name}。"

    return _act(
        request, ticket_id, verb=services.DISPATCH_VERB, form_class=ReassignForm, form_key="reassign_form", act=act
    )


@access_policy(verb="tickets.dispatch", methods=("POST",))
@require_POST
def merge(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """合并 by the dispatcher: this ticket is closed into the main ticket named by its 查询码."""

    def act(ticket: Ticket, data: dict[str, Any]) -> str:
        into = control_selectors.get_merge_target(query_code=data["into_code"])
        if into is None:
            raise services.TicketRefused("没有找到该查询码的诉求，请核对主工单查询码。")
        control.merge_ticket(duplicate=ticket, into=into, note=data["note"], actor=request.user, ip=client_ip(request))
        return f"已合并至工单 {into.query_code}，诉求人将收到主工单的答复。"

    return _act(request, ticket_id, verb=services.DISPATCH_VERB, form_class=MergeForm, form_key="merge_form", act=act)


@access_policy(verb="tickets.handle", agency_scoped=True, methods=("POST",))
@require_POST
def request_extension(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """申请延期 by the 主办 agency; the hotline office decides."""

    def act(ticket: Ticket, data: dict[str, Any]) -> str:
        control.request_extension(
            ticket=ticket, days=data["days"], reason=data["reason"], actor=request.user, ip=client_ip(request)
        )
        return "延期申请已提交热线办审批。"

    return _act(
        request,
        ticket_id,
        verb=services.HANDLE_VERB,
        form_class=ExtensionRequestForm,
        form_key="extension_form",
        act=act,
    )


@access_policy(verb="tickets.dispatch", methods=("POST",))
@require_POST
def decide_extension(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """审批延期 by the hotline office's dispatcher."""

    def act(ticket: Ticket, data: dict[str, Any]) -> str:
        pending = control_selectors.get_pending_extension(ticket)
        if pending is None:
            raise services.TicketRefused("该诉求没有待审批的延期申请，请刷新页面。")
        approve = data["decision"] == "approve"
        control.decide_extension(
            extension=pending, approve=approve, note=data["note"], actor=request.user, ip=client_ip(request)
        )
        return "已批准延期，办理期限已顺延。" if approve else "已不予批准延期申请。"

    return _act(
        request,
        ticket_id,
        verb=services.DISPATCH_VERB,
        form_class=ExtensionDecisionForm,
        form_key="decision_form",
        act=act,
    )


@access_policy(verb="tickets.dispatch", methods=("POST",))
@require_POST
def supervise(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """督办 by hand, with a note."""

    def act(ticket: Ticket, data: dict[str, Any]) -> str:
        control.supervise_ticket(ticket=ticket, note=data["note"], actor=request.user, ip=client_ip(request))
        return "已列入督办，主办单位负责人将收到通知。"

    return _act(
        request, ticket_id, verb=services.DISPATCH_VERB, form_class=SuperviseForm, form_key="supervise_form", act=act
    )
