"""Reads: clocks held by objects, clocks due soon or overdue, calendar managers, year status."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from yiwang.core.accounts.models import User
from yiwang.core.orgs.models import Membership, Role

from .models import CalendarOverride, CalendarYear, Clock
from .permissions import MANAGE_CALENDAR, can_manage_calendar
from .workcalendar import LIBRARY_FIRST_YEAR, LIBRARY_LAST_YEAR, UnknownCalendarYear, library_covers, work_calendar


def _holder_filter(obj: models.Model) -> dict[str, Any]:
    return {"content_type": ContentType.objects.get_for_model(obj), "object_id": obj.pk}


def get_clock_for(obj: models.Model, *, kind: str = "main") -> Clock | None:
    """The newest clock of `kind` held by `obj` (None if it has none)."""
    return Clock.objects.filter(**_holder_filter(obj), kind=kind).order_by("-created_at", "-pk").first()


def list_clocks_for(obj: models.Model) -> QuerySet[Clock]:
    return Clock.objects.filter(**_holder_filter(obj)).order_by("created_at", "pk")


def list_clocks_for_objects(
    model: type[models.Model], object_ids: Iterable[int], *, kinds: Iterable[str] | None = None
) -> QuerySet[Clock]:
    """The clocks held by many objects of one model in one query (lists and statistics), oldest
    first — so a dict built from them keeps the newest clock of each (object, kind)."""
    qs = Clock.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=list(object_ids))
    if kinds is not None:
        qs = qs.filter(kind__in=list(kinds))
    return qs.order_by("created_at", "pk")


def _scoped(qs: QuerySet[Clock], *, agency_ids: Iterable[int] | None, responsible: User | None) -> QuerySet[Clock]:
    if agency_ids is not None:
        qs = qs.filter(responsible_agency_id__in=list(agency_ids))
    if responsible is not None:
        qs = qs.filter(responsible=responsible)
    return qs


def list_due_soon(
    *,
    now: datetime | None = None,
    agency_ids: Iterable[int] | None = None,
    responsible: User | None = None,
    limit: int = 100,
) -> QuerySet[Clock]:
    """即将到期 — running clocks inside their reminder window, not yet overdue; soonest first."""
    now = now or timezone.now()
    qs = Clock.objects.filter(state=Clock.State.RUNNING, remind_at__lte=now, due_at__gt=now)
    qs = _scoped(qs, agency_ids=agency_ids, responsible=responsible)
    return qs.select_related("content_type", "responsible", "responsible_agency").order_by("due_at", "pk")[:limit]


def list_overdue(
    *,
    now: datetime | None = None,
    agency_ids: Iterable[int] | None = None,
    responsible: User | None = None,
    limit: int = 100,
) -> QuerySet[Clock]:
    """逾期 — running clocks past their due moment; most overdue first."""
    now = now or timezone.now()
    qs = Clock.objects.filter(state=Clock.State.RUNNING, due_at__lte=now)
    qs = _scoped(qs, agency_ids=agency_ids, responsible=responsible)
    return qs.select_related("content_type", "responsible", "responsible_agency").order_by("due_at", "pk")[:limit]


def list_provisional(*, limit: int = 100) -> QuerySet[Clock]:
    """Clocks whose due date waits for a year's calendar."""
    return Clock.objects.filter(provisional=True).order_by("unknown_year", "pk")[:limit]


def list_calendar_managers() -> list[User]:
    """Active staff who hold `core.manage_calendar` (the chokepoint `can()` decides)."""
    role_ids = [role.pk for role in Role.objects.only("pk", "verbs") if MANAGE_CALENDAR in (role.verbs or [])]
    holder_ids = Membership.objects.filter(role_id__in=role_ids).values("user_id")
    candidates = User.objects.filter(is_active=True).filter(
        models.Q(pk__in=holder_ids) | models.Q(admin_role=User.AdminRole.SYSTEM) | models.Q(is_superuser=True)
    )
    return [user for user in candidates.order_by("pk") if can_manage_calendar(user)]


def list_responsible_users(clock: Clock, *, leaders: bool = False) -> list[User]:
    """Who hears about a clock: its responsible user; without one, the responsible agency's
    staff. `leaders=True` (escalation, 督办) adds the agency's leaders."""
    users: dict[int, User] = {}
    if clock.responsible is not None and clock.responsible.is_active:
        users[clock.responsible.pk] = clock.responsible
    if clock.responsible_agency_id is not None and (leaders or not users):
        memberships = Membership.objects.filter(agency_id=clock.responsible_agency_id, user__is_active=True)
        if users:
            memberships = memberships.filter(is_leader=True)
        for membership in memberships.select_related("user"):
            users.setdefault(membership.user_id, membership.user)
    return list(users.values())


@dataclass(frozen=True)
class YearStatus:
    year: int
    in_library: bool
    loaded: CalendarYear | None
    override_count: int

    @property
    def known(self) -> bool:
        return self.in_library or (self.loaded is not None and self.loaded.complete)

    @property
    def label(self) -> str:
        if self.in_library:
            return "已内置（chinesecalendar）"
        if self.known:
            return "已由管理员录入"
        return "未录入"


def get_year_status(year: int) -> YearStatus:
    return YearStatus(
        year=year,
        in_library=library_covers(year),
        loaded=CalendarYear.objects.filter(year=year).select_related("loaded_by").first(),
        override_count=CalendarOverride.objects.filter(day__year=year).count(),
    )


def list_overrides(*, year: int) -> QuerySet[CalendarOverride]:
    return CalendarOverride.objects.filter(day__year=year).select_related("created_by").order_by("day")


def list_years() -> list[int]:
    """Years the screen offers: the library's range, loaded years and the next year."""
    loaded = set(CalendarYear.objects.values_list("year", flat=True))
    this_year = timezone.localdate().year
    return sorted({*range(LIBRARY_FIRST_YEAR, LIBRARY_LAST_YEAR + 1), *loaded, this_year, this_year + 1})


def remaining_units(clock: Clock, *, now: datetime | None = None) -> int | None:
    """剩余期限 in the clock's unit: working days (or days) after today up to the due date, or
    whole hours left. Negative when overdue; None when the due date is not known (provisional)."""
    if clock.due_at is None:
        return None
    now = now or timezone.now()
    if clock.unit == Clock.Unit.HOURS:
        return int((clock.due_at - now).total_seconds() // 3600)
    assert clock.due_date is not None
    today = timezone.localtime(now).date()
    if clock.unit == Clock.Unit.WORKING_DAYS:
        try:
            return work_calendar.working_days_between(today, clock.due_date)
        except UnknownCalendarYear:
            return None
    return (clock.due_date - today).days
