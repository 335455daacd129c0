"""用印: the issued PDF — rendered per GB/T 9704-2012 from the document, sealed with each issuing
agency's 电子印章 (PAdES) where the renderer's seal boxes say, and stored through the file service.

The renderer (`documents.rendering`) and the signer (the platform's seal service,
`yiwang.core.seals`) are imported when a document is sealed, so the rest of the module works without them.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from yiwang.core.files import services as files

from ..models import Document, DocumentType
from ..rendering.spec import DocumentSpec, DraftingSheetSpec
from ..rendering.spec import Opinion as OpinionSpec
from ..selectors import documents as selectors
from .errors import DocumentRefused

FILE_PURPOSE = "attachment"  # core's 附件 purpose: PDF allowed


def spec_for(document: Document) -> DocumentSpec:
    """The renderer's plain-data view of a document (no models cross into the renderer)."""
    issuers = selectors.list_issuers(document)
    names = tuple(agency.full_name for agency in issuers)
    marks = tuple(part for part in document.issuer_mark.split("、") if part) if document.issuer_mark else names
    return DocumentSpec(
        title=document.title,
        body=document.body,
        issuer_marks=marks,
        issuer_signatures=names,
        date=document.written_on or timezone.localdate(),
        doc_number=document.doc_number,
        doc_type=document.doc_type,
        copy_number=document.copy_number,
        secrecy="",  # classified documents never reach this point
        urgency=document.urgency,
        signers=tuple(name for name in document.signers.replace("，", "、").split("、") if name.strip()),
        main_recipients=document.main_to,
        attachments_note=tuple(line.strip() for line in document.attachments_note.splitlines() if line.strip()),
        note=document.note,
        cc=document.cc,
        printer=document.printer,
        print_date=document.print_date or timezone.localdate(),
        sealed=document.doc_type != DocumentType.MINUTES,  # 纪要 carry no seal (GB/T 9704 §10.3)
    )


def drafting_sheet_spec(document: Document) -> DraftingSheetSpec:
    """发文稿纸: the draft with every opinion so far."""
    opinions = tuple(
        OpinionSpec(
            step=row.step,
            person=row.person.display_name,
            agency=row.agency.full_name if row.agency else "",
            text=f"{row.text}（{row.result}）" if row.result != "同意" else row.text,
            at=row.at,
        )
        for row in selectors.list_opinions(document)
    )
    reviewed = next((o.person for o in opinions if o.step == "核稿"), "")
    return DraftingSheetSpec(
        document=spec_for(document),
        drafter=document.drafted_by.display_name,
        drafting_agency=document.agency.full_name,
        opinions=opinions,
        reviewed_by=reviewed,
    )


def render_drafting_sheet(document: Document) -> bytes:
    from ..rendering import render_drafting_sheet as render  # type: ignore[attr-defined]

    data: bytes = render(drafting_sheet_spec(document))
    return data


def issue_sealed_pdf(*, document: Document, by: Any, ip: str | None = None) -> Document:
    """Render, seal and store; sets `sealed_file`, `sealed_at` and `pages` on `document` (the caller
    saves it in its transaction). A missing seal or a sealing failure refuses with its message."""
    from yiwang.core.seals.selectors import current_seal_for
    from yiwang.core.seals.signing import SealingError, seal_pdf

    from ..rendering import render_document  # type: ignore[attr-defined]

    spec = spec_for(document)
    rendered = render_document(spec)
    seals: dict[str, Any] = {}
    for agency in selectors.list_issuers(document):
        seal = current_seal_for(agency)
        if seal is None:
            raise DocumentRefused(f"“{agency.full_name}”没有可用的电子印章，请先制发印章再用印。", code="no_seal")
        seals[agency.full_name] = seal
    if spec.sealed:
        try:
            pdf = seal_pdf(rendered.pdf, boxes=rendered.seal_boxes, seals=seals, reason=f"{document.doc_number} 用印")
        except SealingError as error:
            raise DocumentRefused(str(error), code="sealing_failed") from error
    else:
        pdf = rendered.pdf
    upload = SimpleUploadedFile(f"{document.doc_number}.pdf", pdf, content_type="application/pdf")
    try:
        stored = files.upload(file=upload, purpose=FILE_PURPOSE, user=by, owner=document, ip=ip)
    except files.UploadRejected as error:
        raise DocumentRefused(str(error), code="store_failed") from error
    document.sealed_file, document.sealed_at, document.pages = stored, timezone.now(), rendered.pages
    return document
