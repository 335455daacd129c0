"""办件统计 (staff, /staff/servicehall/statistics/): per item and per agency over a date range, a
chart of the volumes with the table beside it as its text alternative, and CSV / XLSX exports.
Thin: the range form parses, the selector counts within the user's agencies."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from yiwang.core.permissions import access
from yiwang.core.security.policy import access_policy
from yiwang.core.web import exports

from ..selectors import statistics
from ..selectors.statistics import Period

VIEW_VERB = statistics.VIEW_VERB
MAX_DAYS = 366 * 3


class RangeForm(forms.Form):
    start = forms.DateField(
        label="接件日期自",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "开始日期格式应为 年-月-日，如 2026-10-01。"},
    )
    end = forms.DateField(
        label="至",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "结束日期格式应为 年-月-日，如 2026-10-31。"},
    )

    def clean(self) -> dict:  # type: ignore[type-arg]
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError("开始日期不能晚于结束日期。")
        if start and end and (end - start).days > MAX_DAYS:
            raise forms.ValidationError("统计期间最长三年，请缩短日期范围。")
        return data

    def period(self) -> Period:
        """The chosen range; missing or bad values fall back to this year up to today."""
        today = timezone.localdate()
        default = Period(start=date(today.year, 1, 1), end=today)
        if not self.is_valid():
            return default
        return Period(start=self.cleaned_data.get("start") or default.start, end=self.cleaned_data.get("end") or today)


def _report(request: HttpRequest) -> tuple[RangeForm, statistics.Report]:
    if not access.can(request.user, VIEW_VERB):
        raise PermissionDenied
    form = RangeForm(request.GET or None)
    return form, statistics.build_report(request.user, form.period())


@access_policy(verb=VIEW_VERB)
@require_GET
def statistics_page(request: HttpRequest) -> HttpResponse:
    form, report = _report(request)
    context = {
        "form": form,
        "report": report,
        "chart": statistics.chart_data(report),
        "query": request.GET.urlencode(),
        "header": statistics.HEADER,
        "item_rows": [(row, statistics.row_values(row)) for row in report.items],
        "agency_rows": [(row, statistics.row_values(row)) for row in report.agencies],
        "total_values": statistics.row_values(report.total),
    }
    return render(request, "servicehall/staff/statistics/page.html", context)


def _filename(period: Period, extension: str) -> str:
    return f"servicehall-statistics-{period.start.isoformat()}-{period.end.isoformat()}.{extension}"


@access_policy(verb=VIEW_VERB)
@require_GET
def statistics_csv(request: HttpRequest) -> HttpResponse:
    """The tables as CSV (UTF-8 with a BOM, so spreadsheet programs read the Chinese)."""
    _form, report = _report(request)
    return exports.csv_response(statistics.export_tables(report), filename=_filename(report.period, "csv"))


@access_policy(verb=VIEW_VERB)
@require_GET
def statistics_xlsx(request: HttpRequest) -> HttpResponse:
    """The tables as an Excel workbook, one sheet per table."""
    _form, report = _report(request)
    return exports.xlsx_response(statistics.export_tables(report), filename=_filename(report.period, "xlsx"))
