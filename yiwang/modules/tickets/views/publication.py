"""公开 pages: the public list of masked tickets and replies (来信选登) and one published ticket;
the hotline office's 不予公开 / 恢复公开 on the staff side. Thin: forms parse, services decide."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yiwang.core.permissions import access
from yiwang.core.security.policy import access_policy
from yiwang.core.web.http import client_ip

from .. import selectors
from ..forms.publication import PublicFilterForm, WithholdForm
from ..models import Ticket
from ..selectors import publication as publication_selectors
from ..services import publication as publication_services

# Public pages carry no personal data beyond the masked copy; a short shared cache keeps a
# withdrawal visible within minutes.
PUBLIC_MAX_AGE = 300


@access_policy(audience="public")
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    """来信选登 — published tickets with their replies: 受理日期, 答复日期, 答复部门, 答复内容."""
    form = PublicFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    rows = publication_selectors.list_public_replies(**filters)
    page = Paginator(rows, publication_selectors.PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "tickets/publication/list.html", {"form": form, "page": page, "query": query.urlencode()})


@access_policy(audience="public")
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
@require_GET
def public_detail(request: HttpRequest, publication_id: int) -> HttpResponse:
    """One published ticket and its latest approved reply, masked."""
    row = publication_selectors.get_public_reply(publication_id)
    return render(request, "tickets/publication/detail.html", {"row": row})


def _office_ticket(request: HttpRequest, ticket_id: int) -> Ticket:
    if not access.can(request.user, publication_services.DISPATCH_VERB):
        raise PermissionDenied
    return selectors.get_staff_ticket(request.user, ticket_id)


@access_policy(verb="tickets.dispatch", methods=("GET", "POST"))
@require_http_methods(["GET", "POST"])
def withhold(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """不予公开 / 撤回公开 by the hotline office, with a reason."""
    ticket = _office_ticket(request, ticket_id)
    form = WithholdForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            publication_services.withhold_publication(
                ticket=ticket,
                reason=form.cleaned_data["reason"],
                actor=request.user,
                ip=client_ip(request),
            )
        except publication_services.PublicationRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, "已不予公开，该诉求不在网站上显示。")
            return HttpResponseRedirect(reverse("tickets_staff_ticket", args=[ticket_id]))
    context = {"ticket": ticket, "form": form, "publication": publication_selectors.get_publication(ticket)}
    status = 400 if form.errors else 200
    return render(request, "tickets/publication/staff_withhold.html", context, status=status)


@access_policy(verb="tickets.dispatch", methods=("POST",))
@require_POST
def restore(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """恢复公开 by the hotline office."""
    ticket = _office_ticket(request, ticket_id)
    try:
        publication_services.restore_publication(ticket=ticket, actor=request.user, ip=client_ip(request))
    except publication_services.PublicationRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, "已恢复公开。")
    return HttpResponseRedirect(reverse("tickets_staff_ticket", args=[ticket_id]))
