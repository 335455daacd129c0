"""定时任务 page in the staff workspace: every periodic job, its last run, and failures."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import selectors
from .permissions import can_view_jobs


def job_list(request: HttpRequest) -> HttpResponse:
    if not can_view_jobs(request.user):
        raise PermissionDenied("只有系统管理员可以查看定时任务。")
    since = timezone.now() - timedelta(days=7)
    return render(
        request,
        "jobs/job_list.html",
        {"statuses": selectors.list_job_statuses(since=since), "failures": selectors.list_recent_failures()},
    )
