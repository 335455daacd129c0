"""办理统计: monthly intake by channel, category and agency in 伊春 time, 按时办结率, agencies with
small samples not ranked, CSV and XLSX export, and the public summary with aggregates only."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client, override_settings
from openpyxl import load_workbook

from yiwang.core.orgs.models import Agency, Role
from yiwang.modules.tickets.models import Category, Ticket
from yiwang.modules.tickets.selectors import statistics
from yiwang.modules.tickets.selectors.statistics import Period
from yiwang.testing.personas import World

from .factories import submit

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 20, 4, 0, tzinfo=UTC)
SOURCE = "mine"  # 我的诉求


def _ticket(
    *,
    at: datetime,
    channel: str = Ticket.Channel.MAYOR_MAILBOX,
    agency: Agency | None = None,
    category: Category | None = None,
    due_in: timedelta | None = None,
    replied_after: timedelta | None = None,
) -> Ticket:
    ticket = submit(channel=channel, **({"category": category} if category else {}))
    values: dict[str, Any] = {"created_at": at, "agency": agency}
    if due_in is not None:
        values["due_at"] = at + due_in
    if replied_after is not None:
        values.update(status=Ticket.Status.REPLIED, replied_at=at + replied_after)
    elif agency is not None:
        values["status"] = Ticket.Status.HANDLING
    Ticket.objects.filter(pk=ticket.pk).update(**values)
    return ticket


@pytest.fixture
def dataset(world: World) -> World:
    """Five tickets in January–February 2026 around the month boundary in 伊春 time."""
    civil, jiayin = world.city_civil_affairs, world.jiayin_civil_affairs
    roads = Category.objects.create(code="X1", name="公共交通")
    bus = Category.objects.create(code="X101", name="公交线路", parent=roads)
    days = timedelta(days=1)
    # 2026-01-31 23:59 in 伊春 (15:59 UTC): January. Replied on time.
    _ticket(at=datetime(2026, 1, 31, 15, 59, tzinfo=UTC), agency=civil, due_in=5 * days, replied_after=2 * days)
    # 2026-02-01 00:30 in 伊春 (still 31 January in UTC): February. Replied late.
    _ticket(at=datetime(2026, 1, 31, 16, 30, tzinfo=UTC), agency=civil, due_in=5 * days, replied_after=7 * days)
    # February, 12345, open and past due: due but not on time.
    _ticket(
        at=datetime(2026, 2, 10, 2, 0, tzinfo=UTC), channel=Ticket.Channel.HOTLINE_12345, agency=jiayin, due_in=5 * days
    )
    # February, 12345, category 公交线路 (top level 公共交通), open and not yet due.
    _ticket(
        at=datetime(2026, 2, 27, 2, 0, tzinfo=UTC),
        channel=Ticket.Channel.HOTLINE_12345,
        category=bus,
        agency=jiayin,
        due_in=60 * days,
    )
    # Not dispatched yet.
    _ticket(at=datetime(2026, 2, 28, 2, 0, tzinfo=UTC))
    return world


def test_monthly_intake_counts_each_ticket_in_its_month_in_yichun_time(dataset: World) -> None:
    intake = statistics.monthly_intake(Period(date(2026, 1, 1), date(2026, 2, 28)), by="channel")
    assert intake["months"] == [date(2026, 1, 1), date(2026, 2, 1)]
    by_label = {s["label"]: s["counts"] for s in intake["series"]}
    assert by_label == {"市长信箱": [1, 2], "12345热线": [0, 2]}


def test_monthly_intake_by_category_counts_the_top_level_category(dataset: World) -> None:
    intake = statistics.monthly_intake(Period.year(2026), by="category")
    by_label = {s["label"]: s["total"] for s in intake["series"]}
    assert by_label == {"城乡建设": 4, "公共交通": 1}
    assert len(intake["months"]) == 12


def test_monthly_intake_by_agency_shows_undispatched_tickets_apart(dataset: World) -> None:
    intake = statistics.monthly_intake(Period.month(2026, 2), by="agency")
    by_label = {s["label"]: s["counts"] for s in intake["series"]}
    assert by_label == {"伊春市民政局": [1], "嘉荫县民政局": [2], "待派单": [1]}


def test_a_month_ends_at_midnight_in_yichun(dataset: World) -> None:
    assert statistics.totals(Period.month(2026, 1), now=NOW)["received"] == 1
    assert statistics.totals(Period.month(2026, 2), now=NOW)["received"] == 4


def test_the_on_time_rate_counts_replies_by_their_due_date_over_tickets_due(dataset: World) -> None:
    figures = statistics.totals(Period.year(2026), now=NOW)
    assert (figures["received"], figures["replied"], figures["due"], figures["on_time"]) == (5, 2, 3, 1)
    assert figures["on_time_rate"] == pytest.approx(1 / 3)


def test_agencies_with_too_few_tickets_are_listed_with_counts_but_not_ranked(dataset: World) -> None:
    with override_settings(YIWANG_TICKETS={"STATISTICS_MIN_SAMPLE": 2}):
        rows = statistics.agency_performance(Period.year(2026), now=NOW)
    assert [(r["agency_name"], r["received"], r["on_time"], r["due"], r["rank"]) for r in rows] == [
        ("伊春市民政局", 2, 1, 2, 1),
        ("嘉荫县民政局", 2, 0, 1, 2),
    ]
    with override_settings(YIWANG_TICKETS={"STATISTICS_MIN_SAMPLE": 3}):
        rows = statistics.agency_performance(Period.year(2026), now=NOW)
    assert [r["rank"] for r in rows] == [None, None]


def test_the_intake_figures_are_grouped_in_the_database(dataset: World, django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(1):
        statistics.monthly_intake(Period.year(2026), by="category")
    with django_assert_max_num_queries(3):  # the intake figures, and the ratings' two (selectors.rating)
        statistics.agency_performance(Period.year(2026))


@pytest.fixture
def analyst(dataset: World) -> World:
    role = Role.objects.get(code="dispatcher")
    role.verbs = [*role.verbs, "tickets.statistics"]
    role.save(update_fields=["verbs"])
    return dataset


def test_the_statistics_page_shows_a_table_beside_every_chart(analyst: World, login: Callable[[Any], Client]) -> None:
    response = login(analyst.dispatcher).get("/staff/tickets/statistics/", {"year": 2026})
    html = response.content.decode()
    assert response.status_code == 200
    for by in ("channel", "category", "agency"):
        assert f'data-chart="chart-data-{by}"' in html and f'id="chart-data-{by}"' in html
        assert f'data-testid="intake-{by}"' in html
    assert "12345热线" in html and "公共交通" in html and "vendor/echarts/echarts.min.js" in html


def test_the_statistics_page_needs_the_statistics_verb(analyst: World, login: Callable[[Any], Client]) -> None:
    response = login(analyst.city_clerk).get("/staff/tickets/statistics/")
    assert response.status_code in (302, 403)
    assert "诉求办理统计" not in response.content.decode()


def test_the_csv_export_parses_back_to_the_figures(analyst: World, login: Callable[[Any], Client]) -> None:
    response = login(analyst.dispatcher).get("/staff/tickets/statistics/export.csv", {"year": 2026, "month": 2})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    channel_header = rows.index(["按渠道"]) + 1
    assert rows[channel_header] == ["渠道", "2026-02", "合计"]
    assert ["12345热线", "2", "2"] in rows and ["市长信箱", "2", "2"] in rows
    assert rows[rows.index(["总体"]) + 2][1:3] == ["4", "1"]


def test_the_xlsx_export_has_one_sheet_per_table(analyst: World, login: Callable[[Any], Client]) -> None:
    response = login(analyst.dispatcher).get("/staff/tickets/statistics/export.xlsx", {"year": 2026})
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["总体", "按渠道", "按分类", "按主办单位", "单位办理情况"]
    channel = [list(row) for row in workbook["按渠道"].iter_rows(values_only=True)]
    assert channel[0][:3] == ["渠道", "2026-01", "2026-02"]
    assert channel[1][:3] == ["市长信箱", 1, 2]
    assert workbook["总体"]["B2"].value == 5


def test_the_public_summary_shows_aggregates_only(world: World) -> None:
    ticket = submit(wants_public=True)
    response = Client().get("/hudong/tickets/statistics/")
    html = response.content.decode()
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    assert "受理诉求" in html and "按时办结率" in html and "满意率" in html
    assert ticket.title not in html and "张伟" not in html and ticket.query_code not in html


def _rate(ticket: Ticket, *, round: int, level: str, at: datetime) -> None:
    from yiwang.modules.tickets.models import Rating

    Rating.objects.create(
        ticket=ticket, round=round, agency=ticket.agency, reply="答复", level=level, source=SOURCE, rated_at=at
    )


def test_satisfaction_and_rectification_come_with_the_figures_and_per_agency(
    dataset: World, analyst: World, login: Callable[[Any], Client]
) -> None:
    first, second = Ticket.objects.filter(agency__isnull=False).order_by("created_at")[:2]
    county = Ticket.objects.filter(agency=dataset.jiayin_civil_affairs).first()
    assert county is not None
    february = datetime(2026, 2, 15, 2, 0, tzinfo=UTC)
    _rate(first, round=1, level="dissatisfied", at=february)
    _rate(first, round=2, level="satisfied", at=february + timedelta(days=3))  # the 差评 rectified
    _rate(second, round=1, level="very_dissatisfied", at=february)
    _rate(county, round=1, level="satisfied", at=february)
    satisfaction = statistics.totals(Period.year(2026), now=NOW)["satisfaction"]
    assert (satisfaction["rated"], satisfaction["satisfied"], satisfaction["dissatisfied"]) == (4, 2, 2)
    assert satisfaction["rectified"] == 1 and satisfaction["rectification_rate"] == pytest.approx(0.5)
    rows = {r["agency_name"]: r["satisfaction"] for r in statistics.agency_performance(Period.year(2026), now=NOW)}
    assert rows["伊春市民政局"]["rated"] == 3 and rows["嘉荫县民政局"]["satisfaction_rate"] == 1
    html = login(analyst.dispatcher).get("/staff/tickets/statistics/", {"year": 2026}).content.decode()
    assert "50.0%（2 / 4 件评价）" in html and "50.0%（1 / 2 件差评）" in html


@pytest.mark.parametrize("path", ["/staff/tickets/statistics/export.csv", "/staff/tickets/statistics/export.xlsx"])
def test_the_exports_need_the_statistics_verb(analyst: World, login: Callable[[Any], Client], path: str) -> None:
    response = login(analyst.city_clerk).get(path, {"year": 2026})
    assert response.status_code in (302, 403)
    assert "attachment" not in response.get("Content-Disposition", "")
