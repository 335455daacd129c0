"""Reads of the hall's queue: the kiosk's lines, a number's place, the public display, a window's
screen and the waiting-time statistics. The display's data carries no personal data: numbers,
lines and window numbers only."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from yiwang.core.permissions import access

from ..models import Hall, QueueTicket, ServiceLine, ServiceWindow
from ..services.queue import CALL_VERB, hall_today

STATISTICS_VERBS = ("servicehall.view", CALL_VERB)
LATEST_CALLS = 8
MAX_STATISTICS_DAYS = 92


def get_active_hall(hall_id: int) -> Hall:
    hall = Hall.objects.select_related("agency").filter(pk=hall_id, is_active=True).first()
    if hall is None:
        raise Http404("没有这个大厅。")
    return hall


def get_active_line(hall: Hall, line_id: Any) -> ServiceLine | None:
    try:
        return ServiceLine.objects.select_related("hall").get(hall=hall, pk=int(line_id), is_active=True)
    except (TypeError, ValueError, ServiceLine.DoesNotExist):
        return None


def list_lines_with_waiting(hall: Hall, *, day: date | None = None) -> list[ServiceLine]:
    """The hall's open lines, each with `.waiting`: the numbers waiting on it today."""
    day = day or hall_today(hall)
    return list(
        ServiceLine.objects.filter(hall=hall, is_active=True).annotate(
            waiting=Count("tickets", filter=Q(tickets__day=day, tickets__state=QueueTicket.State.WAITING))
        )
    )


def people_ahead(ticket: QueueTicket) -> int | None:
    """How many are waiting before `ticket` on its line; None when it is no longer waiting."""
    if ticket.state != QueueTicket.State.WAITING:
        return None
    return (
        QueueTicket.objects.filter(line_id=ticket.line_id, day=ticket.day, state=QueueTicket.State.WAITING)
        .filter(Q(queued_at__lt=ticket.queued_at) | Q(queued_at=ticket.queued_at, id__lt=ticket.id))
        .count()
    )


def get_ticket_by_token(token: str) -> QueueTicket:
    ticket = QueueTicket.objects.select_related("hall", "line", "window").filter(token=token).first()
    if ticket is None:
        raise Http404("没有这个号码。")
    return ticket


def display_board(hall: Hall) -> dict[str, Any]:
    """What the hall's screen shows: the numbers at the windows now, the latest calls and the
    waiting counts. Plain values only (it is cached), and nothing that names a person."""
    day = hall_today(hall)
    called = (
        QueueTicket.objects.filter(hall=hall, day=day, announced_at__isnull=False, window__isnull=False)
        .select_related("line", "window")
        .order_by("-announced_at", "-id")
    )
    current = [
        {
            "number": t.number,
            "line": t.line.name,
            "window": t.window.number if t.window else "",
            "state": t.state,
            "calls": t.call_count,
        }
        for t in called.filter(state__in=(QueueTicket.State.CALLED, QueueTicket.State.SERVING))
    ]
    latest = [
        {"number": t.number, "window": t.window.number if t.window else "", "at": t.announced_at}
        for t in called[:LATEST_CALLS]
    ]
    lines = [
        {"name": ln.name, "prefix": ln.prefix, "waiting": ln.waiting}  # type: ignore[attr-defined]
        for ln in list_lines_with_waiting(hall)
    ]
    return {"current": current, "latest": latest, "lines": lines, "day": day}


def list_callable_halls(user: Any) -> QuerySet[Hall]:
    """The halls where `user` may call numbers (the hall's agency, through the chokepoint)."""
    halls = Hall.objects.filter(is_active=True).select_related("agency")
    return access.filter_permitted(user, CALL_VERB, halls, agency_field="agency")


def list_windows(hall: Hall) -> list[ServiceWindow]:
    return list(ServiceWindow.objects.filter(hall=hall).select_related("staff").prefetch_related("lines"))


def get_window_for(user: Any, window_id: int) -> ServiceWindow:
    """The window, if `user` may call in its hall's agency (404/403 through the chokepoint otherwise)."""
    windows = ServiceWindow.objects.select_related("hall", "staff")
    return access.access_by_id(user, CALL_VERB, windows, window_id, agency_field="hall__agency")


