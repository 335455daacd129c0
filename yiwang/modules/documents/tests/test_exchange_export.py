"""The exchange package for agencies off the platform: the sealed PDF and its metadata, for the
sender only, after 用印, audited."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage

from yiwang.core.audit.models import AuditEntry

from ..models import Document
from ..services import exchange
from ..services.errors import DocumentRefused
from .archive_support import at_archive, stub_sealing
from .factories import through_sign_off

pytestmark = pytest.mark.django_db


def test_the_package_holds_the_sealed_pdf_and_its_metadata(office, monkeypatch):
    stub_sealing(monkeypatch)
    w = office.world
    document = at_archive(office)
    Document.objects.filter(pk=document.pk).update(main_to="各县（市）、区民政局，伊春森工集团", cc="省民政厅")
    document = Document.objects.get(pk=document.pk)

    package = exchange.export_package(document=document, by=w.office_director)

    with default_storage.open(document.sealed_file.storage_name, "rb") as handle:
        sealed = handle.read()
    with zipfile.ZipFile(io.BytesIO(package.data)) as archive:
        assert archive.namelist() == ["公文.pdf", "metadata.json"]
        assert archive.read("公文.pdf") == sealed
        meta = json.loads(archive.read("metadata.json").decode("utf-8"))
    assert meta["发文字号"] == document.doc_number and meta["标题"] == document.title
    assert meta["发文机关"] == [w.city_civil_affairs.full_name]
    assert meta["密级"] == "非密" and meta["紧急程度"] == "无" and meta["页数"] == document.pages
    assert meta["成文日期"] == document.written_on.isoformat()
    assert meta["公文文件"]["SHA-256"] == hashlib.sha256(sealed).hexdigest() == package.sha256
    assert meta["验证页面"] == "/documents/verify/"
    assert meta["平台外收文机关"] == {"主送": ["各县（市）", "区民政局", "伊春森工集团"], "抄送": ["省民政厅"]}
    assert package.filename == f"{document.doc_number}-交换包.zip"
    assert AuditEntry.objects.filter(event="documents.exchange_export", actor=w.office_director).count() == 1


def test_a_document_not_yet_sealed_has_no_exchange_package(office):
    document = through_sign_off(office, joint=False)
    with pytest.raises(DocumentRefused) as refused:
        exchange.export_package(document=document, by=office.world.office_director)
    assert refused.value.code == "not_sealed"


def test_someone_who_does_not_send_for_the_agency_may_not_export(office, monkeypatch):
    stub_sealing(monkeypatch)
    document = at_archive(office)
    with pytest.raises(DocumentRefused) as refused:
        exchange.export_package(document=document, by=office.world.city_clerk)
    assert refused.value.code == "forbidden"
    assert not AuditEntry.objects.filter(event="documents.exchange_export").exists()
