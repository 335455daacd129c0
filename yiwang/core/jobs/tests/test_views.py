from __future__ import annotations

from datetime import UTC, datetime

import pytest

from yiwang.core.jobs.models import JobRun
from yiwang.testing.personas import World

pytestmark = pytest.mark.django_db


def test_the_system_admin_sees_jobs_last_runs_and_failures(world: World, login) -> None:
    JobRun.objects.create(
        name="jobs.prune_runs",
        slot=1,
        scheduled_for=datetime(2026, 3, 1, tzinfo=UTC),
        status="failed",
        error="Traceback…\nRuntimeError: 磁盘已满",
    )
    response = login(world.system_admin).get("/staff/jobs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "notifications.retry_deliveries" in html and "jobs.prune_runs" in html
    assert "磁盘已满" in html


@pytest.mark.parametrize("persona", ["city_clerk", "security_admin", "audit_admin"])
def test_other_staff_may_not_see_the_jobs_page(world: World, login, persona: str) -> None:
    response = login(getattr(world, persona)).get("/staff/jobs/")
    # Wagtail answers a PermissionDenied in the workspace with a redirect to the dashboard.
    assert response.status_code == 302 and response["Location"] == "/staff/"


def test_the_system_admin_runs_a_job_now_and_it_is_audited(
    world: World, login, django_capture_on_commit_callbacks
) -> None:
    from yiwang.core.audit.models import AuditEntry

    client = login(world.system_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/staff/jobs/jobs.prune_runs/run/")
    assert response.status_code == 302
    run = JobRun.objects.get(name="jobs.prune_runs")
    assert run.slot < 0 and run.status == "success"
    assert AuditEntry.objects.filter(event="jobs.run_now", actor=world.system_admin).exists()


def test_a_clerk_cannot_run_a_job(world: World, login) -> None:
    login(world.city_clerk).post("/staff/jobs/jobs.prune_runs/run/")
    assert not JobRun.objects.exists()


def test_runs_stuck_in_the_queue_are_flagged(world: World, login) -> None:
    from django.utils import timezone

    run = JobRun.objects.create(name="jobs.prune_runs", slot=5, scheduled_for=timezone.now())
    JobRun.objects.filter(pk=run.pk).update(enqueued_at=datetime(2026, 1, 1, tzinfo=UTC))
    assert "db_worker" in login(world.system_admin).get("/staff/jobs/").content.decode()
