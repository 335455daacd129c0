"""The staff screens of the hall's queue under /staff/servicehall/hall/: pick a window, the window's
叫号 / 重呼 / 过号 / 开始办理 / 办结 buttons, and the waiting-time statistics with a CSV export.
Thin: the chokepoint scopes every hall and window to its agency; services write; selectors read."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yiwang.core.permissions import access
from yiwang.core.security.policy import access_policy

from ..models import QueueTicket
from ..queue_forms import WINDOW_ACTIONS, PeriodForm, WindowActionForm
from ..selectors import queue as selectors
from ..services import queue as services
from ..services.queue import CALL_VERB

WINDOW_OBJECTS = "yiwang.modules.servicehall.tests.queue_matrix.make_window"
HALL_OBJECTS = "yiwang.modules.servicehall.tests.queue_matrix.make_hall"


@access_policy(verb=CALL_VERB)
@require_GET
def hall_list(request: HttpRequest) -> HttpResponse:
    """窗口叫号: the halls of the user's agencies and their windows, to pick one's own."""
    if not access.can(request.user, CALL_VERB):
        raise PermissionDenied
    halls = [(hall, selectors.list_windows(hall)) for hall in selectors.list_callable_halls(request.user)]
    return render(request, "servicehall/queue/staff/halls.html", {"halls": halls})


@access_policy(verb=CALL_VERB, agency_scoped=True, objects=WINDOW_OBJECTS)
@require_GET
def window_page(request: HttpRequest, window_id: int) -> HttpResponse:
    """One window's screen: the current number, its buttons and the waiting count per line."""
    window = selectors.get_window_for(request.user, window_id)
    context = {
        "window": window,
        "hall": window.hall,
        "mine": window.staff_id == request.user.pk and window.is_open,
        **selectors.window_screen(window),
    }
    return render(request, "servicehall/queue/staff/window.html", context)


@access_policy(verb=CALL_VERB, agency_scoped=True, objects=WINDOW_OBJECTS, methods=("POST",))
@require_POST
def window_action(request: HttpRequest, window_id: int) -> HttpResponse:
    """The window's buttons, one POST each; the outcome as a message on the window's screen."""
    window = selectors.get_window_for(request.user, window_id)
    form = WindowActionForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("__all__", []) or ["请选择要执行的操作。"]:
            messages.error(request, str(error))
        return redirect("servicehall_queue_window", window_id=window.pk)
    action, user = form.cleaned_data["action"], request.user
    try:
        if action == "open":
            services.open_window(window=window, by=user)
            done = f"已在{window}签到，可以叫号。"
        elif action == "close":
            services.close_window(window=window, by=user)
            done = f"{window}已暂停。"
        elif action == "requeue":
            ticket = QueueTicket.objects.filter(
                pk=form.cleaned_data["ticket"], hall=window.hall, line__in=window.lines.all()
            ).first()
            if ticket is None:
                raise services.QueueError("没有这个过号号码。")
            services.requeue(ticket=ticket, by=user)
            done = f"{ticket.number} 已重新排队（排在队尾）。"
        else:
            step = {
                "call": services.call_next,
                "recall": services.recall,
                "no_show": services.mark_no_show,
                "start": services.start_service,
                "finish": services.finish,
            }[action]
            ticket = step(window=window, by=user)
            done = f"{WINDOW_ACTIONS[action]}：{ticket.number}"
    except services.QueueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("servicehall_queue_window", window_id=window.pk)


def _period(request: HttpRequest, hall_id: int) -> tuple:
    hall = selectors.get_hall_for_statistics(request.user, hall_id)
    form = PeriodForm(request.GET or None)
    start, end = form.period(services.hall_today(hall))
    return hall, form, start, end


@access_policy(
    verb="servicehall.view", or_verbs=(CALL_VERB,), agency_scoped=True, objects=HALL_OBJECTS, methods=("GET",)
)
@require_http_methods(["GET"])
def statistics(request: HttpRequest, hall_id: int) -> HttpResponse:
    """排队统计: per day and line — issued, served, no-shows, waiting and handling (average, p90)."""
    hall, form, start, end = _period(request, hall_id)
    rows = selectors.daily_statistics(hall, start=start, end=end)
    context = {
        "hall": hall,
        "form": form,
        "start": start,
        "end": end,
        "rows": [(row, {k: selectors.minutes(getattr(row, k)) for k in MINUTE_FIELDS}) for row in rows],
        "query": request.GET.urlencode(),
    }
    return render(request, "servicehall/queue/staff/statistics.html", context)


MINUTE_FIELDS = ("wait_avg", "wait_p90", "handling_avg", "handling_p90")
CSV_HEADER = (
    "日期",
    "业务类型",
    "取号数",
    "办结数",
    "过号数",
    "平均等候（分钟）",
    "P90 等候（分钟）",
    "平均办理（分钟）",
    "P90 办理（分钟）",
)


@access_policy(
    verb="servicehall.view", or_verbs=(CALL_VERB,), agency_scoped=True, objects=HALL_OBJECTS, methods=("GET",)
)
@require_GET
def statistics_csv(request: HttpRequest, hall_id: int) -> HttpResponse:
    hall, _form, start, end = _period(request, hall_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for row in selectors.daily_statistics(hall, start=start, end=end):
        writer.writerow(
            [row.day.isoformat(), row.line, row.issued, row.served, row.no_shows]
            + [selectors.minutes(getattr(row, k)) for k in MINUTE_FIELDS]
        )
    # A BOM so that Excel opens the Chinese headings as UTF-8.
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"hall-{hall.pk}-queue-{start.isoformat()}-{end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
