"""Scheduling and running periodic jobs."""

from __future__ import annotations

import logging
import traceback
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from yiwang.core.audit import services as audit

from .models import JobRun
from .periodic import registered_jobs

logger = logging.getLogger("yiwang.jobs")


def enqueue_due_jobs(*, now: datetime | None = None) -> list[JobRun]:
    """Claim the current slot of every registered job not yet claimed and enqueue it.

    Safe to call from several scheduler processes at once: the unique (name, slot) insert decides
    which one enqueues. Returns the runs this call claimed.
    """
    from .tasks import run_periodic_job

    now = now or timezone.now()
    claimed: list[JobRun] = []
    for job in registered_jobs().values():
        slot = job.slot_at(now)
        try:
            with transaction.atomic():
                run = JobRun.objects.create(name=job.name, slot=slot, scheduled_for=job.slot_start(slot))
        except IntegrityError:
            continue  # another scheduler (or an earlier tick) took this slot
        run_periodic_job.enqueue(run_id=run.pk)
        claimed.append(run)
    return claimed


def execute_run(*, run_id: int) -> JobRun:
    """Run the job of one claimed slot and record the outcome. A run already started is not rerun."""
    started = timezone.now()
    updated = JobRun.objects.filter(pk=run_id, status=JobRun.Status.QUEUED).update(
        status=JobRun.Status.RUNNING, started_at=started
    )
    run = JobRun.objects.get(pk=run_id)
    if not updated:
        return run
    job = registered_jobs().get(run.name)
    try:
        if job is None:
            raise LookupError(f"定时任务 {run.name!r} 未注册 (job no longer registered)")
        job.func()
    except Exception:
        run.status = JobRun.Status.FAILED
        run.error = traceback.format_exc()[-4000:]
        logger.exception("periodic job %s failed", run.name)
    else:
        run.status = JobRun.Status.SUCCESS
        logger.info("periodic job %s finished", run.name)
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])
    return run


def prune_runs(*, older_than: timedelta = timedelta(days=30)) -> int:
    deleted, _ = JobRun.objects.filter(enqueued_at__lt=timezone.now() - older_than).delete()
    return deleted


def run_now(*, name: str, user: Any, ip: str | None = None) -> JobRun:
    """Run a periodic job once outside its schedule (立即执行), e.g. after fixing a failure.

    Manual runs take a negative slot (minus the current time in ms), so they never collide with —
    or take the place of — a scheduled slot.
    """
    from .tasks import run_periodic_job

    if name not in registered_jobs():
        raise LookupError(f"定时任务 {name!r} 未注册")
    now = timezone.now()
    with transaction.atomic():
        run = JobRun.objects.create(name=name, slot=-int(now.timestamp() * 1000), scheduled_for=now)
        audit.record(event="jobs.run_now", actor=user, obj=run, ip=ip, detail={"job": name})
        transaction.on_commit(lambda: run_periodic_job.enqueue(run_id=run.pk))
    return run


def stuck_runs(*, now: datetime | None = None) -> list[JobRun]:
    """Runs queued for over 10 minutes (is a worker running?) or running for over 2 hours."""
    now = now or timezone.now()
    return list(
        JobRun.objects.filter(
            Q(status=JobRun.Status.QUEUED, enqueued_at__lt=now - timedelta(minutes=10))
            | Q(status=JobRun.Status.RUNNING, started_at__lt=now - timedelta(hours=2))
        ).order_by("enqueued_at")[:50]
    )
