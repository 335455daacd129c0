"""Reads of the archive (归档): the archive list with its filters, one record and the exports."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from .. import permissions
from ..models import ArchiveExport, ArchiveRecord

PAGE_SIZE = 50


def _visible(user: Any) -> QuerySet[ArchiveRecord]:
    """Archived 件 of the agencies the user works for in 公文 (the 立档单位 keeps the original)."""
    records = ArchiveRecord.objects.all()
    ids = permissions.visible_agency_ids(user)
    if ids is None:
        return records
    return records.filter(agency_id__in=sorted(ids)) if ids else records.none()


def list_archive(
    user: Any, *, year: int | None = None, retention: str = "", query: str = ""
) -> QuerySet[ArchiveRecord]:
    """The archive list, newest year first, then 永久 → 10年 and by 件号 (paginate with CappedPaginator)."""
    from ..services.archiving import RETENTION_ORDER

    records = _visible(user).select_related("document", "agency")
    if year:
        records = records.filter(year=year)
    if retention:
        records = records.filter(retention=retention)
    query = (query or "").strip()
    if query:
        records = records.filter(
            Q(archive_code__icontains=query)
            | Q(document__title__icontains=query)
            | Q(document__doc_number__icontains=query)
        )
    return records.annotate(retention_rank=RETENTION_ORDER).order_by("-year", "agency_id", "retention_rank", "serial")


def get_record(user: Any, record_id: int) -> ArchiveRecord:
    record = _visible(user).select_related("document", "agency", "package").filter(pk=record_id).first()
    if record is None:
        raise Http404("归档文件不存在或无权查看。")
    return record


def list_exports(user: Any, *, limit: int = 20) -> list[ArchiveExport]:
    ids = permissions.archiving_agency_ids(user)
    exports = ArchiveExport.objects.select_related("agency", "requested_by", "file")
    if ids is not None:
        exports = exports.filter(agency_id__in=sorted(ids))
    return list(exports.order_by("-requested_at", "-id")[:limit])


def get_export(user: Any, export_id: int) -> ArchiveExport:
    ids = permissions.archiving_agency_ids(user)
    exports = ArchiveExport.objects.select_related("agency", "file").filter(pk=export_id)
    if ids is not None:
        exports = exports.filter(agency_id__in=sorted(ids))
    export = exports.first()
    if export is None:
        raise Http404("导出记录不存在或无权查看。")
    return export
