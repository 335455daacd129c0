"""Staff screen 工作日历: a year of months (working days, rest days, 调休), the overrides and the
year's loading status. Every staff member may look; changes need `core.manage_calendar`."""

from __future__ import annotations

import calendar as pycalendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from yiwang.core.security.policy import access_policy
from yiwang.core.web.http import client_ip

from . import selectors, services
from .forms import OverrideForm, YearForm
from .models import CalendarOverride
from .permissions import can_manage_calendar
from .workcalendar import DayInfo, work_calendar

WEEKDAYS = [
    ("一", "星期一"),
    ("二", "星期二"),
    ("三", "星期三"),
    ("四", "星期四"),
    ("五", "星期五"),
    ("六", "星期六"),
    ("日", "星期日"),
]


@dataclass(frozen=True)
class Month:
    number: int
    weeks: list[list[DayInfo | None]]


def _require_manager(request: HttpRequest) -> None:
    if not can_manage_calendar(request.user):
        raise PermissionDenied("您无权维护工作日历。（You may not edit the working-day calendar.）")


def _months(year: int) -> list[Month]:
    days = {info.day: info for info in work_calendar.describe_year(year)}
    months = []
    for number in range(1, 13):
        weeks = [
            [days[d] if d.month == number else None for d in week]
            for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, number)
        ]
        months.append(Month(number=number, weeks=weeks))
    return months


def _year_of(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _year_page(
    request: HttpRequest,
    year: int,
    *,
    override_form: OverrideForm | None = None,
    year_form: YearForm | None = None,
    status: int = 200,
) -> HttpResponse:
    year_status = selectors.get_year_status(year)
    loaded = year_status.loaded
    context: dict[str, Any] = {
        "year": year,
        "status": year_status,
        "years": selectors.list_years(),
        "months": _months(year),
        "weekdays": WEEKDAYS,
        "overrides": selectors.list_overrides(year=year),
        "can_manage": can_manage_calendar(request.user),
        "override_form": override_form or OverrideForm(initial={"day": date(year, 1, 1), "is_workday": "0"}),
        "year_form": year_form
        or YearForm(initial={"year": year, "source": loaded.source if loaded else "", "complete": True}),
    }
    return render(request, "calendar/staff/year.html", context, status=status)


@access_policy(audience="staff", note="全体工作人员可查看；编辑需 core.manage_calendar")
def year_view(request: HttpRequest) -> HttpResponse:
    return _year_page(request, _year_of(request))


def _year_url(year: int) -> str:
    return f"{reverse('calendar_staff:year')}?year={year}"


@access_policy(verb="core.manage_calendar", methods=("GET", "POST"))
@require_http_methods(["GET", "POST"])
def override_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_manager(request)
    instance = get_object_or_404(CalendarOverride, pk=pk) if pk is not None else None
    if request.method == "POST":
        form = OverrideForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                row = services.set_override(
                    day=data["day"],
                    is_workday=data["is_workday"],
                    name=data["name"],
                    source=data["source"],
                    reason=data["reason"],
                    actor=request.user,  # type: ignore[arg-type]
                    ip=client_ip(request),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"已保存 {row}。")
                return HttpResponseRedirect(_year_url(row.day.year))
        return render(request, "calendar/staff/override_form.html", {"form": form, "instance": instance}, status=400)
    initial: dict[str, Any]
    if instance is not None:
        initial = {
            "day": instance.day,
            "is_workday": "1" if instance.is_workday else "0",
            "name": instance.name,
            "source": instance.source,
            "reason": instance.reason,
        }
    else:
        initial = {"day": request.GET.get("day") or None, "is_workday": "0"}
    return render(
        request, "calendar/staff/override_form.html", {"form": OverrideForm(initial=initial), "instance": instance}
    )


@access_policy(verb="core.manage_calendar", methods=("GET", "POST"))
@require_http_methods(["GET", "POST"])
def override_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    override = get_object_or_404(CalendarOverride, pk=pk)
    if request.method == "POST":
        year = override.day.year
        label = str(override)
        services.delete_override(override=override, actor=request.user, ip=client_ip(request))  # type: ignore[arg-type]
        messages.success(request, f"已删除 {label}。")
        return HttpResponseRedirect(_year_url(year))
    return render(request, "calendar/staff/override_delete.html", {"override": override})


@access_policy(verb="core.manage_calendar", methods=("POST",))
@require_POST
def year_mark(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = YearForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            row = services.mark_year_loaded(
                year=data["year"],
                source=data["source"],
                complete=data["complete"],
                actor=request.user,  # type: ignore[arg-type]
                ip=client_ip(request),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            verb = "已标记为已录入" if row.complete else "已撤回录入标记"
            messages.success(request, f"{row.year}年{verb}，未办结的时限将自动重新计算。")
            return HttpResponseRedirect(_year_url(row.year))
    year = form.cleaned_data.get("year") if hasattr(form, "cleaned_data") else None
    return _year_page(request, year or _year_of(request), year_form=form, status=400)
