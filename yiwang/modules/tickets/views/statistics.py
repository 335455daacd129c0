"""办理统计: the staff page (charts with a data table beside each, CSV and XLSX export) and the
public summary (aggregate figures only). Thin: the period form parses, selectors count."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from yiwang.core.permissions import access
from yiwang.core.security.policy import access_policy

from ..forms.statistics import PeriodForm
from ..selectors import statistics
from ..selectors.statistics import Period

STATISTICS_VERB = "tickets.statistics"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for name, header, rows in statistics.export_tables(period):
        writer.writerow([name])
        writer.writerow(header)
        writer.writerows(rows)
        writer.writerow([])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(period, "csv")}"'
    return response


@access_policy(verb="tickets.statistics")
@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """The statistics as an Excel workbook, one sheet per table."""
    from openpyxl import Workbook

    _form, period = _period(request)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, header, rows in statistics.export_tables(period):
        sheet = workbook.create_sheet(title=name[:31])
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(period, "xlsx")}"'
    return response


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
