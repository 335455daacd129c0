"""归档 by 件 (DA/T 22-2015, 国家档案局令第8号): the 档号, the archive package and a year's export.

The package of one 件 is a ZIP, members in a fixed order with a fixed timestamp (the same document
gives the same bytes): `公文.pdf` (the sealed PDF), `发文稿纸.pdf`, `metadata.json` (the 18 elements,
档号, 保管期限, issuers, recipients with their 分发 and 签收 times, file hashes; Chinese keys),
`流程记录.json` (the workflow log) and `manifest.sha256` (`sha256sum -c` format).

Configurable (settings, with defaults): `DOCUMENTS_ARCHIVE_CODE_FORMAT` (档号),
`DOCUMENTS_ARCHIVE_FONDS_DEFAULT` (全宗号 of an agency without an `ArchiveFonds` row) and
`DOCUMENTS_ARCHIVE_MAX_BYTES` (the largest package or export stored).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import zipfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django_tasks import task

from yiwang.core.audit import services as audit
from yiwang.core.files import services as files
from yiwang.core.orgs.models import Agency
from yiwang.core.workflow import selectors as workflow_selectors

from .. import permissions
from ..models import ArchiveExport, ArchiveFonds, ArchiveRecord, ArchiveSerialCounter, Document, Retention
from ..selectors import documents as selectors
from .errors import DocumentRefused

PURPOSE = "documents.archive"  # registered in apps.py: ZIP only
CODE_FORMAT_DEFAULT = "{fonds}-{year}-{retention}-{serial:04d}"
FONDS_DEFAULT = "Z{agency_id:03d}"
MAX_BYTES_DEFAULT = 4 * 1024 * 1024 * 1024
RETENTION_REQUIRED = "请选择保管期限（永久、定期30年或定期10年）。"
CATALOGUE_NAME = "归档文件目录.csv"
CATALOGUE_COLUMNS = ("序号", "档号", "发文字号", "责任者", "题名", "日期", "页数", "保管期限")
# 永久, then 定期30年, then 定期10年 (the 归档文件目录's order).
RETENTION_ORDER = Case(
    *(When(retention=code, then=Value(rank)) for rank, code in enumerate(Retention.values)),
    default=Value(9),
    output_field=IntegerField(),
)
MEMBERS = ("公文.pdf", "发文稿纸.pdf", "metadata.json", "流程记录.json", "manifest.sha256")


def max_bytes() -> int:
    return int(getattr(settings, "DOCUMENTS_ARCHIVE_MAX_BYTES", MAX_BYTES_DEFAULT))


def register_archive_purpose() -> None:
    from yiwang.core.files.purposes import register_purpose

    register_purpose(PURPOSE, allowed_types={"application/zip"}, max_bytes=max_bytes(), label="归档数据包")


def fonds_for(agency: Agency) -> str:
    """全宗号: the agency's own, else the configured default pattern (`{agency_id}` available)."""
    row = ArchiveFonds.objects.filter(agency=agency).first()
    if row is not None:
        return row.code
    return str(getattr(settings, "DOCUMENTS_ARCHIVE_FONDS_DEFAULT", FONDS_DEFAULT)).format(agency_id=agency.pk)


def archive_code(*, fonds: str, year: int, retention: str, serial: int, category: str = "") -> str:
    """档号 by the configured format (DA/T 22: 全宗号-年度-保管期限-件号, e.g. Z001-2026-Y-0001)."""
    pattern = str(getattr(settings, "DOCUMENTS_ARCHIVE_CODE_FORMAT", CODE_FORMAT_DEFAULT))
    return pattern.format(fonds=fonds, year=year, retention=retention, serial=serial, category=category)


def archive_year(document: Document) -> int:
    """年度: the year the document was formed (成文日期), else its 字号 year, else its year."""
    if document.written_on:
        return document.written_on.year
    return int(document.number_year or document.year)


def check_retention(retention: str) -> str:
    value = (retention or "").strip()
    if value not in Retention.values:
        raise DocumentRefused(RETENTION_REQUIRED, errors={"retention": RETENTION_REQUIRED}, code="retention_required")
    return value


