"""HTTP: the kiosk, the ticket and status pages, the display and its fragment, the window screen and
the statistics with their CSV — each with its refusal."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache

from yiwang.testing.personas import World

from ..models import QueueTicket
from ..services import queue as services
from .queue_support import line, make_hall, window, window_clerk

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall(world: World) -> Any:
    cache.clear()
    return make_hall(world.city_civil_affairs)


@pytest.fixture
def clerk(world: World) -> Any:
    return window_clerk(world.city_civil_affairs, "window_wang")


def test_the_kiosk_shows_each_line_with_the_people_waiting(client: Any, hall: Any) -> None:
    services.take_number(line=line(hall, "B"))
    response = client.get(f"/services/hall/{hall.pk}/kiosk/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "综合受理" in html and "不动产登记" in html
    assert re.search(r'data-testid="kiosk-line-B".*?前面等候 1 人', html, re.S)


def test_taking_a_number_prints_a_ticket_with_a_qr_code_to_its_status_page(client: Any, hall: Any) -> None:
    response = client.post(f"/services/hall/{hall.pk}/kiosk/", {"line": line(hall, "A").pk, "phone": ""})
    ticket = QueueTicket.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/kiosk/ticket/{ticket.token}/")
    page = client.get(response["Location"]).content.decode()
    assert "A001" in page and "<svg" in page and f"/services/hall/ticket/{ticket.token}/" in page
    status = client.get(f"/services/hall/ticket/{ticket.token}/").content.decode()
    assert "前面还有 <strong>0</strong> 人" in status


def test_a_bad_phone_number_is_refused_with_the_input_kept(client: Any, hall: Any) -> None:
    response = client.post(f"/services/hall/{hall.pk}/kiosk/", {"line": line(hall, "A").pk, "phone": "12345"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'data-testid="error-summary"' in html and 'href="#id_phone"' in html
    assert 'value="12345"' in html and 'aria-invalid="true"' in html
    assert not QueueTicket.objects.exists()


def test_a_line_of_another_hall_cannot_be_taken_at_this_kiosk(client: Any, world: World, hall: Any) -> None:
    other = make_hall(world.jiayin_civil_affairs, name="嘉荫县政务服务中心")
    response = client.post(f"/services/hall/{hall.pk}/kiosk/", {"line": line(other, "A").pk})
    assert response.status_code == 400 and not QueueTicket.objects.exists()


def test_an_unknown_ticket_token_is_not_found(client: Any, hall: Any) -> None:
    assert client.get("/services/hall/ticket/not-a-token/").status_code == 404


def test_the_display_shows_the_call_and_its_fragment_answers_204_when_unchanged(
    client: Any, hall: Any, clerk: Any, django_capture_on_commit_callbacks: Any
) -> None:
    services.take_number(line=line(hall, "A"), phone="13912345678")
    w1 = window(hall, "1")
    services.open_window(window=w1, by=clerk)
    services.call_next(window=w1, by=clerk)
    html = client.get(f"/services/hall/{hall.pk}/display/").content.decode()
    assert 'aria-live="polite"' in html and "A001" in html
    assert "13912345678" not in html and clerk.display_name not in html
    version = re.search(r"display/live/\?v=(\w+)", html).group(1)  # type: ignore[union-attr]
    assert client.get(f"/services/hall/{hall.pk}/display/live/?v={version}").status_code == 204
    with django_capture_on_commit_callbacks(execute=True):  # the write drops the cached fragment
        services.recall(window=w1, by=clerk)
    fresh = client.get(f"/services/hall/{hall.pk}/display/live/?v={version}")
    assert fresh.status_code == 200 and "A001" in fresh.content.decode()


def test_the_window_screen_calls_starts_and_finishes(login: Any, hall: Any, clerk: Any) -> None:
    services.take_number(line=line(hall, "A"))
    client = login(clerk)
    w1 = window(hall, "1")
    url = f"/staff/servicehall/hall/window/{w1.pk}/act/"
    assert "在本窗口签到开窗" in client.get(f"/staff/servicehall/hall/window/{w1.pk}/").content.decode()
    for action in ("open", "call", "start", "finish"):
        assert client.post(url, {"action": action}).status_code == 302
    assert QueueTicket.objects.get().state == QueueTicket.State.FINISHED
    page = client.post(url, {"action": "call"}, follow=True).content.decode()
    assert "当前没有等候的号码。" in page


def test_a_window_clerk_of_another_agency_cannot_open_the_window(login: Any, world: World, hall: Any) -> None:
    services.take_number(line=line(hall, "A"))
    client = login(window_clerk(world.jiayin_civil_affairs, "window_liu"))
    w1 = window(hall, "1")
    assert client.get(f"/staff/servicehall/hall/window/{w1.pk}/").status_code == 404
    assert client.post(f"/staff/servicehall/hall/window/{w1.pk}/act/", {"action": "open"}).status_code == 404
    assert "测试政务服务中心" not in client.get("/staff/servicehall/hall/").content.decode()


def test_staff_without_the_window_role_are_refused_the_hall_list(login: Any, world: World, hall: Any) -> None:
    # The workspace answers a refusal with 403, or a redirect to its home page with a message.
    assert login(world.city_clerk).get("/staff/servicehall/hall/").status_code in (302, 403)


def test_the_statistics_page_and_csv_count_the_day(login: Any, world: World, hall: Any, clerk: Any) -> None:
    services.take_number(line=line(hall, "A"))
    w1 = window(hall, "1")
    services.open_window(window=w1, by=clerk)
    services.call_next(window=w1, by=clerk)
    services.start_service(window=w1, by=clerk)
    services.finish(window=w1, by=clerk)
    client = login(clerk)
    page = client.get(f"/staff/servicehall/hall/{hall.pk}/statistics/").content.decode()
    assert 'data-testid="statistics-row"' in page and "综合受理" in page
    csv = client.get(f"/staff/servicehall/hall/{hall.pk}/statistics.csv").content.decode("utf-8-sig")
    header, row = csv.strip().splitlines()
    assert header.startswith("日期,业务类型,取号数,办结数,过号数")
    assert row.split(",")[1:5] == ["综合受理", "1", "1", "0"]
    outsider = login(window_clerk(world.jiayin_civil_affairs, "window_liu"))
    assert outsider.get(f"/staff/servicehall/hall/{hall.pk}/statistics/").status_code in (302, 403)


def test_a_statistics_period_ending_before_it_starts_is_refused_with_the_input_kept(
    login: Any, hall: Any, clerk: Any
) -> None:
    page = (
        login(clerk)
        .get(f"/staff/servicehall/hall/{hall.pk}/statistics/?start=2026-03-05&end=2026-03-01")
        .content.decode()
    )
    assert "结束日期不能早于开始日期。" in page and 'value="2026-03-05"' in page


def test_a_kiosk_address_over_the_limit_gets_429_with_the_form_and_no_number(
    client: Any, hall: Any, settings: Any
) -> None:
    settings.RATELIMIT_ENABLE = True
    settings.YIWANG_RATE_LIMITS = {"servicehall.take_number": "2/m"}
    for _ in range(2):
        assert client.post(f"/services/hall/{hall.pk}/kiosk/", {"line": line(hall, "A").pk}).status_code == 302
    response = client.post(f"/services/hall/{hall.pk}/kiosk/", {"line": line(hall, "A").pk, "phone": "13800000000"})
    assert response.status_code == 429
    assert "操作过于频繁" in response.content.decode() and 'value="13800000000"' in response.content.decode()
    assert QueueTicket.objects.count() == 2
