"""Staff screens of 诉求 in the workspace (/staff/tickets/): the ticket list with its filters, the
ticket page, 派单 and 退单. Thin: forms parse, services decide, a refusal is shown with the input kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from yiwang.core.permissions import access
from yiwang.core.security.policy import access_policy
from yiwang.core.web.http import client_ip
from yiwang.core.web.pagination import CappedPaginator

from .. import selectors, services
from ..forms import ApproveForm, DispatchForm, ReplyForm, ReturnForm, StaffFilterForm
from ..models import Ticket
from ..selectors import knowledge as knowledge_selectors
from . import handling_control as control_views
from . import rating as rating_views


def _ticket_page(
    request: HttpRequest,
    ticket: Ticket,
    *,
    bound: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The ticket page; `bound` holds a refused form by its context name, shown with its input."""
    bound = bound or {}
    assignments = list(selectors.list_assignments(ticket))
    current = assignments[-1] if assignments else None
    may_dispatch = access.can(request.user, services.DISPATCH_VERB) and ticket.status in (
        Ticket.Status.SUBMITTED,
        Ticket.Status.ACCEPTED,
        Ticket.Status.RETURNED,
    )
    return_refusal = services.can_return(ticket, current)
    may_return = not return_refusal and access.can(request.user, services.HANDLE_VERB, agency_id=ticket.agency_id)
    context = {
        "ticket": ticket,
        "category": selectors.category_label(ticket.category),
        "co_agencies": list(ticket.co_agencies.order_by("path")),
        "assignments": assignments,
        "current": current,
        "overdue": selectors.is_overdue(ticket),
        "time_limit": services.time_limit_days(ticket),
        "return_refusal": return_refusal if current and not current.returned_at else "",
        # A refused form is shown again (with its message and input) even if its step has moved on.
        "dispatch_form": bound.get("dispatch_form") or (DispatchForm() if may_dispatch else None),
        "return_form": bound.get("return_form") or (ReturnForm() if may_return else None),
        "reply_form": bound.get("reply_form")
        or (
            ReplyForm(initial={"reply": ticket.reply})
            if selectors.get_open_step(ticket, services.HANDLE_STEP, request.user)
            else None
        ),
        "may_save_knowledge": knowledge_selectors.can_save_reply(request.user, ticket),
        "approve_form": bound.get("approve_form")
        or (ApproveForm() if selectors.get_open_step(ticket, services.APPROVE_STEP, request.user) else None),
    }
    context.update(control_views.page_context(request, ticket, bound))
    context.update(rating_views.page_context(request, ticket, bound))
    return render(request, "tickets/staff/ticket.html", context, status=status)


@access_policy(verb="tickets.dispatch", or_verbs=("tickets.handle",))
@require_GET
def ticket_list(request: HttpRequest) -> HttpResponse:
    """工单列表: 派单员 see all tickets, an agency's staff their agency's; filters and the clock."""
    if not selectors.can_see_staff_list(request.user):
        raise PermissionDenied
    form = StaffFilterForm(request.GET or None)
    filters = form.filters() if request.GET else StaffFilterForm().initial
    page = CappedPaginator(selectors.list_staff_tickets(request.user, **filters), selectors.STAFF_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    now = timezone.now()
    rows = [(ticket, selectors.is_overdue(ticket, now=now)) for ticket in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "tickets/staff/list.html", {"form": form, "page": page, "rows": rows, "query": query.urlencode()}
    )


@access_policy(verb="tickets.dispatch", or_verbs=("tickets.handle",), agency_scoped=True)
@require_GET
def ticket_detail(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """工单页: the request, the contact (staff only), 派单记录, the clock, and 派单/退单."""
    if not selectors.can_see_staff_list(request.user):
        raise PermissionDenied
    return _ticket_page(request, selectors.get_staff_ticket(request.user, ticket_id))


@access_policy(verb="tickets.dispatch", methods=("POST",))
@require_POST
def dispatch(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """派单 (and re-dispatch after a 退单: the dispatcher's decision)."""
    if not access.can(request.user, services.DISPATCH_VERB):
        raise PermissionDenied
    ticket = selectors.get_staff_ticket(request.user, ticket_id)
    form = DispatchForm(request.POST)
    if form.is_valid():
        try:
            services.dispatch_ticket(
                ticket=ticket,
                agency=form.cleaned_data["agency"],
                co_agencies=form.cleaned_data["co_agencies"],
                note=form.cleaned_data["note"],
                actor=request.user,
                ip=client_ip(request),
            )
        except services.TicketRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, f"已派单至{form.cleaned_data['agency'].full_name}。")
            return HttpResponseRedirect(reverse("tickets_staff_ticket", args=[ticket.pk]))
    return _ticket_page(request, ticket, bound={"dispatch_form": form}, status=400)


def _agency_action(
    request: HttpRequest,
    ticket_id: int,
    form_class: type[ReturnForm] | type[ReplyForm] | type[ApproveForm],
    form_key: str,
    act: Callable[[Ticket, dict[str, Any]], str],
) -> HttpResponse:
    """A POST by the 主办 agency's staff: the form parses, `act` calls the service and returns the
    success message; a refusal is shown on the ticket page with the input kept."""
    ticket = selectors.get_staff_ticket(request.user, ticket_id)
    if not access.can(request.user, services.HANDLE_VERB, agency_id=ticket.agency_id):
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
    return _ticket_page(request, ticket, bound={form_key: form}, status=400)


@access_policy(verb="tickets.handle", agency_scoped=True, methods=("POST",))
@require_POST
def return_ticket(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """退单 by the assigned agency, with a reason, within 1 working day, once."""

    def act(ticket: Ticket, data: dict[str, Any]) -> str:
        services.return_ticket(ticket=ticket, reason=data["reason"], actor=request.user, ip=client_ip(request))
        return "已退单，派单员将重新派单。"

    return _agency_action(request, ticket_id, ReturnForm, "return_form", act)


@access_policy(verb="tickets.handle", agency_scoped=True, methods=("POST",))
@require_POST
def draft_reply(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """拟写答复 by the clerk holding the 办理 step; it goes to the agency's leader."""

    def act(ticket: Ticket, data: dict[str, Any]) -> str:
        services.draft_reply(ticket=ticket, content=data["reply"], actor=request.user, ip=client_ip(request))
        return "答复已提交本单位负责人审核。"

    return _agency_action(request, ticket_id, ReplyForm, "reply_form", act)


@access_policy(verb="tickets.handle", agency_scoped=True, methods=("POST",))
@require_POST
def approve_reply(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """审核答复 by the agency's leader: 同意 sends it to the citizen, 退回修改 back to the clerk."""

    def act(ticket: Ticket, data: dict[str, Any]) -> str:
        if data["decision"] == "approve":
            services.approve_reply(ticket=ticket, opinion=data["opinion"], actor=request.user, ip=client_ip(request))
            return "已同意答复，诉求人将收到通知。"
        services.send_back_reply(ticket=ticket, reason=data["opinion"], actor=request.user, ip=client_ip(request))
        return "已退回经办人修改。"

    return _agency_action(request, ticket_id, ApproveForm, "approve_form", act)