def allocate_serial(*, fonds: str, year: int, retention: str) -> int:
    """The next 件号 of (全宗号, 年度, 保管期限), inside the archiving transaction: no gaps, none twice."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_serial must run inside the archiving transaction")
    lookup = {"fonds": fonds, "year": year, "retention": retention}
    counter = ArchiveSerialCounter.objects.select_for_update().filter(**lookup).first()
    if counter is None:
        try:
            with transaction.atomic():  # savepoint: another archiving may create the row first
                ArchiveSerialCounter.objects.create(**lookup, last=0)
        except IntegrityError:
            pass
        counter = ArchiveSerialCounter.objects.select_for_update().get(**lookup)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@dataclass(frozen=True)
class ArchiveInfo:
    """The archive data of a 件 written into its package."""

    fonds: str
    year: int
    retention: str
    serial: int
    code: str
    category: str
    archived_at: Any
    archived_by: str

    @classmethod
    def of(cls, record: ArchiveRecord) -> ArchiveInfo:
        return cls(
            fonds=record.fonds,
            year=record.year,
            retention=record.retention,
            serial=record.serial,
            code=record.archive_code,
            category=record.category,
            archived_at=record.archived_at,
            archived_by=record.archived_by.display_name,
        )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_stored(stored: Any) -> bytes:
    try:
        with default_storage.open(stored.storage_name, "rb") as handle:
            return bytes(handle.read())
    except OSError as error:
        raise DocumentRefused("文件内容已不存在，无法生成数据包。", code="file_missing") from error


def sealed_pdf_bytes(document: Document) -> bytes:
    if document.sealed_file_id is None:
        raise DocumentRefused("该公文尚未用印，没有可归档的公文 PDF。", code="not_sealed")
    return _read_stored(document.sealed_file)


def _local(value: Any) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


def _date(value: Any) -> str:
    return value.isoformat() if value else ""


def _names(text: str) -> list[str]:
    for mark in ("，", ",", "；", ";", "\n"):
        text = text.replace(mark, "、")
    return [part.strip().rstrip("：:") for part in text.split("、") if part.strip().rstrip("：:")]


def off_platform_recipients(document: Document) -> dict[str, list[str]]:
    """The free-text 主送/抄送机关 that are not platform agencies the document is distributed to."""
    platform = set()
    for agency in [*document.main_to_agencies.all(), *document.cc_agencies.all()]:
        platform |= {agency.full_name, agency.short_name}
    return {
        "主送": [name for name in _names(document.main_to) if name not in platform],
        "抄送": [name for name in _names(document.cc) if name not in platform],
    }


def elements(document: Document) -> dict[str, Any]:
    """The 18 elements of 党政机关公文处理工作条例 §9, by their Chinese names."""
    issuers = selectors.list_issuers(document)
    return {
        "份号": document.copy_number,
        "密级和保密期限": "非密",
        "紧急程度": document.urgency or "无",
        "发文机关标志": document.issuer_mark or "、".join(a.full_name for a in issuers),
        "发文字号": document.doc_number,
        "签发人": document.signers,
        "标题": document.title,
        "主送机关": document.main_to,
        "正文": document.body,
        "附件说明": [line.strip() for line in document.attachments_note.splitlines() if line.strip()],
        "发文机关署名": document.signature or "、".join(a.full_name for a in issuers),
        "成文日期": _date(document.written_on),
        "印章": {
            "用印时间": _local(document.sealed_at),
            "用印机关": [a.full_name for a in issuers] if document.doc_type != "纪要" else [],
        },
        "附注": document.note,
        "附件": [line.strip() for line in document.attachments_note.splitlines() if line.strip()],
        "抄送机关": document.cc,
        "印发机关和印发日期": {"印发机关": document.printer, "印发日期": _date(document.print_date)},
        "页码": {"页数": document.pages},
    }


def workflow_log(document: Document) -> list[dict[str, Any]]:
    """流程记录: each step of the 发文 process — step, person, agency, opinion and time."""
    if not document.process_id:
        return []
    agencies: dict[tuple[str, Any], list[str]] = {}
    for opinion in selectors.list_opinions(document):
        agencies.setdefault((opinion.step, opinion.person_id), []).append(
            opinion.agency.full_name if opinion.agency else ""
        )
    instance = workflow_selectors.get_instance(document.process_id)
    rows = []
    for step in workflow_selectors.list_steps(instance).select_related("item__candidate_agency"):
        queue = agencies.get((step.step_name, step.actor_id)) or []
        agency = queue.pop(0) if queue else ""
        if not agency and step.item is not None and step.item.candidate_agency is not None:
            agency = step.item.candidate_agency.full_name
        rows.append(
            {
                "环节": step.step_name,
                "操作": workflow_selectors.verb_label(step.verb),
                "办理人": step.actor.display_name if step.actor else "",
                "代为办理": step.on_behalf_of.display_name if step.on_behalf_of else "",
                "机关": agency,
                "意见": step.opinion,
                "时间": _local(step.at),
            }
        )
    return rows


def metadata(document: Document, info: ArchiveInfo, hashes: dict[str, str]) -> dict[str, Any]:
    distributions = [
        {
            "收文单位": row.recipient.full_name,
            "方式": row.get_kind_display(),
            "分发时间": _local(row.sent_at),
            "签收时间": _local(row.signed_for_at),
        }
        for row in selectors.list_distributions(document)
    ]
    return {
        "元数据说明": "依据 DA/T 22-2015《归档文件整理规则》和国家档案局令第8号整理；键名为中文。",
        "档号": info.code,
        "全宗号": info.fonds,
        "年度": info.year,
        "保管期限": Retention(info.retention).label,
        "保管期限代码": info.retention,
        "件号": info.serial,
        "机构（问题）": info.category,
        "文种": document.doc_type,
        "公文要素": elements(document),
        "发文机关": [a.full_name for a in selectors.list_issuers(document)],
        "主办机关": document.agency.full_name,
        "拟稿人": document.drafted_by.display_name,
        "签发": {
            "签发人": document.signed_off_by.display_name if document.signed_off_by else "",
            "签发时间": _local(document.signed_off_at),
        },
        "分发": distributions,
        "平台外收文机关": off_platform_recipients(document),
        "归档": {"归档人": info.archived_by, "归档时间": _local(info.archived_at)},
        "文件": [{"文件名": name, "SHA-256": digest} for name, digest in hashes.items()],
    }


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _zip(members: list[tuple[str, bytes]], stamp: Any) -> bytes:
    """A ZIP of `members` in their order, every entry with the same timestamp: deterministic bytes."""
    local = timezone.localtime(stamp) if stamp else timezone.localtime()
    date_time = (max(local.year, 1980), local.month, local.day, local.hour, local.minute, local.second)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            entry = zipfile.ZipInfo(name, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, data)
    return buffer.getvalue()


def checksums(members: list[tuple[str, bytes]]) -> bytes:
    return "".join(f"{_sha256(data)}  {name}\n" for name, data in members).encode("utf-8")


def build_package(document: Document, *, info: ArchiveInfo | None = None) -> bytes:
    """The archive package (ZIP) of one 件; `info` defaults to the document's archive record."""
    from . import issuing  # the renderer is imported only when a package is built

    if info is None:
        info = ArchiveInfo.of(ArchiveRecord.objects.select_related("archived_by").get(document=document))
    files_first = [
        ("公文.pdf", sealed_pdf_bytes(document)),
        ("发文稿纸.pdf", issuing.render_drafting_sheet(document)),
        ("流程记录.json", _json(workflow_log(document))),
    ]
    hashes = {name: _sha256(data) for name, data in files_first}
    members = [
        files_first[0],
        files_first[1],
        ("metadata.json", _json(metadata(document, info, hashes))),
        files_first[2],
    ]
    members.append(("manifest.sha256", checksums(members)))
    return _zip(members, info.archived_at)


