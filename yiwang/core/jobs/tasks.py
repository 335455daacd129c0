"""Tasks of the jobs app: the runner that executes one claimed periodic slot, and housekeeping."""

from __future__ import annotations

from datetime import timedelta

from django.apps import apps
from django.utils import timezone
from django_tasks import task

from . import services
from .periodic import periodic


@task()
def run_periodic_job(run_id: int) -> str:
    return str(services.execute_run(run_id=run_id).status)


@periodic(name="jobs.prune_runs", every=timedelta(days=1))
def prune_job_runs() -> None:
    """删除 30 天前的定时任务执行记录。"""
    services.prune_runs()


@periodic(name="jobs.prune_task_results", every=timedelta(days=1))
def prune_task_results() -> None:
    """删除 7 天前已结束的后台任务结果 (django_tasks_db)。"""
    if not apps.is_installed("django_tasks_db"):
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.finished().filter(finished_at__lt=timezone.now() - timedelta(days=7)).delete()
