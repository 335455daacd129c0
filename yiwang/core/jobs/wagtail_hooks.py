from __future__ import annotations

from django.http import HttpRequest
from django.urls import URLPattern, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views
from .permissions import can_view_jobs


class JobsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_view_jobs(request.user)


@hooks.register("register_settings_menu_item")
def register_jobs_menu_item() -> MenuItem:
    return JobsMenuItem("定时任务", reverse("jobs_index"), name="jobs", icon_name="time", order=900)


@hooks.register("register_admin_urls")
def register_jobs_urls() -> list[URLPattern]:
    return [
        path("jobs/", views.job_list, name="jobs_index"),
        path("jobs/<str:name>/run/", views.run_now, name="jobs_run_now"),
    ]
