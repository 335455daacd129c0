"""办件统计 on a known data set: 市民政局's item (法定 20, 承诺 10 working days) with applications
accepted before and after 国庆 2026 — the working-day average counts the 国庆 holiday out and the
调休 Saturday (10 October) in; the on-time rates follow the clocks' verdicts; the figures are scoped
to the user's agencies; the CSV and XLSX exports carry the same figures."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from django.test import Client

from yiwang.modules.servicehall.models import Application, ServiceItem
from yiwang.modules.servicehall.selectors import statistics
from yiwang.modules.servicehall.selectors.statistics import Period
from yiwang.modules.servicehall.services import applications as services

from .applications_support import Hall, at, hall_fixture, submit  # noqa: F401

pytestmark = pytest.mark.django_db

PAGE = "/staff/servicehall/statistics/"
RANGE = {"start": "2026-09-01", "end": "2026-10-31"}
NOW = at(2026, 10, 23, 12)


def _at(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    monkeypatch.setattr(services, "_now", lambda: moment)


def _completed(hall: Hall, monkeypatch: pytest.MonkeyPatch, accepted: datetime, decided: datetime) -> Application:
    world = hall.world
    _at(monkeypatch, accepted)
    application = submit(hall)
    services.accept_application(application=application, actor=hall.window)
    for opinion in ("材料真实", "复核通过"):
        services.complete_review_step(application=application, actor=world.city_clerk, opinion=opinion)
    _at(monkeypatch, decided)
    services.decide(application=application, actor=world.leader, granted=True)
    services.complete_delivery(application=application, actor=hall.window)
    return Application.objects.get(pk=application.pk)


@pytest.fixture
def data(hall: Hall, monkeypatch: pytest.MonkeyPatch) -> Hall:
    # Accepted 29 Sep, 办结 12 Oct: 30 Sep, 8, 9, 10 (调休), 12 Oct = 5 working days; within both limits.
    _completed(hall, monkeypatch, at(2026, 9, 29), at(2026, 10, 12))
    # Accepted 8 Oct, 办结 22 Oct = 11 working days; the promise (10, due 21 Oct) missed, the statute kept.
    _completed(hall, monkeypatch, at(2026, 10, 8), at(2026, 10, 22))
    # Accepted 8 Oct and still 审查中 on 23 Oct: past the promised limit, within the statutory one.
    _at(monkeypatch, at(2026, 10, 8, 11))
    services.accept_application(application=submit(hall), actor=hall.window)
    # Received, not yet accepted.
    _at(monkeypatch, at(2026, 10, 20))
    submit(hall)
    # Outside the period.
    _at(monkeypatch, at(2026, 11, 2))
    submit(hall)
    # Another agency's item: not in 市民政局 staff's figures.
    other = ServiceItem.objects.create(
        code="11230722MB0000000Y-002",
        name="嘉荫县高龄津贴申领",
        item_type=ServiceItem.ItemType.PUBLIC_SERVICE,
        agency=hall.world.jiayin_civil_affairs,
        statutory_days=15,
        promised_days=5,
        status=ServiceItem.Status.PUBLISHED,
        for_person=True,
    )
    _at(monkeypatch, at(2026, 10, 9))
    services.submit_application(
        item=other,
        applicant=hall.world.citizen,
        applicant_kind=Application.ApplicantKind.PERSON,
        applicant_name="张伟",
        form_data={"name": "张伟"},
        form_version=1,
        uploads={},
    )
    return hall


def test_the_figures_of_an_agency_over_a_period_across_the_national_day_holiday(data: Hall) -> None:
    report = statistics.build_report(data.window, Period(date(2026, 9, 1), date(2026, 10, 31)), now=NOW)
    assert [row.label for row in report.agencies] == ["伊春市民政局"]
    row = report.agencies[0]
    assert (row.received, row.accepted, row.completed) == (4, 3, 2)
    assert (row.promised_met, row.promised_due, row.statutory_met, row.statutory_due) == (1, 2, 2, 2)
    assert row.promised_rate == 0.5 and row.statutory_rate == 1.0
    assert row.speedup_rate == 0.5  # (20 − 10) ÷ 20
    # 5 and 11 working days; Monday-to-Friday counting would say 9 and 10.
    assert sorted(row.working_days) == [5, 11] and row.average_working_days == 8.0
    assert (row.overdue_promised, row.overdue_statutory) == (1, 0)
    [item] = report.items
    assert item.code == data.item.code and item.received == 4 and item.speedup_rate == 0.5


def test_each_agencys_staff_see_only_their_own_agencys_figures(data: Hall) -> None:
    report = statistics.build_report(data.world.jiayin_clerk, Period(date(2026, 9, 1), date(2026, 10, 31)), now=NOW)
    assert [(row.label, row.received) for row in report.agencies] == [("嘉荫县民政局", 1)]
    assert [row.label for row in report.items] == ["嘉荫县高龄津贴申领"]
    assert report.total.received == 1 and report.total.speedup_rate == pytest.approx(10 / 15)


def test_the_page_shows_the_table_and_the_chart_data_and_refuses_citizens(
    data: Hall, login: Callable[[Any], Client]
) -> None:
    response = login(data.window).get(PAGE, RANGE)
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="statistics-agencies"' in html
    assert "50.0%" in html and "8.0" in html and "嘉荫县高龄津贴申领" not in html
    assert 'id="chart-data-agencies"' in html and "vendor/echarts/echarts.min.js" in html and "cdn" not in html.lower()
    assert login(data.world.citizen).get(PAGE).status_code in (302, 403)


def test_a_reversed_range_is_refused_in_chinese(data: Hall, login: Callable[[Any], Client]) -> None:
    html = login(data.window).get(PAGE, {"start": "2026-10-31", "end": "2026-09-01"}).content.decode()
    assert "开始日期不能晚于结束日期" in html


def test_the_csv_export_carries_the_figures(data: Hall, login: Callable[[Any], Client]) -> None:
    response = login(data.window).get(f"{PAGE}export.csv", RANGE)
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert response["Content-Type"].startswith("text/csv")
    # The overdue columns count at the moment of export (the selector test fixes that moment).
    figures = ["4", "3", "2", "1/2", "50.0%", "2/2", "100.0%", "50.0%", "8.0"]
    item, agency = [row for row in rows if row and row[0] == "伊春市民政局"]  # 按事项 first, then 按实施机关
    assert item[1:3] == [data.item.code, data.item.name] and item[3:12] == figures
    assert agency[1:10] == figures
    assert ["按事项"] in rows and "嘉荫县民政局" not in text


def test_the_xlsx_export_has_a_sheet_per_table(data: Hall, login: Callable[[Any], Client]) -> None:
    from openpyxl import load_workbook

    response = login(data.window).get(f"{PAGE}export.xlsx", RANGE)
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["按事项", "按实施机关"]
    sheet = workbook["按实施机关"]
    header = [cell.value for cell in sheet[1]]
    agency = [cell.value for cell in sheet[2]]
    assert header[0] == "实施机关" and "提速率" in header and agency[0] == "伊春市民政局"
    assert agency[header.index("受理至办结平均工作日")] == "8.0"
    assert agency[header.index("承诺时限按时率")] == "50.0%"
