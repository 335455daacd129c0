"""Citizen pages of 诉求: submit (signed in, or with the phone proved by SMS code), 查询 by 查询码 +
phone (public), 我的诉求 (signed in).

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
from ..forms.intake_guard import GuardedTicketForm
from ..selectors.intake_guard import get_submitted_ticket
from ..services import intake_guard as guarded_intake
from . import intake_guard as guard

SUBMITTED_KEY = "tickets_submitted_id"
PAGE_SIZE = 20


def _initial_for(user: Any) -> dict[str, Any]:
    return {"contact_name": getattr(user, "display_name", ""), "contact_phone": getattr(user, "phone", "")}


def _add_errors(form: TicketForm, error: ValidationError) -> None:
    for field, messages in error.message_dict.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


@access_policy(audience="public", methods=("GET", "POST"))
@never_cache
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    """我要写信 — the web form of 市长信箱 / 在线咨询: a signed-in citizen, or anyone who proves the
    contact phone by SMS code ("获取验证码" posts the form back with its input kept). Past a
    threshold it asks a captcha; over a limit it shows the form again with the input and why."""
    citizen = request.user if request.user.is_authenticated else None
    posted = request.POST if request.method == "POST" else None
    phone = str(posted.get("contact_phone", "") if posted is not None else getattr(citizen, "phone", "") or "")
    proved = guard.phone_proved(request, phone)
    code_needed = not proved and (citizen is None or guarded_intake.verify_signed_in_phone())
    options = {"captcha": guard.captcha_required(request), "code_needed": code_needed}
    exclusion, code_sent, code_refused, limited = None, "", "", ""
    if posted is None:
        form = GuardedTicketForm(initial=_initial_for(request.user), **options)
    elif posted.get("action") == "send_code":
        code_refused = GuardedTicketForm(posted, **options).captcha_error()
        if not code_refused:
            try:
                code = guarded_intake.send_phone_code(phone=phone, ip=client_ip(request))
            except services.TicketRefused as refused:
                code_refused = refused.message
            else:
                guard.remember_code(request, code_id=code.pk, phone=phone)
                minutes = int((code.expires_at - code.created_at).total_seconds() // 60)
                code_sent = f"验证码已发送至 {mask_phone(services.clean_phone(phone))}，{minutes} 分钟内有效。"
        # The input comes back as it was, without errors on fields the citizen has not finished.
        form = GuardedTicketForm(initial=posted.dict(), **options)
    else:
        form = GuardedTicketForm(posted, **options)
        guard.count_attempt(request)
        limited = guard.over_limit(request)
        matter = str(posted.get("excluded_matter") or NOT_EXCLUDED)
        valid = form.is_valid()
        if not limited and (valid or matter):
            data = form.cleaned_data if valid else {}
            try:
                ticket = guarded_intake.submit_guarded_ticket(
                    code_id=guard.code_id_for(request, phone),
                    code=data.get("phone_code", ""),
                    phone_proved=proved,
                    code_required=code_needed,
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
                    citizen=citizen,
                    ip=client_ip(request),
                )
            except services.ExcludedMatter as refused:
                exclusion = refused.exclusion
                # Nothing is stored; the user's text is kept, without errors on the other fields.
                form = GuardedTicketForm(initial=posted.dict(), **options)
            except ValidationError as error:
                _add_errors(form, error)
                if "phone_code" in error.message_dict:
                    guard.count_attempt(request)  # wrong codes bring the captcha nearer
            else:
                guard.remember_proved(request, phone)
                request.session[SUBMITTED_KEY] = ticket.pk
                return redirect("tickets:submitted")
    context = {
        "form": form,
        "exclusion": exclusion,
        "ratelimit_message": limited,
        "code_sent": code_sent,
        "code_refused": code_refused,
        "signed_in": citizen is not None,
    }
    status = 429 if limited else 400 if (form.is_bound and form.errors) or code_refused else 200
    return render(request, "tickets/submit.html", context, status=status)


@access_policy(audience="public")
@never_cache
@require_GET
def submitted(request: HttpRequest) -> HttpResponse:
    """提交成功 — shows the 查询码 of the ticket just submitted in this session (signed in or not:
    the session is what proves it is theirs)."""
    ticket_id = request.session.get(SUBMITTED_KEY)
    if not ticket_id:
        ticket = None
    elif request.user.is_authenticated:
        ticket = selectors.get_my_ticket(user=request.user, ticket_id=ticket_id)
    else:
        ticket = get_submitted_ticket(ticket_id=ticket_id)
    masked = mask_phone(ticket.contact_phone) if ticket is not None and not ticket.citizen_id else ""
    return render(request, "tickets/submitted.html", {"ticket": ticket, "texted_to": masked})


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
