"""Staff screens of 诉求 in the workspace (/staff/tickets/): the ticket list with its filters, the
ticket page, 派单 and 退单. Thin: forms parse, services decide, a refusal is shown with the input kept."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from yiwang.core.permissions import access
from yiwang.core.security.policy import access_policy
from yiwang.core.web.http import client_ip

from . import selectors, services
from .forms import DispatchForm, ReturnForm, StaffFilterForm
from .models import Ticket


def _ticket_page(
    request: HttpRequest,
    ticket: Ticket,
    *,
    dispatch_form: DispatchForm | None = None,
    return_form: ReturnForm | None = None,
    status: int = 200,
) -> HttpResponse:
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
        "dispatch_form": (dispatch_form or DispatchForm()) if may_dispatch else None,
        "return_form": (return_form or ReturnForm()) if may_return else None,
        "return_refusal": return_refusal if current and not current.returned_at else "",
    }
    return render(request, "tickets/staff/ticket.html", context, status=status)


@access_policy(verb="tickets.dispatch", or_verbs=("tickets.handle",))
@require_GET
def ticket_list(request: HttpRequest) -> HttpResponse:
    """工单列表: 派单员 see all tickets, an agency's staff their agency's; filters and the clock."""
    if not selectors.can_see_staff_list(request.user):
        raise PermissionDenied
    form = StaffFilterForm(request.GET or None)
    filters = form.filters() if request.GET else StaffFilterForm().initial
    page = Paginator(selectors.list_staff_tickets(request.user, **filters), selectors.STAFF_PAGE_SIZE).get_page(
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
    return _ticket_page(request, ticket, dispatch_form=form, status=400)


@access_policy(verb="tickets.handle", agency_scoped=True, methods=("POST",))
@require_POST
def return_ticket(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """退单 by the assigned agency, with a reason, within 1 working day, once."""
    ticket = selectors.get_staff_ticket(request.user, ticket_id)
    if not access.can(request.user, services.HANDLE_VERB, agency_id=ticket.agency_id):
        raise PermissionDenied
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_ticket(
                ticket=ticket, reason=form.cleaned_data["reason"], actor=request.user, ip=client_ip(request)
            )
        except services.TicketRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, "已退单，派单员将重新派单。")
            return HttpResponseRedirect(reverse("tickets_staff_ticket", args=[ticket.pk]))
    return _ticket_page(request, ticket, return_form=form, status=400)
