"""Reads for the jobs page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Max, Q

from .models import JobRun
from .periodic import PeriodicJob, registered_jobs


@dataclass(frozen=True)
class JobStatus:
    job: PeriodicJob
    last_run: JobRun | None
    failures_7d: int
    last_success_at: datetime | None


def list_job_statuses(*, since: datetime) -> list[JobStatus]:
    """Every registered job with its latest run and recent failure count: three queries in all."""
    jobs = registered_jobs()
    latest_ids = JobRun.objects.values("name").annotate(last_id=Max("id")).values_list("last_id", flat=True)
    latest = {run.name: run for run in JobRun.objects.filter(id__in=list(latest_ids))}
    stats: dict[str, dict[str, Any]] = {
        row["name"]: dict(row)
        for row in JobRun.objects.values("name").annotate(
            failures=Count("id", filter=Q(status=JobRun.Status.FAILED, enqueued_at__gte=since)),
            last_success=Max("finished_at", filter=Q(status=JobRun.Status.SUCCESS)),
        )
    }
    return [
        JobStatus(
            job=job,
            last_run=latest.get(name),
            failures_7d=stats.get(name, {}).get("failures", 0),
            last_success_at=stats.get(name, {}).get("last_success"),
        )
        for name, job in sorted(jobs.items())
    ]


def list_recent_failures(*, limit: int = 20) -> list[JobRun]:
    return list(JobRun.objects.filter(status=JobRun.Status.FAILED).order_by("-enqueued_at")[:limit])
