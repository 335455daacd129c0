"""Helpers of the 归档 and 交换 tests: a document carried to the 归档 step, sealed by a stub (a small
real PDF) or by the real renderer and signer."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from yiwang.core.files import services as files
from yiwang.core.seals.services import issue_agency_seal

from ..models import Document
from ..services import issuing, outgoing
from .factories import refresh, through_sign_off

STUB_SHEET = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def stub_pdf(text: str) -> bytes:
    return STUB_SHEET.replace(b"Catalog", f"Catalog/Title({text})".encode("latin-1", "ignore"))


def stub_sealing(monkeypatch: Any) -> None:
    """用印 and the 发文稿纸 without WeasyPrint: a tiny PDF stored through the file service."""

    def issue(*, document: Document, by: Any, ip: str | None = None) -> Document:
        upload = SimpleUploadedFile(f"{document.doc_number}.pdf", stub_pdf(document.doc_number), "application/pdf")
        stored = files.upload(file=upload, purpose=issuing.FILE_PURPOSE, user=by, owner=document, ip=ip)
        document.sealed_file, document.sealed_at, document.pages = stored, timezone.now(), 2
        return document

    monkeypatch.setattr(issuing, "issue_sealed_pdf", issue)
    monkeypatch.setattr(issuing, "render_drafting_sheet", lambda document: stub_pdf("sheet"))


def at_archive(office: Any, *, real_seal: bool = False, **changes: Any) -> Document:
    """A single-agency 通知 of 市民政局, numbered, sealed and distributed: at 归档."""
    w = office.world
    document = through_sign_off(office, joint=False)
    if changes:
        Document.objects.filter(pk=document.pk).update(**changes)
    outgoing.number_document(document=document, by=w.office_director)
    if real_seal:
        issue_agency_seal(agency=w.city_civil_affairs, by=w.system_admin)
    outgoing.seal_document(document=document, by=w.office_director)
    outgoing.distribute_document(document=document, by=w.office_director)
    return refresh(document)
