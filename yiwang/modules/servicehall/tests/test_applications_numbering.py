"""办件编号: readable, with a check digit, a configurable prefix, gap-free per year and unique when
many applicants submit at once (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection

from yiwang.modules.servicehall.models import Application, ApplicationNumberCounter
from yiwang.modules.servicehall.services.applications import numbering

from .applications_support import Hall, at, hall_fixture, submit  # noqa: F401


def test_a_number_reads_prefix_year_serial_and_check_digit(settings: object) -> None:
    number = numbering.format_number(2026, 123, prefix_text="YC")
    assert number.startswith("YC2026-0000123-") and numbering.is_well_formed(number)
    settings.YIWANG_SERVICEHALL = {"APPLICATION_NUMBER_PREFIX": "YCBJ"}  # type: ignore[attr-defined]
    assert numbering.format_number(2026, 1).startswith("YCBJ2026-0000001-")


def test_a_mistyped_number_fails_its_check_digit() -> None:
    number = numbering.format_number(2026, 4567, prefix_text="YC")
    serial = number.split("-")[1]
    typo = number.replace(serial, serial[:-1] + str((int(serial[-1]) + 1) % 10))
    swapped = number.replace(serial, serial[:-2] + serial[-1] + serial[-2])
    assert not numbering.is_well_formed(typo)
    assert not numbering.is_well_formed(swapped)
    assert not numbering.is_well_formed("YC2026-123-4")


def test_a_bad_prefix_setting_is_refused(settings: object) -> None:
    settings.YIWANG_SERVICEHALL = {"APPLICATION_NUMBER_PREFIX": "yc-1"}  # type: ignore[attr-defined]
    with pytest.raises(ValueError):
        numbering.prefix()


@pytest.mark.django_db
def test_numbers_run_without_gaps_within_a_year_and_restart_next_year(
    hall: Hall, monkeypatch: pytest.MonkeyPatch
) -> None:
    from yiwang.modules.servicehall.services import applications as services

    monkeypatch.setattr(services, "_now", lambda: at(2026, 12, 30))
    first, second = submit(hall), submit(hall)
    monkeypatch.setattr(services, "_now", lambda: at(2027, 1, 4))
    third = submit(hall)
    serials = [a.number.split("-")[1] for a in (first, second, third)]
    assert serials == ["0000001", "0000002", "0000001"]
    assert third.number.startswith("YC2027-")


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_take_distinct_consecutive_numbers(hall: Hall) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    numbers: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def run() -> None:
        try:
            barrier.wait()
            numbers.append(submit(hall).number)
        except BaseException as exc:
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    serials = sorted(int(number.split("-")[1]) for number in numbers)
    assert serials == list(range(1, 9))
    assert Application.objects.count() == 8
    assert ApplicationNumberCounter.objects.get().last == 8
