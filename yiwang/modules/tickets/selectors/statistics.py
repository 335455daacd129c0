"""Reads of 办理统计: intake by month and channel, category and agency; 按时办结率; the public summary.

Every figure is one aggregate query (GROUP BY in the database), never a loop over tickets. Periods
are local dates (Asia/Shanghai), both ends inclusive: a ticket received at 23:30 on 31 January in
伊春 counts in January whatever the server's clock says. 按时办结率 = tickets replied by their
`due_at` / tickets that had to be replied by now (replied with a due date, or past due and open).
Comparisons between agencies need care: a rate over a handful of tickets says little, so agencies
below `min_sample()` tickets are shown with their counts but not ranked. 满意率 and 差评整改率 come
from `selectors.rating` over the ratings given in the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from ..models import Ticket
from . import rating as rating_selectors

# [R] No national rule sets the sample below which agencies are not ranked; configurable.
DEFAULT_MIN_SAMPLE = 10
DONE = (Ticket.Status.REPLIED, Ticket.Status.CLOSED)


def min_sample() -> int:
    """The fewest tickets an agency needs in the period to be ranked (YIWANG_TICKETS["STATISTICS_MIN_SAMPLE"])."""
    return int(getattr(settings, "YIWANG_TICKETS", {}).get("STATISTICS_MIN_SAMPLE", DEFAULT_MIN_SAMPLE))


@dataclass(frozen=True)
class Period:
    """统计期间: local dates, both inclusive."""

    start: date
    end: date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        following = date(year + month // 12, month % 12 + 1, 1)
        return cls(date(year, month, 1), following - timedelta(days=1))

    def bounds(self) -> tuple[datetime, datetime]:
        """[start 00:00, the day after end 00:00) in the local time zone."""
        zone = timezone.get_default_timezone()
        return (
            timezone.make_aware(datetime.combine(self.start, time.min), zone),
            timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min), zone),
        )

    def months(self) -> list[date]:
        """The first day of every month in the period."""
        months, current = [], date(self.start.year, self.start.month, 1)
        while current <= self.end:
            months.append(current)
            current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
        return months


def _received(period: Period) -> QuerySet[Ticket]:
    low, high = period.bounds()
    return Ticket.objects.filter(created_at__gte=low, created_at__lt=high)


def _figures(now: datetime) -> dict[str, Any]:
    """Conditional counts of the received tickets (one row per group)."""
    replied = Q(status__in=DONE, replied_at__isnull=False)
    return {
        "received": Count("id"),
        "replied": Count("id", filter=replied),
        "on_time": Count("id", filter=replied & Q(due_at__isnull=False, replied_at__lte=F("due_at"))),
        "due": Count(
            "id",
            filter=Q(due_at__isnull=False) & (replied | Q(due_at__lt=now)),
        ),
    }


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _with_rates(row: dict[str, Any]) -> dict[str, Any]:
    row["on_time_rate"] = _rate(row["on_time"], row["due"])
    return row


def totals(period: Period, *, now: datetime | None = None) -> dict[str, Any]:
    """受理量, 答复量, 按时办结 over the tickets received in the period; `satisfaction`: the
    好差评 figures of the ratings given in it (`selectors.rating.satisfaction_totals`)."""
    figures = _with_rates(_received(period).aggregate(**_figures(now or timezone.now())))
    figures["satisfaction"] = rating_selectors.satisfaction_totals(start=period.start, end=period.end)
    return figures


def _month_key(value: datetime | date) -> date:
    if isinstance(value, datetime):
        value = timezone.localtime(value, timezone.get_default_timezone()) if timezone.is_aware(value) else value
        return date(value.year, value.month, 1)
    return date(value.year, value.month, 1)


def monthly_intake(period: Period, *, by: str) -> dict[str, Any]:
    """受理量 per month and per `by` ("channel", "category" — the top-level one — or "agency", the
    主办 agency; 待派单 when none yet). Returns {"months": [...], "series": [{"key", "label", "counts",
    "total"}]}, the series largest first."""
    zone = timezone.get_default_timezone()
    rows = _received(period).annotate(month=TruncMonth("created_at", tzinfo=zone))
    if by == "channel":
        grouped = rows.values("month", key=F("channel"))
        labels: dict[Any, str] = dict(Ticket.Channel.choices)
    elif by == "category":
        grouped = rows.values(
            "month",
            key=Coalesce("category__parent_id", "category_id"),
            name=Coalesce("category__parent__name", "category__name"),
        )
        labels = {}
    elif by == "agency":
        grouped = rows.values("month", key=F("agency_id"), name=F("agency__full_name"))
        labels = {}
    else:
        raise ValueError(f"unknown grouping {by!r}")
    months = period.months()
    index = {month: position for position, month in enumerate(months)}
    series: dict[Any, dict[str, Any]] = {}
    for row in grouped.annotate(count=Count("id")).order_by():
        key = row["key"]
        label = labels.get(key) or row.get("name") or "待派单"
        entry = series.setdefault(key, {"key": key, "label": label, "counts": [0] * len(months), "total": 0})
        position = index.get(_month_key(row["month"]))
        if position is not None:
            entry["counts"][position] += row["count"]
            entry["total"] += row["count"]
    ordered = sorted(series.values(), key=lambda entry: (-entry["total"], str(entry["label"])))
    return {"months": months, "series": ordered}


def agency_performance(period: Period, *, now: datetime | None = None) -> list[dict[str, Any]]:
    """Per 主办 agency: 受理量, 答复量, 按时办结 and its rate; `ranked` says whether the agency has
    enough tickets (`min_sample()`) to be compared, and `rank` is its place among those that do."""
    rows = (
        _received(period)
        .filter(agency__isnull=False)
        .values("agency_id", agency_name=F("agency__full_name"))
        .annotate(**_figures(now or timezone.now()))
        .order_by()
    )
    agencies = [_with_rates(dict(row)) for row in rows]
    satisfaction = {
        row["agency_id"]: row for row in rating_selectors.satisfaction_by_agency(start=period.start, end=period.end)
    }
    for row in agencies:
        row["satisfaction"] = satisfaction.pop(row["agency_id"], None)
    for agency_id, rated in satisfaction.items():  # rated in the period, received earlier
        agencies.append(
            {
                "agency_id": agency_id,
                "agency_name": rated["agency_name"],
                "received": 0,
                "replied": 0,
                "on_time": 0,
                "due": 0,
                "on_time_rate": None,
                "satisfaction": rated,
            }
        )
    threshold = min_sample()
    for row in agencies:
        row["ranked"] = row["received"] >= threshold and row["on_time_rate"] is not None
    ranked = sorted((r for r in agencies if r["ranked"]), key=lambda r: (-r["on_time_rate"], -r["received"]))
    for place, row in enumerate(ranked, start=1):
        row["rank"] = place
    unranked = sorted((r for r in agencies if not r["ranked"]), key=lambda r: (-r["received"], r["agency_name"]))
    for row in unranked:
        row["rank"] = None
    return ranked + unranked


def headline_figures() -> dict[str, Any]:
    """This month's 受理量, 答复量 and 按时办结率 (the manifest's `statistics`)."""
    today = timezone.localdate()
    figures = totals(Period.month(today.year, today.month))
    return {
        "本月受理": figures["received"],
        "本月答复": figures["replied"],
        "本月按时办结率": figures["on_time_rate"],
        "本月满意率": figures["satisfaction"]["satisfaction_rate"],
    }


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


SATISFACTION_HEADER = ["评价数", "满意", "满意率", "差评", "差评已整改", "差评整改率"]


def _satisfaction_cells(figures: dict[str, Any] | None) -> list[Any]:
    if not figures:
        return [0, 0, "", 0, 0, ""]
    return [
        figures["rated"],
        figures["satisfied"],
        _percent(figures["satisfaction_rate"]),
        figures["dissatisfied"],
        figures["rectified"],
        _percent(figures["rectification_rate"]),
    ]


def export_tables(period: Period) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The figures of the statistics page as tables (name, header, rows) for CSV and XLSX."""
    months = [month.strftime("%Y-%m") for month in monthly_intake(period, by="channel")["months"]]
    tables: list[tuple[str, list[str], list[list[Any]]]] = []
    figures = totals(period)
    tables.append(
        (
            "总体",
            ["统计期间", "受理量", "答复量", "应办结", "按时办结", "按时办结率", *SATISFACTION_HEADER],
            [
                [
                    f"{period.start.isoformat()} 至 {period.end.isoformat()}",
                    figures["received"],
                    figures["replied"],
                    figures["due"],
                    figures["on_time"],
                    _percent(figures["on_time_rate"]),
                    *_satisfaction_cells(figures["satisfaction"]),
                ]
            ],
        )
    )
    for by, title, heading in (
        ("channel", "按渠道", "渠道"),
        ("category", "按分类", "分类"),
        ("agency", "按主办单位", "主办单位"),
    ):
        intake = monthly_intake(period, by=by)
        tables.append(
            (title, [heading, *months, "合计"], [[s["label"], *s["counts"], s["total"]] for s in intake["series"]])
        )
    tables.append(
        (
            "单位办理情况",
            ["排名", "主办单位", "受理量", "答复量", "应办结", "按时办结", "按时办结率", *SATISFACTION_HEADER],
            [
                [
                    row["rank"] or "样本不足",
                    row["agency_name"],
                    row["received"],
                    row["replied"],
                    row["due"],
                    row["on_time"],
                    _percent(row["on_time_rate"]),
                    *_satisfaction_cells(row["satisfaction"]),
                ]
                for row in agency_performance(period)
            ],
        )
    )
    return tables
