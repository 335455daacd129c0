"""The public screens of the hall's queue: the kiosk (取号机), the printed ticket, the number's live
status page and the hall's display (叫号大屏). Thin: forms parse, services write, selectors read.

The display and the status page poll a small fragment with htmx. The display's fragment is
rendered once per hall per change (cached; a queue write drops it) and answers 204 when nothing
changed since the version the screen holds, so many screens cost the sync workers little and the
aria-live region only speaks when a call changes.
"""

from __future__ import annotations

import hashlib
from typing import Any

import segno
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from yiwang.core.security.policy import access_policy
from yiwang.core.web.ratelimit import ratelimit

from ..models import Hall
from ..queue_forms import TakeNumberForm
from ..selectors import queue as selectors
from ..services import queue as services

DISPLAY_SECONDS = 2  # the display polls this often; its fragment is cached this long at most
STATUS_SECONDS = 10


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


# A hall's kiosk prints about one number every few seconds at its busiest; 30 a minute from one
# address stops a script emptying the day's numbers without slowing a queue at the machine.
@access_policy(audience="public", methods=("GET", "POST"), kwargs={"hall_id": 1})
@ratelimit(group="servicehall.take_number", rate="30/m", on_limit="form")
@require_http_methods(["GET", "POST"])
def kiosk(request: HttpRequest, hall_id: int) -> HttpResponse:
    """取号: one big button per service line, with the number waiting on it."""
    hall = selectors.get_active_hall(hall_id)
    form = TakeNumberForm(request.POST or None)
    error, limited = "", getattr(request, "ratelimited", "")
    if request.method == "POST":
        if limited:
            error = str(limited)
        elif form.is_valid():
            line = selectors.get_active_line(hall, form.cleaned_data["line"])
            if line is None:
                error = "该业务暂停取号，请选择其他业务或咨询导办台。"
            else:
                try:
                    ticket = services.take_number(line=line, phone=form.cleaned_data["phone"], ip=_client_ip(request))
                except services.QueueError as exc:
                    error = str(exc)
                else:
                    return redirect("servicehall:queue_ticket_print", hall_id=hall.pk, token=ticket.token)
    context = {"hall": hall, "form": form, "lines": selectors.list_lines_with_waiting(hall), "error": error}
    # Over the limit: 200 here, which the rate limiter turns into 429 with the form and its message.
    refused = (error or form.errors) and not limited
    return render(request, "servicehall/queue/kiosk.html", context, status=400 if refused else 200)


def _qr_svg(url: str) -> str:
    return str(segno.make(url, error="m").svg_inline(scale=4, dark="#000", light="#fff", title="查看排队进度"))


@access_policy(audience="public", kwargs={"hall_id": 1, "token": "x"})
@require_GET
def ticket_print(request: HttpRequest, hall_id: int, token: str) -> HttpResponse:
    """The printable ticket: number, line, people ahead, time and a QR code to the status page."""
    ticket = selectors.get_ticket_by_token(token)
    if ticket.hall_id != hall_id:
        return redirect("servicehall:queue_ticket_status", token=token)
    status_url = request.build_absolute_uri(reverse("servicehall:queue_ticket_status", kwargs={"token": token}))
    context = {
        "ticket": ticket,
        "hall": ticket.hall,
        "ahead": selectors.people_ahead(ticket),
        "status_url": status_url,
        "qr_svg": _qr_svg(status_url),
    }
    response = render(request, "servicehall/queue/ticket.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _status_context(token: str) -> dict[str, Any]:
    ticket = selectors.get_ticket_by_token(token)
    return {"ticket": ticket, "hall": ticket.hall, "ahead": selectors.people_ahead(ticket), "poll": STATUS_SECONDS}


@access_policy(audience="public", kwargs={"token": "x"})
@require_GET
def ticket_status(request: HttpRequest, token: str) -> HttpResponse:
    """排队进度: the number's live place — opened from the ticket's QR code (the token is opaque)."""
    response = render(request, "servicehall/queue/status.html", _status_context(token))
    response["Cache-Control"] = "no-store"
    return response


@access_policy(audience="public", kwargs={"token": "x"})
@require_GET
def ticket_status_live(request: HttpRequest, token: str) -> HttpResponse:
    response = render(request, "servicehall/queue/_status.html", _status_context(token))
    response["Cache-Control"] = "no-store"
    return response


def _board(hall: Hall) -> tuple[str, str]:
    """(version, html) of the display's fragment: rendered once per change and cached briefly."""
    key = services.display_cache_key(hall.pk)
    cached = cache.get(key)
    if cached is None:
        html = render_to_string("servicehall/queue/_board.html", {"board": selectors.display_board(hall), "hall": hall})
        cached = (hashlib.sha256(html.encode()).hexdigest()[:16], html)
        cache.set(key, cached, DISPLAY_SECONDS)
    return cached


@access_policy(audience="public", kwargs={"hall_id": 1})
@require_GET
def display(request: HttpRequest, hall_id: int) -> HttpResponse:
    """叫号大屏: the numbers being called and where, the latest calls and the waiting counts."""
    hall = selectors.get_active_hall(hall_id)
    version, board = _board(hall)
    context = {"hall": hall, "board_html": board, "version": version, "poll": DISPLAY_SECONDS}
    return render(request, "servicehall/queue/display.html", context)


@access_policy(audience="public", kwargs={"hall_id": 1})
@require_GET
def display_live(request: HttpRequest, hall_id: int) -> HttpResponse:
    """The display's fragment; 204 (htmx keeps what it shows) when unchanged since `?v=`."""
    hall = selectors.get_active_hall(hall_id)
    version, board = _board(hall)
    if request.GET.get("v") == version:
        response = HttpResponse(status=204)
    else:
        context = {"hall": hall, "board_html": board, "version": version, "poll": DISPLAY_SECONDS}
        response = render(request, "servicehall/queue/_display_poll.html", context)
    response["Cache-Control"] = f"max-age={DISPLAY_SECONDS}"
    return response
