"""WorkCalendar (工作日历): which days are working days, and how periods are counted.

One service for every workflow (domain-rules §11). Data: `chinesecalendar` (the State Council
调休 notices, 2004–2026 in the pinned 1.11.0) with `CalendarOverride` rows winning over it. A
year the library does not cover is known only once an administrator marks it loaded
(`CalendarYear.complete`); for any other year every computation raises `UnknownCalendarYear`
and alerts the calendar managers — it never falls back to Monday–Friday.

Year tables are cached in-process as sets of working days, so `add_working_days(d, 20)` is a few
dozen set lookups. Each process re-reads the data version (`CalendarState`) at most every
`YIWANG_CALENDAR["RECHECK_SECONDS"]` and reloads when an override or year has changed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

import chinese_calendar
from chinese_calendar import constants as cc_constants
from django.conf import settings

from .models import CalendarOverride, CalendarState, CalendarYear

ONE_DAY = timedelta(days=1)

# The library refuses any year outside the range of its holiday table (raises NotImplementedError).
LIBRARY_FIRST_YEAR: int = min(cc_constants.holidays).year
LIBRARY_LAST_YEAR: int = max(cc_constants.holidays).year
_HOLIDAY_CHINESE = {h.value: h.chinese for h in cc_constants.Holiday}


def library_covers(year: int) -> bool:
    return LIBRARY_FIRST_YEAR <= year <= LIBRARY_LAST_YEAR


class UnknownCalendarYear(Exception):
    """未录入年度 — the holidays of `year` are neither in the library nor loaded by an administrator."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"{year}年的节假日安排尚未录入，无法计算期限。请工作日历管理员依据国务院办公厅通知录入{year}年日历后再试。"
            f"（The {year} holiday calendar has not been loaded; the deadline cannot be computed.）"
        )


DayKind = Literal["workday", "weekend", "holiday", "adjusted_workday"]


@dataclass(frozen=True)
class DayInfo:
    """One day as the staff screen shows it."""

    day: date
    is_workday: bool
    kind: DayKind  # workday, weekend (rest), holiday (weekday off), adjusted_workday (调休上班)
    name: str  # holiday name (春节…) or the override's name
    overridden: bool

    @property
    def label(self) -> str:
        return {"workday": "班", "weekend": "休", "holiday": "假", "adjusted_workday": "调班"}[self.kind]


@dataclass
class _Snapshot:
    version: int
    overrides: dict[date, bool]
    loaded_years: frozenset[int]
    years: dict[int, frozenset[date]] = field(default_factory=dict)

    def knows(self, year: int) -> bool:
        return library_covers(year) or year in self.loaded_years

    def workdays(self, year: int) -> frozenset[date] | None:
        days = self.years.get(year)
        if days is None:
            if not self.knows(year):
                return None
            days = frozenset(d for d in _days_of(year) if _is_workday_uncached(d, self.overrides))
            self.years[year] = days
        return days


def _days_of(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=i) for i in range((date(year + 1, 1, 1) - first).days)]


def _is_workday_uncached(day: date, overrides: dict[date, bool]) -> bool:
    if day in overrides:
        return overrides[day]
    if library_covers(day.year):
        return bool(chinese_calendar.is_workday(day))
    # Only reached for a year an administrator marked loaded: its holidays and 调休 days are
    # overrides, every other day follows the ordinary week.
    return day.weekday() < 5


def _recheck_seconds() -> float:
    return float(getattr(settings, "YIWANG_CALENDAR", {}).get("RECHECK_SECONDS", 5.0))


