"""公文 in the search service (staff only): title, 发文字号, 正文 and the text of attached PDF
and Word files, found by the staff of every agency that may see the document.

A `SearchDocument` has one agency, and core search shows non-public content to staff whose
`documents.view` scope covers it; a document is seen by its 主办 agency, its co-issuers and the
recipients it was distributed to (selectors `_visible`), so it is indexed once per such agency:
`<id>` for the 主办 agency and `<id>@<agency id>` for each other one.

Indexing follows every write after commit: saves of `Document` (拟稿, edits, 编号, 用印, 分发, 归档),
of its issuers and distributions, and of files attached to it, through `yiwang.core.search.services`.
"""

from __future__ import annotations

import io
import logging
import threading
import zipfile
from collections.abc import Iterator
from typing import Any

from defusedxml import ElementTree
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.urls import reverse

from yiwang.core.files.models import StoredFile
from yiwang.core.files.selectors import list_files_of
from yiwang.core.search import services as search_index
from yiwang.core.search.types import SearchDocument

from .models import Distribution, Document, DocumentIssuer

logger = logging.getLogger("yiwang.documents")

SEARCH_KIND = "documents.document"
MAX_FILE_BYTES = 20 * 1024 * 1024  # larger attachments are indexed by name only
MAX_PDF_PAGES = 100
MAX_TEXT_CHARS = 200_000  # per attachment
PDF_TYPES = ("application/pdf",)
DOCX_TYPES = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# --- text of attachments ---------------------------------------------------------------------------


def _pdf_text(data: bytes) -> str:
    import pdfplumber

    parts: list[str] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages[:MAX_PDF_PAGES]:
            parts.append(page.extract_text() or "")
            if sum(map(len, parts)) > MAX_TEXT_CHARS:
                break
    return "\n".join(parts)


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("word/document.xml")
        if info.file_size > MAX_FILE_BYTES * 5:
            return ""
        root = ElementTree.fromstring(archive.read(info))
    paragraphs = ("".join(node.text or "" for node in p.iter(f"{_W}t")) for p in root.iter(f"{_W}p"))
    return "\n".join(p for p in paragraphs if p)


def attachment_text(stored: StoredFile) -> str:
    """The text of a PDF or DOCX attachment ("" for other types, big files or unreadable ones)."""
    if stored.size > MAX_FILE_BYTES or stored.content_type not in (*PDF_TYPES, *DOCX_TYPES):
        return ""
    try:
        with default_storage.open(stored.storage_name, "rb") as handle:
            data = handle.read()
        text = _pdf_text(data) if stored.content_type in PDF_TYPES else _docx_text(data)
    except Exception:  # a broken file must not stop the document from being found by its other text
        logger.warning("no text from attachment %s", stored.pk, exc_info=True)
        return ""
    return text[:MAX_TEXT_CHARS]


# --- the documents ---------------------------------------------------------------------------------


def visible_agency_ids(document: Document) -> list[int]:
    """主办 first, then co-issuers and recipients: the agencies whose staff may see the document."""
    ids = [document.agency_id]
    for agency_id in [
        *DocumentIssuer.objects.filter(document=document).order_by("order").values_list("agency_id", flat=True),
        *Distribution.objects.filter(document=document).order_by("id").values_list("recipient_id", flat=True),
    ]:
        if agency_id not in ids:
            ids.append(agency_id)
    return ids


def object_id(document_id: int, agency_id: int, main_agency_id: int) -> str:
    return str(document_id) if agency_id == main_agency_id else f"{document_id}@{agency_id}"


def document_documents_of(document: Document) -> list[SearchDocument]:
    """One `SearchDocument` per agency that may see `document` (same text, its own agency)."""
    files = list_files_of(document)
    if document.sealed_file_id is not None:
        files = files.exclude(pk=document.sealed_file_id)
    attachments = [(f.original_name, attachment_text(f)) for f in files]
    body = "\n".join(
        filter(
            None,
            [
                document.body,
                document.attachments_note,
                document.main_to,
                *(f"{name}\n{text}" for name, text in attachments),
            ],
        )
    )
    url = reverse("documents_staff_document", args=[document.pk])
    keywords = tuple(filter(None, [document.doc_type, document.get_status_display(), document.disclosure]))
    return [
        SearchDocument(
            kind=SEARCH_KIND,
            object_id=object_id(document.pk, agency_id, document.agency_id),
            title=document.title,
            body=body,
            url=url,
            public=False,
            agency_id=agency_id,
            published_at=document.numbered_at or document.created_at,
            doc_number=document.doc_number,
            keywords=keywords,
        )
        for agency_id in visible_agency_ids(document)
    ]


