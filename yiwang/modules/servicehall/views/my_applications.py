"""我的办件 — a signed-in citizen's or enterprise's applications at /services/my/: the list (newest
first, twenty a page) and each application's page (status, timeline, clocks, materials, notices as
PDF, and what to do next). Only the owner sees an application; anyone else gets 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from yiwang.core.security.policy import access_policy

from .. import notices as notice_documents
from ..selectors import progress as selectors

PAGE_SIZE = 20


@access_policy(audience="authenticated")
@login_required
@never_cache
@require_GET
def my_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.list_my_applications(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "servicehall/my/list.html", {"page": page})


def _own(request: HttpRequest, application_id: int):  # type: ignore[no-untyped-def]
    application = selectors.get_my_application(user=request.user, application_id=application_id)
    if application is None:
        raise Http404("办件不存在")
    return application


@access_policy(audience="authenticated")
@login_required
@never_cache
@require_GET
def my_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _own(request, application_id)
    context = {
        "application": application,
        "timeline": selectors.timeline(application),
        "clocks": selectors.clock_rows(application),
        "materials": selectors.material_rows(application),
        "notices": list(selectors.list_notices(application)),
        "next_steps": selectors.next_steps(application),
    }
    return render(request, "servicehall/my/detail.html", context)


@access_policy(audience="authenticated")
@login_required
@never_cache
@require_GET
def my_notice_pdf(request: HttpRequest, application_id: int, notice_id: int) -> HttpResponse:
    """A notice or receipt of one's own application, as PDF."""
    application = _own(request, application_id)
    notice = selectors.get_my_notice(application=application, notice_id=notice_id)
    if notice is None:
        raise Http404("文书不存在")
    response = HttpResponse(notice_documents.render_pdf(notice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{notice_documents.filename(notice)}"'
    return response