def window_screen(window: ServiceWindow) -> dict[str, Any]:
    """A window's screen: its current number, the waiting count per line it serves, today's
    no-shows of those lines that may still be put back once."""
    day = hall_today(window.hall)
    lines = window.lines.all()
    current = (
        QueueTicket.objects.filter(window=window, state__in=(QueueTicket.State.CALLED, QueueTicket.State.SERVING))
        .select_related("line")
        .order_by("-announced_at", "-id")
        .first()
    )
    waiting = list(
        lines.annotate(
            waiting=Count("tickets", filter=Q(tickets__day=day, tickets__state=QueueTicket.State.WAITING))
        ).order_by("sort_order", "id")
    )
    no_shows = list(
        QueueTicket.objects.filter(line__in=lines, day=day, state=QueueTicket.State.NO_SHOW, requeued=False)
        .select_related("line")
        .order_by("-called_at")[:20]
    )
    return {"current": current, "waiting": waiting, "no_shows": no_shows, "day": day}


def get_hall_for_statistics(user: Any, hall_id: int) -> Hall:
    """The hall, if `user` holds a statistics verb in the hall's agency (404, then 403, otherwise)."""
    hall = Hall.objects.select_related("agency").filter(pk=hall_id).first()
    if hall is None:
        raise Http404("没有这个大厅。")
    if not any(access.can(user, verb, agency_id=hall.agency_id) for verb in STATISTICS_VERBS):
        raise PermissionDenied
    return hall


def _seconds(delta: timedelta) -> float:
    return delta.total_seconds()


def _p90(values: list[float]) -> float | None:
    """Nearest-rank 90th percentile: the smallest value with at least 90 % of values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class StatisticsRow:
    day: date
    line: str
    issued: int
    served: int
    no_shows: int
    wait_avg: float | None  # seconds, issued → called, over the numbers called
    wait_p90: float | None
    handling_avg: float | None  # seconds, called → finished, over the numbers finished
    handling_p90: float | None


def daily_statistics(hall: Hall, *, start: date, end: date) -> list[StatisticsRow]:
    """Per day and line: numbers issued, served (办结), no-shows (过号, not put back or put back and
    missed again), and the average and p90 of waiting (取号 → 叫号, the call answered or missed
    last) and handling (叫号 → 办结). Bounded: at most MAX_STATISTICS_DAYS days."""
    if (end - start).days >= MAX_STATISTICS_DAYS:
        start = end - timedelta(days=MAX_STATISTICS_DAYS - 1)
    rows: dict[tuple[date, int], dict[str, Any]] = defaultdict(
        lambda: {"issued": 0, "served": 0, "no_shows": 0, "waits": [], "handlings": []}
    )
    names: dict[int, tuple[int, str]] = {}
    tickets = (
        QueueTicket.objects.filter(hall=hall, day__gte=start, day__lte=end)
        .select_related("line")
        .only("day", "state", "issued_at", "called_at", "finished_at", "line__name", "line__sort_order")
    )
    for t in tickets.iterator(chunk_size=2000):
        names[t.line_id] = (t.line.sort_order, t.line.name)
        row = rows[(t.day, t.line_id)]
        row["issued"] += 1
        if t.state == QueueTicket.State.FINISHED:
            row["served"] += 1
        if t.state == QueueTicket.State.NO_SHOW:
            row["no_shows"] += 1
        if t.called_at is not None:
            row["waits"].append(_seconds(t.called_at - t.issued_at))
        if t.finished_at is not None and t.called_at is not None:
            row["handlings"].append(_seconds(t.finished_at - t.called_at))
    result = []
    for (day, line_id), row in sorted(rows.items(), key=lambda kv: (kv[0][0], names[kv[0][1]], kv[0][1])):
        result.append(
            StatisticsRow(
                day=day,
                line=names[line_id][1],
                issued=row["issued"],
                served=row["served"],
                no_shows=row["no_shows"],
                wait_avg=_mean(row["waits"]),
                wait_p90=_p90(row["waits"]),
                handling_avg=_mean(row["handlings"]),
                handling_p90=_p90(row["handlings"]),
            )
        )
    return result


def minutes(seconds: float | None) -> str:
    """Seconds as minutes with one decimal for the table and the CSV; "—" when there is no figure."""
    return "—" if seconds is None else f"{seconds / 60:.1f}"
