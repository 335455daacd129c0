from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from yiwang.core.jobs import services
from yiwang.core.jobs.models import JobRun
from yiwang.core.jobs.periodic import periodic, registered_jobs, slot_for, unregister

CALLS: list[str] = []


@pytest.fixture
def counting_job() -> Iterator[str]:
    CALLS.clear()

    @periodic(name="tests.count", every=timedelta(minutes=5))
    def count() -> None:
        """数一次。"""
        CALLS.append("count")

    yield "tests.count"
    unregister("tests.count")


@pytest.fixture
def only(counting_job: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Schedule only the test job, so the real housekeeping jobs don't run in these tests."""
    jobs = {counting_job: registered_jobs()[counting_job]}
    monkeypatch.setattr(services, "registered_jobs", lambda: jobs)
    return counting_job


def test_the_slot_is_the_period_number_since_the_epoch() -> None:
    every = timedelta(minutes=5)
    assert slot_for(every, datetime(1970, 1, 1, 0, 4, 59, tzinfo=UTC)) == 0
    assert slot_for(every, datetime(1970, 1, 1, 0, 5, tzinfo=UTC)) == 1


def test_core_housekeeping_jobs_are_registered() -> None:
    assert {
        "jobs.prune_runs",
        "notifications.retry_deliveries",
        "files.purge_unattached",
        "files.purge_orphan_blobs",
    } <= set(registered_jobs())


@pytest.mark.django_db
def test_a_due_job_runs_once_per_slot(only: str) -> None:
    now = datetime(2026, 3, 2, 1, 2, tzinfo=UTC)
    assert [r.name for r in services.enqueue_due_jobs(now=now)] == [only]
    assert services.enqueue_due_jobs(now=now + timedelta(minutes=1)) == []  # same slot
    assert CALLS == ["count"]
    services.enqueue_due_jobs(now=now + timedelta(minutes=5))  # next slot
    assert CALLS == ["count", "count"]
    runs = list(JobRun.objects.order_by("slot").values_list("status", "scheduled_for"))
    assert runs == [
        ("success", datetime(2026, 3, 2, 1, 0, tzinfo=UTC)),
        ("success", datetime(2026, 3, 2, 1, 5, tzinfo=UTC)),
    ]


@pytest.mark.django_db
def test_a_slot_claimed_by_another_scheduler_is_not_enqueued_again(only: str) -> None:
    now = datetime(2026, 3, 2, 1, 2, tzinfo=UTC)
    job = registered_jobs()[only]
    JobRun.objects.create(name=only, slot=job.slot_at(now), scheduled_for=job.slot_start(job.slot_at(now)))
    assert services.enqueue_due_jobs(now=now) == []
    assert CALLS == []


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_the_same_moment_run_the_job_once(only: str) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's shared in-memory test database cannot take two writers from two threads")
    now = datetime(2026, 3, 2, 1, 2, tzinfo=UTC)
    barrier = threading.Barrier(2)
    claimed: list[int] = []
    errors: list[BaseException] = []

    def scheduler() -> None:
        try:
            barrier.wait()
            claimed.append(len(services.enqueue_due_jobs(now=now)))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(claimed) == [0, 1]
    assert CALLS == ["count"]
    assert JobRun.objects.filter(name=only).count() == 1


@pytest.mark.django_db
def test_a_failing_job_is_recorded_with_its_error(monkeypatch: pytest.MonkeyPatch) -> None:
    @periodic(name="tests.boom", every=timedelta(hours=1))
    def boom() -> None:
        raise RuntimeError("数据源不可用")

    try:
        monkeypatch.setattr(services, "registered_jobs", lambda: {"tests.boom": registered_jobs()["tests.boom"]})
        (run,) = services.enqueue_due_jobs()
        run.refresh_from_db()
        assert run.status == "failed" and "数据源不可用" in run.error
        assert run.started_at is not None and run.finished_at is not None
    finally:
        unregister("tests.boom")


@pytest.mark.django_db
def test_a_run_already_started_is_not_run_again(only: str) -> None:
    (run,) = services.enqueue_due_jobs()
    services.execute_run(run_id=run.pk)
    assert CALLS == ["count"]


@pytest.mark.django_db
def test_run_scheduler_once_enqueues_due_jobs(only: str) -> None:
    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    assert "enqueued 1 job(s): tests.count" in out.getvalue()
    call_command("run_scheduler", "--once", stdout=out)
    assert CALLS == ["count"]


@pytest.mark.django_db
def test_old_runs_are_pruned(only: str) -> None:
    (run,) = services.enqueue_due_jobs()
    JobRun.objects.filter(pk=run.pk).update(enqueued_at=datetime(2020, 1, 1, tzinfo=UTC))
    assert services.prune_runs() == 1


def test_an_offset_moves_a_daily_job_to_two_in_the_morning_beijing_time() -> None:
    def nightly() -> None:
        pass

    try:
        periodic(name="tests.nightly", every=timedelta(days=1), offset=timedelta(hours=18))(nightly)
        job = registered_jobs()["tests.nightly"]
        before = datetime(2026, 3, 2, 17, 59, tzinfo=UTC)  # 01:59 Beijing
        after = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)  # 02:00 Beijing
        assert job.slot_at(after) == job.slot_at(before) + 1
        assert job.slot_start(job.slot_at(after)) == after
    finally:
        unregister("tests.nightly")
