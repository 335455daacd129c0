"""定时任务 page in the staff workspace: every periodic job, its last run, and failures."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from yiwang.core.security.policy import access_policy
from yiwang.core.web.http import client_ip

from . import selectors, services
from .permissions import can_view_jobs


@access_policy(verb="core.view_jobs")
def job_list(request: HttpRequest) -> HttpResponse:
    if not can_view_jobs(request.user):
        raise PermissionDenied("只有系统管理员可以查看定时任务。")
    since = timezone.now() - timedelta(days=7)
    return render(
        request,
        "jobs/job_list.html",
        {
            "statuses": selectors.list_job_statuses(since=since),
            "failures": selectors.list_recent_failures(),
            "stuck": services.stuck_runs(),
        },
    )


@access_policy(verb="core.view_jobs", methods=("POST",), kwargs={"name": "no.such.job"})
@require_POST
def run_now(request: HttpRequest, name: str) -> HttpResponse:
    if not can_view_jobs(request.user):
        raise PermissionDenied("只有系统管理员可以执行定时任务。")
    try:
        services.run_now(name=name, user=request.user, ip=client_ip(request))
    except LookupError:
        messages.error(request, f"定时任务 {name} 未注册。")
    else:
        messages.success(request, f"已将 {name} 放入后台队列，稍后刷新查看结果。")
    return redirect("jobs_index")
