"""办件统计: per item and per agency over a period — received, accepted, completed, on-time rates
against the promised and the statutory limit, 提速率, the average working days from 受理 to 办结,
and open applications past their limit.

The period selects applications by 接件 date (Beijing time). "On time" is the clock's own verdict
when it stopped at the decision (行政许可法第四十二条; 特别程序 time not counted, Art. 45), counted
over the completed applications that carried that clock. Working days come from the one calendar
(行政许可法第八十二条), never from weekday arithmetic. Everything is scoped by agency through the
permission chokepoint. 好差评 is not part of these figures yet.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from yiwang.core.calendar import selectors as calendar_selectors
from yiwang.core.calendar.models import Clock
from yiwang.core.calendar.workcalendar import UnknownCalendarYear, work_calendar
from yiwang.core.permissions import access

from ..models import Application, ServiceItem

VIEW_VERB = "servicehall.view"
KINDS = ("statutory", "promised")


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def bounds(self) -> tuple[datetime, datetime]:
        zone = timezone.get_current_timezone()
        low = datetime.combine(self.start, time.min, tzinfo=zone)
        high = datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone)
        return low, high


@dataclass
class Figures:
    """One row of the tables (an item or an agency, or the whole scope)."""

    label: str
    code: str = ""
    agency: str = ""
    received: int = 0
    accepted: int = 0
    completed: int = 0
    promised_due: int = 0  # completed applications that carried a promised clock
    promised_met: int = 0
    statutory_due: int = 0
    statutory_met: int = 0
    overdue_promised: int = 0  # open, past the promised limit now
    overdue_statutory: int = 0
    statutory_days_sum: int = 0  # the catalogue's limits (提速率)
    promised_days_sum: int = 0
    working_days: list[int] = field(default_factory=list)
    unknown_calendar: int = 0  # completed applications whose working days the calendar cannot count

    @property
    def promised_rate(self) -> float | None:
        return self.promised_met / self.promised_due if self.promised_due else None

    @property
    def statutory_rate(self) -> float | None:
        return self.statutory_met / self.statutory_due if self.statutory_due else None

    @property
    def speedup_rate(self) -> float | None:
        """提速率 = (法定 − 承诺) ÷ 法定, from the catalogue's limits."""
        if not self.statutory_days_sum:
            return None
        return (self.statutory_days_sum - self.promised_days_sum) / self.statutory_days_sum

    @property
    def average_working_days(self) -> float | None:
        return sum(self.working_days) / len(self.working_days) if self.working_days else None


@dataclass(frozen=True)
class Report:
    period: Period
    total: Figures
    items: list[Figures]
    agencies: list[Figures]


def _local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _speedup(figures: Figures, item: ServiceItem) -> None:
    if item.statutory_days and item.promised_days is not None:
        figures.statutory_days_sum += item.statutory_days
        figures.promised_days_sum += item.promised_days


def _count(figures: Iterable[Figures], application: Application, clocks: dict[str, Clock], now: datetime) -> None:
    days: int | None = None
    unknown = False
    if application.completed_at and application.accepted_at:
        try:
            days = work_calendar.working_days_between(
                _local_date(application.accepted_at), _local_date(application.completed_at)
            )
        except UnknownCalendarYear:
            unknown = True
    for row in figures:
        row.received += 1
        row.accepted += application.accepted_at is not None
        if application.status == Application.Status.COMPLETED:
            row.completed += 1
            for kind in KINDS:
                clock = clocks.get(kind)
                if clock is not None and clock.state in (Clock.State.MET, Clock.State.LATE):
                    setattr(row, f"{kind}_due", getattr(row, f"{kind}_due") + 1)
                    setattr(row, f"{kind}_met", getattr(row, f"{kind}_met") + (clock.state == Clock.State.MET))
            if days is not None:
                row.working_days.append(days)
            row.unknown_calendar += unknown
        elif application.is_open:
            for kind in KINDS:
                clock = clocks.get(kind)
                if clock is not None and clock.state == Clock.State.RUNNING and clock.due_at and clock.due_at <= now:
                    setattr(row, f"overdue_{kind}", getattr(row, f"overdue_{kind}") + 1)


def build_report(user: Any, period: Period, *, now: datetime | None = None) -> Report:
    """The figures of the applications received in `period` in the agencies where `user` may view 办件."""
    now = now or timezone.now()
    low, high = period.bounds()
    applications = list(
        access.filter_permitted(
            user,
            VIEW_VERB,
            Application.objects.select_related("item", "agency").filter(received_at__gte=low, received_at__lt=high),
            agency_field="agency",
        ).order_by("received_at", "pk")
    )
    clocks: dict[int, dict[str, Clock]] = defaultdict(dict)
    for clock in calendar_selectors.list_clocks_for_objects(Application, [a.pk for a in applications], kinds=KINDS):
        clocks[clock.object_id][clock.kind] = clock  # oldest first: the newest of each kind stays
    total = Figures(label="合计")
    items: dict[int, Figures] = {}
    agencies: dict[int, Figures] = {}
    for application in applications:
        item = application.item
        item_row = items.get(item.pk)
        if item_row is None:
            item_row = items[item.pk] = Figures(label=item.name, code=item.code, agency=application.agency.full_name)
            _speedup(item_row, item)
            agency_row = agencies.get(application.agency_id)
            if agency_row is None:
                agency_row = agencies[application.agency_id] = Figures(label=application.agency.full_name)
            _speedup(agency_row, item)
            _speedup(total, item)
        agency_row = agencies[application.agency_id]
        _count((total, item_row, agency_row), application, clocks.get(application.pk, {}), now)
    return Report(
        period=period,
        total=total,
        items=sorted(items.values(), key=lambda row: (row.agency, row.code)),
        agencies=sorted(agencies.values(), key=lambda row: row.label),
    )


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _days(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


HEADER = [
    "接件量",
    "受理量",
    "办结量",
    "承诺时限内办结",
    "承诺时限按时率",
    "法定时限内办结",
    "法定时限按时率",
    "提速率",
    "受理至办结平均工作日",
    "超承诺时限未办结",
    "超法定时限未办结",
]


def row_values(row: Figures) -> list[Any]:
    return [
        row.received,
        row.accepted,
        row.completed,
        f"{row.promised_met}/{row.promised_due}",
        _percent(row.promised_rate),
        f"{row.statutory_met}/{row.statutory_due}",
        _percent(row.statutory_rate),
        _percent(row.speedup_rate),
        _days(row.average_working_days),
        row.overdue_promised,
        row.overdue_statutory,
    ]


def export_tables(report: Report) -> list[tuple[str, list[str], list[list[Any]]]]:
    """(sheet name, header, rows) for the CSV and XLSX exports."""
    items = [[row.agency, row.code, row.label, *row_values(row)] for row in report.items]
    agencies = [[row.label, *row_values(row)] for row in report.agencies]
    agencies.append([report.total.label, *row_values(report.total)])
    return [
        ("按事项", ["实施机关", "事项编码", "事项名称", *HEADER], items),
        ("按实施机关", ["实施机关", *HEADER], agencies),
    ]


def chart_data(report: Report) -> dict[str, Any]:
    """Per agency: received, accepted and completed (bars) — the data the page's ECharts draws."""
    return {
        "categories": [row.label for row in report.agencies],
        "series": [
            {"name": "接件量", "data": [row.received for row in report.agencies]},
            {"name": "受理量", "data": [row.accepted for row in report.agencies]},
            {"name": "办结量", "data": [row.completed for row in report.agencies]},
        ],
    }


percent = _percent
days = _days
