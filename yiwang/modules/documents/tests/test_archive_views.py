"""The 归档 screens: the 保管期限 select on the document page, the archive list with filters and
search, the package download, the year export and the exchange package download."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from yiwang.core.audit.models import AuditEntry
from yiwang.testing.auth import sign_in

from ..models import ArchiveExport, ArchiveRecord, Document
from ..services import outgoing
from .archive_support import at_archive, stub_sealing
from .factories import refresh

pytestmark = pytest.mark.django_db


def _archived(office, retention: str = "Y", **changes) -> ArchiveRecord:
    document = at_archive(office, **changes)
    outgoing.archive_document(document=document, by=office.world.office_director, retention=retention)
    return ArchiveRecord.objects.get(document=document)


def test_the_archive_step_offers_the_retention_select_and_archives_with_it(client, office, monkeypatch):
    stub_sealing(monkeypatch)
    document = at_archive(office)
    sign_in(client, office.world.office_director)
    page = client.get(reverse("documents_staff_document", args=[document.pk])).content.decode()
    assert 'name="retention"' in page and "定期30年" in page

    response = client.post(reverse("documents_staff_archive", args=[document.pk]), {"retention": "D30"})

    assert response.status_code == 302
    record = ArchiveRecord.objects.get(document=document)
    assert record.retention == "D30"
    assert refresh(document).status == Document.Status.ARCHIVED
    page = client.get(reverse("documents_staff_document", args=[document.pk])).content.decode()
    assert record.archive_code in page


def test_archiving_without_a_retention_says_so_on_the_page(client, office, monkeypatch):
    stub_sealing(monkeypatch)
    document = at_archive(office)
    sign_in(client, office.world.office_director)

    response = client.post(reverse("documents_staff_archive", args=[document.pk]), {"category": "办公室"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "请选择保管期限。" in page and 'value="办公室"' in page
    assert refresh(document).status == Document.Status.ARCHIVE


def test_the_list_filters_by_year_and_retention_and_searches_the_archive_code(client, office, monkeypatch):
    stub_sealing(monkeypatch)
    permanent = _archived(office, "Y", title="永久保存的通知")
    ten = _archived(office, "D10", title="十年保存的通知")
    sign_in(client, office.world.city_clerk)
    url = reverse("documents_staff_archive_list")

    everything = client.get(url).content.decode()
    assert permanent.archive_code in everything and ten.archive_code in everything
    only_ten = client.get(url, {"retention": "D10"}).content.decode()
    assert ten.archive_code in only_ten and permanent.archive_code not in only_ten
    found = client.get(url, {"q": permanent.archive_code}).content.decode()
    assert permanent.archive_code in found and ten.archive_code not in found
    by_title = client.get(url, {"q": "十年保存"}).content.decode()
    assert ten.archive_code in by_title and permanent.archive_code not in by_title
    assert permanent.archive_code not in client.get(url, {"year": 2001}).content.decode()
    assert "请输入四位年份。" in client.get(url, {"year": "abc"}).content.decode()


def test_staff_of_another_agency_see_no_archive_and_cannot_download_the_package(client, office, monkeypatch):
    stub_sealing(monkeypatch)
    record = _archived(office)
    sign_in(client, office.world.jiayin_clerk)

    assert record.archive_code not in client.get(reverse("documents_staff_archive_list")).content.decode()
    assert client.get(reverse("documents_staff_archive_package", args=[record.pk])).status_code == 404


def test_the_package_downloads_as_the_stored_zip_and_is_audited(client, office, monkeypatch):
    stub_sealing(monkeypatch)
    record = _archived(office)
    sign_in(client, office.world.city_clerk)

    response = client.get(reverse("documents_staff_archive_package", args=[record.pk]))

    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    data = b"".join(response.streaming_content)
    assert zipfile.ZipFile(io.BytesIO(data)).namelist()[0] == "公文.pdf"
    assert AuditEntry.objects.filter(event="files.download", detail__archive_code=record.archive_code).exists()


def test_the_year_export_is_queued_listed_and_downloadable(
    client, office, monkeypatch, django_capture_on_commit_callbacks
):
    stub_sealing(monkeypatch)
    record = _archived(office)
    sign_in(client, office.world.office_director)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("documents_staff_archive_export"), {"export-agency": record.agency_id, "export-year": record.year}
        )

    assert response.status_code == 302
    export = ArchiveExport.objects.get()
    assert export.status == ArchiveExport.Status.DONE
    page = client.get(reverse("documents_staff_archive_list")).content.decode()
    assert f"下载 {record.year} 年度归档" in page
    download = client.get(reverse("documents_staff_archive_export_download", args=[export.pk]))
    assert download.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()
    assert f"{record.archive_code}.zip" in names and "归档文件目录.csv" in names


def test_a_year_without_archives_is_refused_on_the_form(client, office):
    sign_in(client, office.world.office_director)
    response = client.post(
        reverse("documents_staff_archive_export"),
        {"export-agency": office.world.city_civil_affairs.pk, "export-year": 2001},
    )
    assert response.status_code == 400
    assert "该年度没有归档文件。" in response.content.decode()
    assert not ArchiveExport.objects.exists()


def test_a_clerk_cannot_export_a_year(client, office):
    sign_in(client, office.world.city_clerk)
    response = client.post(
        reverse("documents_staff_archive_export"),
        {"export-agency": office.world.city_civil_affairs.pk, "export-year": 2026},
    )
    assert response.status_code in (302, 403) and response.get("Location", "/staff/") == "/staff/"
    assert not ArchiveExport.objects.exists()


def test_the_sender_downloads_the_exchange_package_from_the_document_page(client, office, monkeypatch):
    stub_sealing(monkeypatch)
    document = at_archive(office)
    sign_in(client, office.world.office_director)
    page = client.get(reverse("documents_staff_document", args=[document.pk])).content.decode()
    assert reverse("documents_staff_exchange", args=[document.pk]) in page

    response = client.get(reverse("documents_staff_exchange", args=[document.pk]))

    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(response.content)).namelist() == ["公文.pdf", "metadata.json"]


def test_a_clerk_is_not_offered_and_cannot_download_the_exchange_package(client, office, monkeypatch):
    stub_sealing(monkeypatch)
    document = at_archive(office)
    sign_in(client, office.world.city_clerk)
    page = client.get(reverse("documents_staff_document", args=[document.pk])).content.decode()
    assert reverse("documents_staff_exchange", args=[document.pk]) not in page
    response = client.get(reverse("documents_staff_exchange", args=[document.pk]))
    assert response.status_code in (302, 403) and response.get("Location", "/staff/") == "/staff/"
    assert not AuditEntry.objects.filter(event="documents.exchange_export").exists()
