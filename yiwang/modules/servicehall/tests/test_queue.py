"""The hall's queue services and selectors: numbering per line per day, call order, 过号 and its one
re-queue, the day reset in Asia/Shanghai, the agency scope, the display's content and the statistics."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from yiwang.core.audit.models import AuditEntry
from yiwang.testing.personas import World

from ..models import QueueTicket
from ..selectors import queue as selectors
from ..services import queue as services
from .queue_support import line, make_hall, window, window_clerk

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def hall(world: World) -> Any:
    return make_hall(world.city_civil_affairs)


@pytest.fixture
def clerk(world: World) -> Any:
    return window_clerk(world.city_civil_affairs, "window_wang")


def _at(clerk: Any, hall: Any, number: str) -> Any:
    w = window(hall, number)
    services.open_window(window=w, by=clerk)
    return w


def test_numbers_run_per_line_with_the_line_prefix(hall: Any) -> None:
    numbers = [services.take_number(line=line(hall, p)).number for p in "AABA"]
    assert numbers == ["A001", "A002", "B001", "A003"]


def test_taking_a_number_is_audited_without_the_phone(hall: Any) -> None:
    ticket = services.take_number(line=line(hall, "A"), phone="13800000001")
    entry = AuditEntry.objects.get(event="servicehall.take_number", object_id=str(ticket.pk))
    assert "13800000001" not in str(entry.detail)
    assert entry.detail["sms"] is True


def test_a_phone_that_is_not_a_mobile_number_is_refused_and_no_number_is_issued(hall: Any) -> None:
    with pytest.raises(services.QueueError, match="11 位"):
        services.take_number(line=line(hall, "A"), phone="0458-123")
    assert not QueueTicket.objects.exists()


def test_the_counter_resets_at_midnight_in_shanghai_not_utc(hall: Any, monkeypatch: Any) -> None:
    # 23:30 UTC on 1 March is 07:30 on 2 March in the hall: a new day, so A001 again.
    evening = datetime(2026, 3, 1, 15, 30, tzinfo=ZoneInfo("UTC"))  # 23:30 in Shanghai, 1 March
    next_morning = datetime(2026, 3, 1, 23, 30, tzinfo=ZoneInfo("UTC"))  # 07:30 in Shanghai, 2 March
    monkeypatch.setattr(timezone, "now", lambda: evening)
    first = services.take_number(line=line(hall, "A"))
    second = services.take_number(line=line(hall, "A"))
    monkeypatch.setattr(timezone, "now", lambda: next_morning)
    third = services.take_number(line=line(hall, "A"))
    assert (first.number, first.day) == ("A001", date(2026, 3, 1))
    assert second.number == "A002"
    assert (third.number, third.day) == ("A001", date(2026, 3, 2))


def test_a_window_calls_the_oldest_waiting_number_of_its_lines(hall: Any, clerk: Any) -> None:
    a1 = services.take_number(line=line(hall, "A"))
    b1 = services.take_number(line=line(hall, "B"))
    a2 = services.take_number(line=line(hall, "A"))
    w2 = _at(clerk, hall, "2")  # serves A and B
    order = []
    for _ in range(3):
        order.append(services.call_next(window=w2, by=clerk).number)
        services.start_service(window=w2, by=clerk)
        services.finish(window=w2, by=clerk)
    assert order == [a1.number, b1.number, a2.number]


def test_a_window_does_not_call_numbers_of_lines_it_does_not_serve(hall: Any, clerk: Any) -> None:
    services.take_number(line=line(hall, "B"))
    w1 = _at(clerk, hall, "1")  # serves A only
    with pytest.raises(services.QueueError, match="没有等候"):
        services.call_next(window=w1, by=clerk)


def test_yesterdays_waiting_numbers_are_not_called_today(hall: Any, clerk: Any, monkeypatch: Any) -> None:
    yesterday = timezone.now() - timedelta(days=1)
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: yesterday)
    services.take_number(line=line(hall, "A"))
    monkeypatch.setattr(timezone, "now", real_now)
    w1 = _at(clerk, hall, "1")
    with pytest.raises(services.QueueError, match="没有等候"):
        services.call_next(window=w1, by=clerk)


def test_a_window_must_finish_or_pass_its_number_before_calling_the_next(hall: Any, clerk: Any) -> None:
    services.take_number(line=line(hall, "A"))
    services.take_number(line=line(hall, "A"))
    w1 = _at(clerk, hall, "1")
    services.call_next(window=w1, by=clerk)
    with pytest.raises(services.QueueError, match="尚未办结"):
        services.call_next(window=w1, by=clerk)


def test_recall_announces_the_same_number_again(hall: Any, clerk: Any) -> None:
    services.take_number(line=line(hall, "A"))
    w1 = _at(clerk, hall, "1")
    called = services.call_next(window=w1, by=clerk)
    again = services.recall(window=w1, by=clerk)
    assert again.pk == called.pk and again.call_count == 2
    assert again.called_at == called.called_at


def test_a_no_show_requeues_once_at_the_end_of_the_line(hall: Any, clerk: Any) -> None:
    a1 = services.take_number(line=line(hall, "A"))
    a2 = services.take_number(line=line(hall, "A"))
    w1 = _at(clerk, hall, "1")
    services.call_next(window=w1, by=clerk)
    missed = services.mark_no_show(window=w1, by=clerk)
    assert missed.pk == a1.pk and missed.state == QueueTicket.State.NO_SHOW
    services.requeue(ticket=missed, by=clerk)
    assert [services.call_next(window=w1, by=clerk).pk] == [a2.pk]  # a2 was waiting before the re-queue
    services.mark_no_show(window=w1, by=clerk)
    assert services.call_next(window=w1, by=clerk).pk == a1.pk
    services.mark_no_show(window=w1, by=clerk)
    with pytest.raises(services.QueueError, match="已过号重排过一次"):
        services.requeue(ticket=QueueTicket.objects.get(pk=a1.pk), by=clerk)


def test_only_a_called_number_can_be_passed_and_only_a_started_one_finished(hall: Any, clerk: Any) -> None:
    services.take_number(line=line(hall, "A"))
    w1 = _at(clerk, hall, "1")
    with pytest.raises(services.QueueError):
        services.mark_no_show(window=w1, by=clerk)
    services.call_next(window=w1, by=clerk)
    with pytest.raises(services.QueueError, match="先开始办理"):
        services.finish(window=w1, by=clerk)
    services.start_service(window=w1, by=clerk)
    with pytest.raises(services.QueueError, match="过号"):
        services.mark_no_show(window=w1, by=clerk)
    done = services.finish(window=w1, by=clerk)
    assert done.state == QueueTicket.State.FINISHED and done.finished_at is not None


def test_a_window_clerk_of_another_agency_cannot_call(world: World, hall: Any) -> None:
    services.take_number(line=line(hall, "A"))
    outsider = window_clerk(world.jiayin_civil_affairs, "window_liu")
    with pytest.raises(services.QueueError, match="没有在该大厅叫号的权限"):
        services.open_window(window=window(hall, "1"), by=outsider)
    assert list(selectors.list_callable_halls(outsider)) == []


def test_a_clerk_without_the_window_role_cannot_open_a_window(world: World, hall: Any) -> None:
    with pytest.raises(services.QueueError):
        services.open_window(window=window(hall, "1"), by=world.city_clerk)


def test_only_the_clerk_signed_in_at_a_window_calls_from_it(world: World, hall: Any, clerk: Any) -> None:
    colleague = window_clerk(world.city_civil_affairs, "window_zhao")
    w1 = _at(clerk, hall, "1")
    services.take_number(line=line(hall, "A"))
    with pytest.raises(services.QueueError, match="签到"):
        services.call_next(window=w1, by=colleague)
    with pytest.raises(services.QueueError, match="其他工作人员"):
        services.open_window(window=w1, by=colleague)


def test_people_ahead_counts_the_waiting_before_the_number(hall: Any, clerk: Any) -> None:
    tickets = [services.take_number(line=line(hall, "A")) for _ in range(3)]
    services.take_number(line=line(hall, "B"))
    assert [selectors.people_ahead(t) for t in tickets] == [0, 1, 2]
    services.call_next(window=_at(clerk, hall, "1"), by=clerk)
    assert selectors.people_ahead(QueueTicket.objects.get(pk=tickets[2].pk)) == 1
    assert selectors.people_ahead(QueueTicket.objects.get(pk=tickets[0].pk)) is None


def test_the_display_shows_numbers_and_windows_and_no_personal_data(world: World, hall: Any, clerk: Any) -> None:
    services.take_number(line=line(hall, "A"), phone="13912345678")
    services.take_number(line=line(hall, "A"))
    services.call_next(window=_at(clerk, hall, "1"), by=clerk)
    board = selectors.display_board(hall)
    assert board["current"] == [{"number": "A001", "line": "综合受理", "window": "1", "state": "called", "calls": 1}]
    assert [c["number"] for c in board["latest"]] == ["A001"]
    assert {line["prefix"]: line["waiting"] for line in board["lines"]} == {"A": 1, "B": 0}
    text = str(board)
    assert "13912345678" not in text and clerk.display_name not in text and clerk.username not in text


def test_calling_texts_those_whose_turn_is_near_once(hall: Any, clerk: Any, monkeypatch: Any) -> None:
    sent: list[tuple[str, str]] = []
    monkeypatch.setattr(
        services.notifications, "send_sms", lambda *, phone, template, context, obj: sent.append((phone, obj.number))
    )
    for i in range(6):
        services.take_number(line=line(hall, "A"), phone=f"1380000000{i}")
    w1 = _at(clerk, hall, "1")
    services.call_next(window=w1, by=clerk)  # A001 called; A002–A005 have ≤ 3 ahead
    assert [n for _, n in sent] == ["A002", "A003", "A004", "A005"]
    services.mark_no_show(window=w1, by=clerk)
    services.call_next(window=w1, by=clerk)
    assert [n for _, n in sent] == ["A002", "A003", "A004", "A005", "A006"]


def _ticket(hall: Any, prefix: str, *, issued: datetime, called: int | None, finished: int | None, state: str) -> None:
    t = services.take_number(line=line(hall, prefix))
    QueueTicket.objects.filter(pk=t.pk).update(
        day=issued.astimezone(SHANGHAI).date(),
        issued_at=issued,
        called_at=issued + timedelta(minutes=called) if called is not None else None,
        finished_at=issued + timedelta(minutes=called + finished) if called is not None and finished else None,
        state=state,
    )


def test_statistics_per_day_and_line_on_known_data(hall: Any) -> None:
    morning = datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
    # Line A on 2 March: waits of 5, 10, 15, 20 minutes and one never called; handling 10, 20, 30.
    for called, finished in ((5, 10), (10, 20), (15, 30)):
        _ticket(hall, "A", issued=morning, called=called, finished=finished, state="finished")
    _ticket(hall, "A", issued=morning, called=20, finished=None, state="no_show")
    _ticket(hall, "A", issued=morning, called=None, finished=None, state="waiting")
    _ticket(hall, "B", issued=morning + timedelta(days=1), called=2, finished=4, state="finished")
    rows = selectors.daily_statistics(hall, start=date(2026, 3, 1), end=date(2026, 3, 3))
    assert [(r.day, r.line, r.issued, r.served, r.no_shows) for r in rows] == [
        (date(2026, 3, 2), "综合受理", 5, 3, 1),
        (date(2026, 3, 3), "不动产登记", 1, 1, 0),
    ]
    a = rows[0]
    assert a.wait_avg == pytest.approx(12.5 * 60)
    assert a.wait_p90 == 20 * 60  # nearest rank: the 4th of 4 values
    assert a.handling_avg == pytest.approx(20 * 60)
    assert a.handling_p90 == 30 * 60
    assert selectors.minutes(a.wait_avg) == "12.5"
    assert selectors.minutes(None) == "—"


def test_the_demo_hall_has_its_lines_and_windows_and_loads_once(world: World) -> None:
    hall = services.load_demo_hall(agency=world.city_government)
    assert services.load_demo_hall().pk == hall.pk
    assert [ln.prefix + ln.name for ln in hall.lines.all()] == [
        "A综合受理",
        "B不动产登记",
        "C社保医保",
        "D公安服务",
        "E税务",
    ]
    assert hall.windows.count() == 7
