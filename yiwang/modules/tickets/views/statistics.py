"""办理统计: the staff page (charts with a data table beside each, CSV and XLSX export) and the
public summary (aggregate figures only). Thin: the period form parses, selectors count."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from yiwang.core.permissions import access
from yiwang.core.security.policy import access_policy
from yiwang.core.web import exports

from ..forms.statistics import PeriodForm
from ..selectors import statistics
from ..selectors.statistics import Period

STATISTICS_VERB = "tickets.statistics"


def _period(request: HttpRequest) -> tuple[PeriodForm, Period]:
    if not access.can(request.user, STATISTICS_VERB):
        raise PermissionDenied
    form = PeriodForm(request.GET or None)
    return form, form.period()


def _chart(intake: dict[str, Any]) -> dict[str, Any]:
    return {
        "months": [month.strftime("%Y-%m") for month in intake["months"]],
        "series": [{"name": str(s["label"]), "data": s["counts"]} for s in intake["series"]],
    }


@access_policy(verb="tickets.statistics")
@require_GET
def staff_statistics(request: HttpRequest) -> HttpResponse:
    """办理统计: intake per month by channel, category and agency; 按时办结率 per agency."""
    form, period = _period(request)
    groupings = []
    for by, title, heading in (
        ("channel", "按渠道", "渠道"),
        ("category", "按分类（一级）", "分类"),
        ("agency", "按主办单位", "主办单位"),
    ):
        intake = statistics.monthly_intake(period, by=by)
        groupings.append(
            {
                "by": by,
                "title": title,
                "heading": heading,
                "intake": intake,
                "chart": _chart(intake),
                "chart_id": f"chart-data-{by}",
            }
        )
    context = {
        "form": form,
        "period": period,
        "totals": statistics.totals(period),
        "groupings": groupings,
        "agencies": statistics.agency_performance(period),
        "min_sample": statistics.min_sample(),
        "query": request.GET.urlencode(),
    }
    return render(request, "tickets/staff/statistics/page.html", context)


def _filename(period: Period, extension: str) -> str:
    return f"tickets-statistics-{period.start.isoformat()}-{period.end.isoformat()}.{extension}"


@access_policy(verb="tickets.statistics")
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    """The statistics as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese)."""
    _form, period = _period(request)
    return exports.csv_response(statistics.export_tables(period), filename=_filename(period, "csv"))


@access_policy(verb="tickets.statistics")
@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """The statistics as an Excel workbook, one sheet per table."""
    _form, period = _period(request)
    return exports.xlsx_response(statistics.export_tables(period), filename=_filename(period, "xlsx"))


@access_policy(audience="public")
@cache_control(public=True, max_age=600)
@require_GET
def public_summary(request: HttpRequest) -> HttpResponse:
    """办理情况 — this month's and this year's figures, aggregates only."""
    today = timezone.localdate()
    month, year = Period.month(today.year, today.month), Period.year(today.year)
    periods = [(f"{today.year}年{today.month}月", month), (f"{today.year}年", year)]
    context = {"today": today, "periods": [(label, statistics.totals(period)) for label, period in periods]}
    return render(request, "tickets/publication/summary.html", context)