def create_record(
    *, document: Document, by: Any, retention: str, category: str = "", ip: str | None = None
) -> ArchiveRecord:
    """The 件's 件号, 档号 and stored package; call inside the transaction that completes 归档."""
    retention = check_retention(retention)
    if ArchiveRecord.objects.filter(document=document).exists():
        raise DocumentRefused("该公文已归档，不能重复归档。", code="archived")
    fonds = fonds_for(document.agency)
    year = archive_year(document)
    category = (category or "").strip()
    serial = allocate_serial(fonds=fonds, year=year, retention=retention)
    code = archive_code(fonds=fonds, year=year, retention=retention, serial=serial, category=category)
    now = timezone.now()
    info = ArchiveInfo(
        fonds=fonds,
        year=year,
        retention=retention,
        serial=serial,
        code=code,
        category=category,
        archived_at=now,
        archived_by=by.display_name,
    )
    package = build_package(document, info=info)
    upload = SimpleUploadedFile(f"{code}.zip", package, content_type="application/zip")
    try:
        stored = files.upload(file=upload, purpose=PURPOSE, user=by, owner=document, ip=ip)
    except files.UploadRejected as error:
        raise DocumentRefused(str(error), code="store_failed") from error
    return ArchiveRecord.objects.create(
        document=document,
        agency=document.agency,
        fonds=fonds,
        year=year,
        retention=retention,
        category=category,
        serial=serial,
        archive_code=code,
        package=stored,
        package_sha256=stored.sha256,
        archived_by=by,
        archived_at=now,
    )


# --- a year's archive ------------------------------------------------------------------------------


