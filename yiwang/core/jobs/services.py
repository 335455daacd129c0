"""Scheduling and running periodic jobs."""

from __future__ import annotations

import logging
import traceback
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

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
