"""Citizen pages of 诉求: submit (signed in), 查询 by 查询码 + phone (public), 我的诉求 (signed in).

Thin: a form parses input, the service decides; refused input is shown again with its messages.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from yiwang.common.masking import mask_phone
from yiwang.core.security.policy import access_policy
from yiwang.core.web.http import client_ip
from yiwang.core.web.ratelimit import limited_message, ratelimit

from .. import selectors, services
from ..forms import NOT_EXCLUDED, LookupForm, TicketForm

SUBMITTED_KEY = "tickets_submitted_id"
PAGE_SIZE = 20


def _initial_for(user: Any) -> dict[str, Any]:
    return {"contact_name": getattr(user, "display_name", ""), "contact_phone": getattr(user, "phone", "")}


def _add_errors(form: TicketForm, error: ValidationError) -> None:
    for field, messages in error.message_dict.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


@access_policy(audience="authenticated", methods=("GET", "POST"))
@login_required
@never_cache
@ratelimit(group="tickets.submit", rate="10/h", key="user", on_limit="form")
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    """我要写信 — the web form of 市长信箱 / 在线咨询 for a signed-in citizen."""
    exclusion = None
    if request.method != "POST":
        form = TicketForm(initial=_initial_for(request.user))
    else:
        form = TicketForm(request.POST)
        matter = str(request.POST.get("excluded_matter") or NOT_EXCLUDED)
        valid = form.is_valid()
        if limited_message(request):
            pass  # over the limit: the form is shown again with the user's text and the message
        elif valid or matter:
            data = form.cleaned_data if valid else {}
            try:
                ticket = services.submit_ticket(
                    excluded_matter=matter,
                    channel=data.get("channel", ""),
                    kind=data.get("kind", ""),
                    category=data.get("category"),
                    title=data.get("title", ""),
                    content=data.get("content", ""),
                    address=data.get("address", ""),
                    latitude=data.get("latitude"),
                    longitude=data.get("longitude"),
                    wants_public=bool(data.get("wants_public")),
                    confidential=bool(data.get("confidential")),
                    contact_name=data.get("contact_name", ""),
                    contact_phone=data.get("contact_phone", ""),
                    citizen=request.user,
                    ip=client_ip(request),
                )
            except services.ExcludedMatter as refused:
                exclusion = refused.exclusion
                # Nothing is stored; the user's text is kept, without errors on the other fields.
                form = TicketForm(initial=request.POST.dict())
            except ValidationError as error:
                _add_errors(form, error)
            else:
                request.session[SUBMITTED_KEY] = ticket.pk
                return redirect("tickets:submitted")
    context = {"form": form, "exclusion": exclusion, "ratelimit_message": limited_message(request)}
    return render(request, "tickets/submit.html", context, status=400 if form.errors else 200)


@access_policy(audience="authenticated")
@login_required
@never_cache
@require_GET
def submitted(request: HttpRequest) -> HttpResponse:
    """提交成功 — shows the 查询码 of the ticket just submitted in this session."""
    ticket_id = request.session.get(SUBMITTED_KEY)
    ticket = selectors.get_my_ticket(user=request.user, ticket_id=ticket_id) if ticket_id else None
    return render(request, "tickets/submitted.html", {"ticket": ticket})


@access_policy(audience="public", methods=("GET", "POST"))
@never_cache
@ratelimit(group="tickets.lookup", rate="20/h", on_limit="form")
@ratelimit(group="tickets.lookup_code", rate="5/h", key="post:query_code", on_limit="form")
@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    """诉求查询 — by 查询码 and the contact phone; shows the state, never the personal data."""
    ticket = None
    not_found = False
    form = LookupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not limited_message(request) and form.is_valid():
        ticket = selectors.get_ticket_for_lookup(
            query_code=form.cleaned_data["query_code"], phone=form.cleaned_data["phone"]
        )
        not_found = ticket is None
        if ticket is not None:
            form = LookupForm()  # the answer is shown; the phone typed is not echoed back into the page
    context = {
        "form": form,
        "ticket": ticket,
        "category": selectors.category_label(ticket.category) if ticket else "",
        "masked_phone": mask_phone(ticket.contact_phone) if ticket else "",
        "not_found": not_found,
        "ratelimit_message": limited_message(request),
    }
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "tickets/lookup.html", context, status=status)


@access_policy(audience="authenticated")
@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """我的诉求 — the signed-in citizen's tickets, twenty a page."""
    page = Paginator(selectors.list_my_tickets(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(ticket, selectors.category_label(ticket.category)) for ticket in page.object_list]
    return render(request, "tickets/mine.html", {"page": page, "rows": rows})