def catalogue(records: Any) -> bytes:
    """归档文件目录 (CSV, UTF-8 with BOM so spreadsheet programs read the Chinese)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CATALOGUE_COLUMNS)
    for number, record in enumerate(records, start=1):
        document = record.document
        written = document.written_on.strftime("%Y%m%d") if document.written_on else ""
        writer.writerow(
            [
                number,
                record.archive_code,
                document.doc_number,
                record.agency.full_name,
                document.title,
                written,
                document.pages or "",
                record.get_retention_display(),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def year_records(agency: Agency, year: int) -> Any:
    return (
        ArchiveRecord.objects.filter(agency=agency, year=year)
        .select_related("document", "agency", "package")
        .annotate(retention_rank=RETENTION_ORDER)
        .order_by("retention_rank", "serial")
    )


def export_year(agency: Agency, year: int) -> tuple[TemporaryUploadedFile, int]:
    """One ZIP of the year's packages (each as stored, `档号.zip`), the 归档文件目录 and the
    checksums, written to a temporary file package by package (thousands of 件 fit)."""
    records = list(year_records(agency, year))
    name = f"{fonds_for(agency)}-{year}-归档.zip"
    target = TemporaryUploadedFile(name, "application/zip", 0, None)
    handle: Any = target.file
    lines = []
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        listing = catalogue(records)
        archive.writestr(zipfile.ZipInfo(CATALOGUE_NAME, date_time=(year, 12, 31, 0, 0, 0)), listing)
        lines.append(f"{_sha256(listing)}  {CATALOGUE_NAME}\n")
        for record in records:
            member = f"{record.archive_code}.zip"
            entry = zipfile.ZipInfo(member, date_time=(year, 12, 31, 0, 0, 0))
            with default_storage.open(record.package.storage_name, "rb") as source, archive.open(entry, "w") as sink:
                shutil.copyfileobj(source, sink, 1024 * 1024)
            lines.append(f"{record.package_sha256}  {member}\n")
        archive.writestr(zipfile.ZipInfo("manifest.sha256", date_time=(year, 12, 31, 0, 0, 0)), "".join(lines))
    handle.flush()
    target.size = handle.tell()
    handle.seek(0)
    return target, len(records)


def request_year_export(*, agency: Agency, year: int, by: Any, ip: str | None = None) -> ArchiveExport:
    """导出年度归档: queue the export (a background task); one at a time per agency and year."""
    if not permissions.can_step(by, permissions.DISTRIBUTE, agency.pk):
        raise DocumentRefused("您没有该机关的归档权限，不能导出。", code="forbidden")
    if not ArchiveRecord.objects.filter(agency=agency, year=year).exists():
        raise DocumentRefused(f"{agency.short_name} {year} 年度没有归档文件。", errors={"year": "该年度没有归档文件。"})
    with transaction.atomic():
        busy = ArchiveExport.objects.select_for_update().filter(
            agency=agency, year=year, status__in=[ArchiveExport.Status.QUEUED, ArchiveExport.Status.RUNNING]
        )
        if busy.exists():
            raise DocumentRefused("该年度的导出正在生成，请稍后刷新查看。", code="busy")
        export = ArchiveExport.objects.create(agency=agency, year=year, requested_by=by)
        audit.record(event="documents.archive_export", actor=by, obj=export, ip=ip, detail={"year": year})
        transaction.on_commit(lambda: run_year_export.enqueue(export_id=export.pk))
    return export


@task()
def run_year_export(export_id: int) -> str:
    """The background part of `request_year_export`: build, store and mark the export."""
    export = ArchiveExport.objects.select_related("agency", "requested_by").get(pk=export_id)
    if export.status != ArchiveExport.Status.QUEUED:
        return str(export.status)
    ArchiveExport.objects.filter(pk=export.pk).update(status=ArchiveExport.Status.RUNNING)
    try:
        target, count = export_year(export.agency, export.year)
        try:
            stored = files.upload(file=target, purpose=PURPOSE, user=export.requested_by, owner=export)
        finally:
            target.close()
    except (OSError, files.UploadRejected, DocumentRefused) as error:
        ArchiveExport.objects.filter(pk=export.pk).update(
            status=ArchiveExport.Status.FAILED, error=str(error)[:300], finished_at=timezone.now()
        )
        return ArchiveExport.Status.FAILED
    ArchiveExport.objects.filter(pk=export.pk).update(
        status=ArchiveExport.Status.DONE, file=stored, count=count, finished_at=timezone.now()
    )
    return ArchiveExport.Status.DONE
