"""The hotline operator screen (/staff/tickets/hotline/, 12345 受理), built for speed: the intake
form with the caller's earlier tickets and the knowledge-base search beside it, keyboard first.
After a ticket is stored the 查询码 is shown for the operator to read out and the form is empty
again, the cursor on the phone field (post/redirect/get: a reload never stores it twice)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from yiwang.core.security.policy import access_policy
from yiwang.core.web.http import client_ip

from .. import services
from ..forms.hotline import KNOWLEDGE_KEY, PHONE_KEY, HotlineTicketForm
from ..selectors import hotline as hotline_selectors
from ..selectors import knowledge as knowledge_selectors

INTAKE_VERB = hotline_selectors.INTAKE_VERB
LAST_TICKET_KEY = "tickets_hotline_last"


def _require_verb(request: HttpRequest) -> None:
    if not hotline_selectors.can_take_calls(request.user):
        raise PermissionDenied


def _page(request: HttpRequest, form: HotlineTicketForm, *, status: int = 200, **extra: Any) -> HttpResponse:
    phone = form.data.get("contact_phone", "") if form.is_bound else ""
    if form.is_bound and form.errors:
        # The error summary takes the focus (static/tickets/hotline.js), not the phone field.
        form.fields["contact_phone"].widget.attrs.pop("autofocus", None)
    context = {
        "form": form,
        "history": list(hotline_selectors.list_caller_history(request.user, phone)) if phone else None,
        "phone": phone,
        "knowledge": knowledge_selectors.can_use_knowledge(request.user),
        "phone_key": PHONE_KEY,
        "knowledge_key": KNOWLEDGE_KEY,
        **extra,
    }
    return render(request, "tickets/hotline/screen.html", context, status=status)


@access_policy(verb=INTAKE_VERB, methods=("GET", "POST"))
@require_http_methods(["GET", "POST"])
def screen(request: HttpRequest) -> HttpResponse:
    """话务受理: GET the empty form (and the 查询码 of the ticket just stored); POST stores a ticket."""
    _require_verb(request)
    if request.method == "GET":
        return _page(request, HotlineTicketForm(), submitted=request.session.pop(LAST_TICKET_KEY, None))
    form = HotlineTicketForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    data = form.cleaned_data
    try:
        ticket = services.submit_ticket(
            channel=data["channel"],
            kind=data["kind"],
            category=data["category"],
            title=data["title"],
            content=data["content"],
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
            address=data["address"],
            wants_public=data["wants_public"],
            confidential=data["confidential"],
            excluded_matter=data["excluded_matter"],
            ip=client_ip(request),
            operator=request.user,
        )
    except services.ExcludedMatter as excluded:
        # Nothing stored: the operator reads the reasoned notice to the caller.
        return _page(request, form, exclusion=excluded.exclusion)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
        return _page(request, form, status=400)
    request.session[LAST_TICKET_KEY] = {"query_code": ticket.query_code, "title": ticket.title, "id": ticket.pk}
    return HttpResponseRedirect(reverse("tickets_hotline"))


@access_policy(verb=INTAKE_VERB)
@require_GET
def caller_history(request: HttpRequest) -> HttpResponse:
    """来电历史 for the number typed so far (htmx partial of the operator screen)."""
    _require_verb(request)
    phone = request.GET.get("contact_phone", "")
    return render(
        request,
        "tickets/hotline/_history.html",
        {"history": list(hotline_selectors.list_caller_history(request.user, phone)), "phone": phone},
    )
