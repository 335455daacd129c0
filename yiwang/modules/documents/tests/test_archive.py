"""归档 by 件: the 档号 and gap-free 件号, the required 保管期限, the package's members and hashes,
one archive per document, and a year's export with its 归档文件目录."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.test import override_settings

from yiwang.core.audit.models import AuditEntry

from ..models import ArchiveExport, ArchiveFonds, ArchiveRecord, Document, Retention
from ..services import archiving, outgoing
from ..services.errors import DocumentRefused
from .archive_support import at_archive, stub_sealing
from .factories import refresh

pytestmark = pytest.mark.django_db


def _read(stored) -> bytes:
    with default_storage.open(stored.storage_name, "rb") as handle:
        return handle.read()


def _archive(office, retention: str = Retention.PERMANENT, **kwargs) -> ArchiveRecord:
    document = at_archive(office, **kwargs)
    outgoing.archive_document(document=document, by=office.world.office_director, retention=retention)
    return ArchiveRecord.objects.get(document=document)


def test_the_archive_code_reads_fonds_year_retention_and_serial(office, monkeypatch):
    stub_sealing(monkeypatch)
    ArchiveFonds.objects.create(agency=office.world.city_civil_affairs, code="Z001")

    record = _archive(office)

    assert record.archive_code == f"Z001-{record.year}-Y-0001"
    assert refresh(record.document).status == Document.Status.ARCHIVED
    assert refresh(record.document).archived_at is not None


def test_serials_run_without_gaps_per_fonds_year_and_retention(office, monkeypatch):
    stub_sealing(monkeypatch)
    ArchiveFonds.objects.create(agency=office.world.city_civil_affairs, code="Z001")

    permanent = [_archive(office, Retention.PERMANENT) for _ in range(3)]
    ten = _archive(office, Retention.TEN_YEARS)

    assert [r.serial for r in permanent] == [1, 2, 3]
    assert ten.serial == 1 and ten.archive_code.endswith("-D10-0001")
    assert len({r.archive_code for r in [*permanent, ten]}) == 4


def test_an_agency_without_a_fonds_row_gets_the_configured_default_and_format(office, monkeypatch):
    stub_sealing(monkeypatch)
    with override_settings(
        DOCUMENTS_ARCHIVE_FONDS_DEFAULT="QZ{agency_id}",
        DOCUMENTS_ARCHIVE_CODE_FORMAT="{fonds}·{year}·{retention}·{serial:05d}",
    ):
        record = _archive(office, Retention.THIRTY_YEARS)
    agency_id = office.world.city_civil_affairs.pk
    assert record.archive_code == f"QZ{agency_id}·{record.year}·D30·00001"


def test_archiving_without_a_retention_is_refused_and_nothing_changes(office, monkeypatch):
    stub_sealing(monkeypatch)
    document = at_archive(office)

    with pytest.raises(DocumentRefused) as refused:
        outgoing.archive_document(document=document, by=office.world.office_director)

    assert refused.value.message == archiving.RETENTION_REQUIRED
    assert "retention" in refused.value.errors
    assert refresh(document).status == Document.Status.ARCHIVE
    assert not ArchiveRecord.objects.exists()


def test_an_unknown_retention_is_refused(office, monkeypatch):
    stub_sealing(monkeypatch)
    document = at_archive(office)
    with pytest.raises(DocumentRefused):
        outgoing.archive_document(document=document, by=office.world.office_director, retention="D5")


def test_a_document_is_archived_once(office, monkeypatch):
    stub_sealing(monkeypatch)
    record = _archive(office)

    with pytest.raises(DocumentRefused):
        outgoing.archive_document(document=record.document, by=office.world.office_director, retention="Y")
    with pytest.raises(DocumentRefused) as again:
        archiving.create_record(document=record.document, by=office.world.office_director, retention="Y")
    assert again.value.code == "archived"
    assert ArchiveRecord.objects.count() == 1


def test_the_package_holds_the_pdf_sheet_metadata_log_and_matching_checksums(office, monkeypatch):
    stub_sealing(monkeypatch)
    record = _archive(office, Retention.THIRTY_YEARS)
    document = refresh(record.document)
    package = _read(record.package)

    assert hashlib.sha256(package).hexdigest() == record.package_sha256
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert archive.namelist() == list(archiving.MEMBERS)
        members = {name: archive.read(name) for name in archive.namelist()}
    assert members["公文.pdf"] == _read(document.sealed_file)
    assert members["发文稿纸.pdf"].startswith(b"%PDF")
    meta = json.loads(members["metadata.json"].decode("utf-8"))
    assert meta["档号"] == record.archive_code
    assert meta["保管期限"] == "定期30年" and meta["件号"] == 1
    assert meta["公文要素"]["发文字号"] == document.doc_number
    assert meta["公文要素"]["标题"] == document.title
    assert len(meta["公文要素"]) == 18
    assert meta["发文机关"] == [office.world.city_civil_affairs.full_name]
    hashes = {row["文件名"]: row["SHA-256"] for row in meta["文件"]}
    assert hashes["公文.pdf"] == hashlib.sha256(members["公文.pdf"]).hexdigest()
    assert hashes["流程记录.json"] == hashlib.sha256(members["流程记录.json"]).hexdigest()
    log = json.loads(members["流程记录.json"].decode("utf-8"))
    assert "归档" in [row["环节"] for row in log]
    assert {"环节", "办理人", "机关", "意见", "时间"} <= set(log[0])
    assert any(row["机关"] == office.world.city_civil_affairs.full_name for row in log)
    for line in members["manifest.sha256"].decode("utf-8").splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256(members[name]).hexdigest() == digest
    assert AuditEntry.objects.filter(event="documents.archive", detail__archive_code=record.archive_code).exists()


def test_the_same_document_builds_the_same_package_bytes(office, monkeypatch):
    stub_sealing(monkeypatch)
    record = _archive(office)
    assert archiving.build_package(record.document) == _read(record.package)


def test_a_real_sealed_pdf_and_rendered_drafting_sheet_go_into_the_package(office):
    record = _archive(office, real_seal=True)
    with zipfile.ZipFile(io.BytesIO(_read(record.package))) as archive:
        pdf = archive.read("公文.pdf")
        sheet = archive.read("发文稿纸.pdf")
    assert pdf.startswith(b"%PDF") and b"/ByteRange" in pdf
    assert sheet.startswith(b"%PDF") and len(sheet) > 1000


def test_a_years_export_holds_every_package_and_the_catalogue(office, monkeypatch, django_capture_on_commit_callbacks):
    stub_sealing(monkeypatch)
    records = [_archive(office, Retention.PERMANENT), _archive(office, Retention.TEN_YEARS)]
    agency = office.world.city_civil_affairs
    year = records[0].year

    with django_capture_on_commit_callbacks(execute=True):
        export = archiving.request_year_export(agency=agency, year=year, by=office.world.office_director)

    export = ArchiveExport.objects.get(pk=export.pk)
    assert export.status == ArchiveExport.Status.DONE and export.count == 2
    with zipfile.ZipFile(io.BytesIO(_read(export.file))) as archive:
        names = archive.namelist()
        assert names[0] == archiving.CATALOGUE_NAME
        for record in records:
            assert archive.read(f"{record.archive_code}.zip") == _read(record.package)
        rows = list(csv.reader(io.StringIO(archive.read(archiving.CATALOGUE_NAME).decode("utf-8-sig"))))
    assert rows[0] == list(archiving.CATALOGUE_COLUMNS)
    assert [row[1] for row in rows[1:]] == [r.archive_code for r in records]
    assert rows[1][2] == records[0].document.doc_number and rows[1][7] == "永久"


def test_a_year_without_archives_cannot_be_exported(office):
    with pytest.raises(DocumentRefused):
        archiving.request_year_export(
            agency=office.world.city_civil_affairs, year=2001, by=office.world.office_director
        )


def test_only_the_agencys_archive_staff_may_export_a_year(office, monkeypatch):
    stub_sealing(monkeypatch)
    record = _archive(office)
    with pytest.raises(DocumentRefused) as refused:
        archiving.request_year_export(agency=record.agency, year=record.year, by=office.world.city_clerk)
    assert refused.value.code == "forbidden"