def document_documents() -> Iterator[SearchDocument]:
    """Every 公文, once per agency that may see it (a full rebuild of the search index)."""
    for document in Document.objects.order_by("pk").iterator(chunk_size=200):
        yield from document_documents_of(document)


def reindex(document_id: int, *, dropped_agencies: frozenset[int] = frozenset()) -> None:
    """Index the document's current state; drop the copies of agencies that no longer see it."""
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        search_index.remove_document(SEARCH_KIND, document_id)
        for agency_id in dropped_agencies:
            search_index.remove_document(SEARCH_KIND, f"{document_id}@{agency_id}")
        return
    documents = document_documents_of(document)
    current = {d.agency_id for d in documents}
    for agency_id in dropped_agencies - current:
        search_index.remove_document(SEARCH_KIND, object_id(document_id, agency_id, document.agency_id))
    search_index.index_documents(documents)


# --- triggers: after commit, once per document -----------------------------------------------------

_pending = threading.local()


def _queue() -> dict[int, set[int]]:
    queue: dict[int, set[int]] | None = getattr(_pending, "queue", None)
    if queue is None:
        queue = _pending.queue = {}
    return queue


def schedule(document_id: int, *, dropped_agency: int | None = None) -> None:
    """Reindex `document_id` after the current transaction commits (once, however many writes)."""
    dropped = _queue().setdefault(document_id, set())
    if dropped_agency is not None:
        dropped.add(dropped_agency)
    transaction.on_commit(flush, robust=True)


def flush() -> None:
    queue = _queue()
    while queue:
        document_id, dropped = queue.popitem()
        reindex(document_id, dropped_agencies=frozenset(dropped))


def _document_saved(sender: Any, instance: Document, **kwargs: Any) -> None:
    schedule(instance.pk)


def _document_deleted(sender: Any, instance: Document, **kwargs: Any) -> None:
    schedule(instance.pk)


def _issuer_saved(sender: Any, instance: DocumentIssuer | Distribution, **kwargs: Any) -> None:
    schedule(instance.document_id)


def _issuer_deleted(sender: Any, instance: DocumentIssuer, **kwargs: Any) -> None:
    schedule(instance.document_id, dropped_agency=instance.agency_id)


def _distribution_deleted(sender: Any, instance: Distribution, **kwargs: Any) -> None:
    schedule(instance.document_id, dropped_agency=instance.recipient_id)


def _file_saved(sender: Any, instance: StoredFile, **kwargs: Any) -> None:
    if instance.owner_content_type_id and instance.owner_content_type_id == _document_type_id():
        try:
            schedule(int(instance.owner_object_id))
        except ValueError:
            return


def _document_type_id() -> int:
    return int(ContentType.objects.get_for_model(Document).pk)


def connect() -> None:
    """Called from `apps.ready`."""
    post_save.connect(_document_saved, sender=Document, dispatch_uid="documents_search_doc_saved")
    post_delete.connect(_document_deleted, sender=Document, dispatch_uid="documents_search_doc_deleted")
    post_save.connect(_issuer_saved, sender=DocumentIssuer, dispatch_uid="documents_search_issuer_saved")
    post_delete.connect(_issuer_deleted, sender=DocumentIssuer, dispatch_uid="documents_search_issuer_deleted")
    post_save.connect(_issuer_saved, sender=Distribution, dispatch_uid="documents_search_dist_saved")
    post_delete.connect(_distribution_deleted, sender=Distribution, dispatch_uid="documents_search_dist_deleted")
    post_save.connect(_file_saved, sender=StoredFile, dispatch_uid="documents_search_file_saved")
