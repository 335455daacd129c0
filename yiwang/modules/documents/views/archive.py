"""Staff screens of the archive (归档) under /staff/documents/archive/: the list of archived 件 with
filters and 档号 search, the package download, a year's export and its download; and the exchange
package of a sealed document for recipients off the platform. Every download passes the permission
check and is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from yiwang.core.audit import services as audit
from yiwang.core.orgs.models import Agency
from yiwang.core.security.policy import access_policy
from yiwang.core.web.http import client_ip
from yiwang.core.web.pagination import CappedPaginator

from .. import permissions
from ..forms import ArchiveFilterForm, YearExportForm
from ..models import ArchiveExport
from ..selectors import archive as selectors
from ..selectors import documents as document_selectors
from ..services import archiving, exchange
from ..services.errors import DocumentRefused

EXPORT_PREFIX = "export"  # the export form shares the page with the filters (both have a 年度)


def _require_user(request: HttpRequest) -> None:
    if not permissions.can_use_documents(request.user):
        raise PermissionDenied


def _archiving_agencies(request: HttpRequest) -> Any:
    ids = permissions.archiving_agency_ids(request.user)
    agencies = Agency.objects.filter(is_active=True).order_by("path")
    return agencies if ids is None else agencies.filter(pk__in=sorted(ids))


def _stored_response(stored: Any, filename: str) -> FileResponse:
    try:
        handle = default_storage.open(stored.storage_name, "rb")
    except OSError as exc:
        raise Http404("文件内容已不存在。") from exc
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type="application/zip")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _list_page(request: HttpRequest, *, export_form: YearExportForm | None = None, status: int = 200) -> HttpResponse:
    form = ArchiveFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    page = CappedPaginator(selectors.list_archive(request.user, **filters), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    agencies = _archiving_agencies(request)
    may_export = agencies.exists()
    return render(
        request,
        "documents/staff/archive/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "may_export": may_export,
            "export_form": export_form
            or (YearExportForm(agencies=agencies, prefix=EXPORT_PREFIX) if may_export else None),
            "exports": selectors.list_exports(request.user) if may_export else [],
        },
        status=status,
    )


@access_policy(verb="documents.view")
@require_GET
def archive_list(request: HttpRequest) -> HttpResponse:
    """归档文件: the archived 件 of the user's agencies; filter by 年度 and 保管期限, search 档号 or 题名."""
    _require_user(request)
    return _list_page(request)


@access_policy(verb="documents.view", agency_scoped=True)
@require_GET
def package_download(request: HttpRequest, record_id: int) -> HttpResponseBase:
    """The archive package of one 件 (ZIP)."""
    _require_user(request)
    record = selectors.get_record(request.user, record_id)
    response = _stored_response(record.package, f"{record.archive_code}.zip")
    audit.record(
        event="files.download",
        actor=request.user,
        obj=record.package,
        ip=client_ip(request),
        detail={"archive_code": record.archive_code},
    )
    return response


@access_policy(verb="documents.distribute", methods=("POST",))
@require_POST
def year_export(request: HttpRequest) -> HttpResponse:
    """导出年度归档: queue one ZIP of the year's packages and the 归档文件目录."""
    _require_user(request)
    agencies = _archiving_agencies(request)
    if not agencies.exists():
        raise PermissionDenied
    form = YearExportForm(request.POST, agencies=agencies, prefix=EXPORT_PREFIX)
    if form.is_valid():
        try:
            archiving.request_year_export(
                agency=form.cleaned_data["agency"],
                year=form.cleaned_data["year"],
                by=request.user,
                ip=client_ip(request),
            )
        except DocumentRefused as refused:
            if "year" in refused.errors:
                form.add_error("year", refused.errors["year"])
            else:
                form.add_error(None, refused.message)
        else:
            messages.success(request, "已开始生成年度归档导出，完成后可在下方下载。")
            return HttpResponseRedirect(reverse("documents_staff_archive_list"))
    return _list_page(request, export_form=form, status=400)


@access_policy(verb="documents.distribute", agency_scoped=True)
@require_GET
def export_download(request: HttpRequest, export_id: int) -> HttpResponseBase:
    _require_user(request)
    export = selectors.get_export(request.user, export_id)
    if export.status != ArchiveExport.Status.DONE or export.file is None:
        raise Http404("导出尚未完成。")
    response = _stored_response(export.file, export.file.original_name or f"{export.year}-归档.zip")
    audit.record(
        event="files.download",
        actor=request.user,
        obj=export.file,
        ip=client_ip(request),
        detail={"archive_export": export.pk, "year": export.year},
    )
    return response


@access_policy(verb="documents.distribute", agency_scoped=True)
@require_GET
def exchange_package(request: HttpRequest, document_id: int) -> HttpResponse:
    """交换包: the sealed PDF and its metadata for recipients off the platform (the sender only)."""
    _require_user(request)
    document = document_selectors.get_document(request.user, document_id)
    try:
        package = exchange.export_package(document=document, by=request.user, ip=client_ip(request))
    except DocumentRefused as refused:
        if refused.code == "forbidden":
            raise PermissionDenied from refused
        messages.error(request, refused.message)
        return HttpResponseRedirect(reverse("documents_staff_document", args=[document.pk]))
    response = HttpResponse(package.data, content_type="application/zip")
    response["Content-Disposition"] = _attachment(package.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _attachment(filename: str) -> str:
    from django.utils.http import content_disposition_header

    return str(content_disposition_header(as_attachment=True, filename=filename))
