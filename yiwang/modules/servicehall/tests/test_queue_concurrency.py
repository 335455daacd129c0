"""On PostgreSQL, with real threads: kiosks printing at the same moment get gap-free, unique numbers,
and windows calling at the same moment never call the same number."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from yiwang.testing.personas import build_world

from ..models import QueueTicket
from ..services import queue as services
from .queue_support import line, make_hall, window, window_clerk

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def _in_threads(count: int, work: Callable[[int], Any]) -> list[BaseException]:
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        from django.db import connections

        try:
            barrier.wait()
            work(i)
        except BaseException as exc:  # reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_concurrent_kiosks_issue_gap_free_unique_numbers() -> None:
    world = build_world()
    hall = make_hall(world.city_civil_affairs)
    a = line(hall, "A")
    kiosks, each = 8, 10

    def print_numbers(_i: int) -> None:
        for _ in range(each):
            services.take_number(line=a)

    assert _in_threads(kiosks, print_numbers) == []
    numbers = sorted(QueueTicket.objects.filter(line=a).values_list("number", flat=True))
    assert numbers == [f"A{n:03d}" for n in range(1, kiosks * each + 1)]


def test_windows_calling_at_once_never_call_the_same_number() -> None:
    world = build_world()
    hall = make_hall(world.city_civil_affairs)
    for _ in range(20):
        services.take_number(line=line(hall, "A"))
    clerks = [window_clerk(world.city_civil_affairs, f"window_{n}") for n in ("1", "2")]
    windows = [window(hall, n) for n in ("1", "2")]
    for w, clerk in zip(windows, clerks, strict=True):
        services.open_window(window=w, by=clerk)
    called: list[list[str]] = [[], []]

    def serve(i: int) -> None:
        while True:
            try:
                ticket = services.call_next(window=windows[i], by=clerks[i])
            except services.QueueError:
                return
            called[i].append(ticket.number)
            services.start_service(window=windows[i], by=clerks[i])
            services.finish(window=windows[i], by=clerks[i])

    assert _in_threads(2, serve) == []
    together = called[0] + called[1]
    assert sorted(together) == [f"A{n:03d}" for n in range(1, 21)]
    assert len(set(together)) == 20