class WorkCalendar:
    """The one working-day calendar. Use the module-level `work_calendar` instance."""

    def __init__(self, *, on_unknown_year: Callable[[int], None] | None = None) -> None:
        self._snapshot: _Snapshot | None = None
        self._checked = 0.0
        self._lock = threading.Lock()
        self._on_unknown_year = on_unknown_year

    # --- data --------------------------------------------------------------------------------
    def invalidate(self) -> None:
        """Drop the in-process tables (called by the services when the data changes)."""
        self._snapshot = None

    def _current(self) -> _Snapshot:
        snapshot = self._snapshot
        now = time.monotonic()
        if snapshot is not None and now - self._checked < _recheck_seconds():
            return snapshot
        version = CalendarState.objects.filter(id=1).values_list("version", flat=True).first() or 0
        if snapshot is None or snapshot.version != version:
            with self._lock:
                # Version first, then data: the data is at least as new as the version it carries.
                snapshot = _Snapshot(
                    version=version,
                    overrides=dict(CalendarOverride.objects.values_list("day", "is_workday")),
                    loaded_years=frozenset(CalendarYear.objects.filter(complete=True).values_list("year", flat=True)),
                )
                self._snapshot = snapshot
        self._checked = now
        return snapshot

    def _workdays(self, snapshot: _Snapshot, year: int) -> frozenset[date]:
        days = snapshot.workdays(year)
        if days is None:
            if self._on_unknown_year is not None:
                self._on_unknown_year(year)
            raise UnknownCalendarYear(year)
        return days

    # --- questions ---------------------------------------------------------------------------
    def is_known_year(self, year: int) -> bool:
        return self._current().knows(year)

    def is_workday(self, day: date) -> bool:
        """工作日 — 调休 weekend days are working days; statutory holidays and other weekends are not."""
        day = _as_date(day)
        return day in self._workdays(self._current(), day.year)

    def add_working_days(self, start: date, n: int) -> date:
        """The N-th working day after `start` (the start day itself is never counted).

        行政许可法 Art. 82 / 政府信息公开条例: periods in 工作日 exclude statutory holidays; 调休
        weekend days count. n = 0 returns `start`; a negative n counts backwards."""
        day = _as_date(start)
        if n == 0:
            return day
        snapshot = self._current()
        step = ONE_DAY if n > 0 else -ONE_DAY
        remaining = abs(n)
        year = day.year
        workdays = self._workdays(snapshot, year)
        while remaining:
            day += step
            if day.year != year:
                year = day.year
                workdays = self._workdays(snapshot, year)
            if day in workdays:
                remaining -= 1
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b] — so `working_days_between(d, add_working_days(d, n)) == n`.
        Negative when b is before a."""
        a, b = _as_date(a), _as_date(b)
        if b < a:
            return -self.working_days_between(b, a)
        snapshot = self._current()
        count = 0
        for year in range(a.year, b.year + 1):
            workdays = self._workdays(snapshot, year)
            low = a if year == a.year else date(year, 1, 1) - ONE_DAY
            high = b if year == b.year else date(year, 12, 31)
            count += sum(1 for d in workdays if low < d <= high)
        return count

    def next_workday_on_or_after(self, day: date) -> date:
        day = _as_date(day)
        while not self.is_workday(day):
            day += ONE_DAY
        return day

    def add_calendar_days(self, start: date, n: int) -> date:
        """A period of N days (日): 民法典 Art. 201 — the start day is not counted; Art. 203 — a
        period whose last day is a statutory rest day ends on the first working day after it."""
        if n < 0:
            raise ValueError("期限天数不能为负数。")
        return self.next_workday_on_or_after(_as_date(start) + timedelta(days=n))

    @staticmethod
    def add_hours(start: datetime, n: int | float) -> datetime:
        """Hour clocks are wall-clock (emergency reports): no calendar adjustment."""
        return start + timedelta(hours=n)

    def describe_year(self, year: int) -> list[DayInfo]:
        """Every day of `year` for the staff screen. For a year not yet known the ordinary week and
        the overrides entered so far are shown (the screen says the year is not loaded)."""
        rows = {o.day: o for o in CalendarOverride.objects.filter(day__year=year)}
        overrides = {day: row.is_workday for day, row in rows.items()}
        result = []
        for day in _days_of(year):
            overridden = day in rows
            weekend = day.weekday() >= 5
            name = ""
            if overridden and rows[day].name:
                name = rows[day].name
            elif library_covers(year):
                _, english = chinese_calendar.get_holiday_detail(day)
                name = _HOLIDAY_CHINESE.get(english, english or "")
            workday = _is_workday_uncached(day, overrides)
            if workday:
                kind: DayKind = "adjusted_workday" if weekend else "workday"
            else:
                kind = "weekend" if weekend and not name else "holiday"
            result.append(DayInfo(day=day, is_workday=workday, kind=kind, name=name, overridden=overridden))
        return result


def _as_date(value: date) -> date:
    # A datetime is a date subclass; counting is by the local calendar day.
    if isinstance(value, datetime):
        from django.utils import timezone

        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _alert(year: int) -> None:
    from .services import alert_unknown_year

    alert_unknown_year(year=year)


work_calendar = WorkCalendar(on_unknown_year=_alert)

# Module-level shortcuts: `from yiwang.core.calendar.workcalendar import add_working_days`.
is_workday = work_calendar.is_workday
is_known_year = work_calendar.is_known_year
add_working_days = work_calendar.add_working_days
add_calendar_days = work_calendar.add_calendar_days
working_days_between = work_calendar.working_days_between
add_hours = WorkCalendar.add_hours
