"""Reads of 公文: the 发文 list, one document, its opinions and the step a user may act on."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from yiwang.core.orgs.models import Agency
from yiwang.core.workflow import selectors as workflow_selectors
from yiwang.core.workflow.models import WorkItem

from .. import permissions
from ..models import Distribution, Document, DocumentIssuer, IssuerCode, Opinion, SupervisionFlag

PAGE_SIZE = 50
# The 公文 lists count at most this many rows ("2,000 件以上，请用筛选缩小范围"): beyond it a count
# under a wide filter walks ~100,000 index entries (bench/documents/lists.py) and tells a reader
# nothing a filter would not; the first 40 pages stay reachable.
COUNT_CAP = 2_000
LIST_COLUMNS = (
    "id",
    "doc_type",
    "urgency",
    "title",
    "doc_number",
    "status",
    "year",
    "created_at",
    "agency_id",
    "agency__short_name",
    "issuer_code_id",
)


def _visible(user: Any) -> QuerySet[Document]:
    """Documents of the user's agencies: 主办, co-issuer or recipient — one indexed test each."""
    documents = Document.objects.all()
    ids = permissions.visible_agency_ids(user)
    if ids is None:
        return documents
    if not ids:
        return documents.none()
    agencies = sorted(ids)
    co_issued = DocumentIssuer.objects.filter(document_id=OuterRef("pk"), agency_id__in=agencies)
    received = Distribution.objects.filter(document_id=OuterRef("pk"), recipient_id__in=agencies)
    return documents.filter(Q(agency_id__in=agencies) | Exists(co_issued) | Exists(received))


def list_outgoing(
    user: Any,
    *,
    status: str = "",
    doc_type: str = "",
    year: int | None = None,
    issuer_code_id: int | None = None,
    agency_id: int | None = None,
) -> QuerySet[Document]:
    """发文 list, newest first on (created_at, id) — the order of the composite indexes, so a page
    is an index range scan whatever the table's size (paginate with CappedPaginator)."""
    documents = _visible(user).select_related("agency").only(*LIST_COLUMNS)
    if status:
        documents = documents.filter(status=status)
    if doc_type:
        documents = documents.filter(doc_type=doc_type)
    if year:
        documents = documents.filter(year=year)
    if issuer_code_id:
        documents = documents.filter(issuer_code_id=issuer_code_id)
    if agency_id:
        documents = documents.filter(agency_id=agency_id)
    return documents.order_by("-created_at", "-id")


def get_document(user: Any, document_id: int) -> Document:
    """The document if `user` may see it, else Http404 (missing and forbidden look alike)."""
    document = (
        _visible(user)
        .select_related("agency", "issuer_code", "drafted_by", "sealed_file")
        .filter(pk=document_id)
        .first()
    )
    if document is None:
        raise Http404("公文不存在或无权查看。")
    return document


def list_issuers(document: Document) -> list[Agency]:
    """发文机关, 主办 first, in the order of the 发文机关标志."""
    rows = DocumentIssuer.objects.filter(document=document).select_related("agency").order_by("order", "id")
    return [row.agency for row in rows]


def list_co_issuers(document: Document) -> list[Agency]:
    return [agency for agency in list_issuers(document) if agency.pk != document.agency_id]


def list_opinions(document: Document) -> QuerySet[Opinion]:
    return Opinion.objects.filter(document=document).select_related("person", "agency").order_by("at", "id")


def list_distributions(document: Document) -> QuerySet[Distribution]:
    return Distribution.objects.filter(document=document).select_related("recipient").order_by("kind", "id")


def list_supervision_flags(document: Document) -> QuerySet[SupervisionFlag]:
    return (
        SupervisionFlag.objects.filter(document=document)
        .select_related("flagged_by", "responsible_agency")
        .prefetch_related("notes__author")
    )


def list_issuer_codes(agency_ids: Any = None) -> QuerySet[IssuerCode]:
    """Active 机关代字, optionally of some agencies."""
    codes = IssuerCode.objects.filter(is_active=True).select_related("agency")
    if agency_ids is not None:
        codes = codes.filter(agency_id__in=list(agency_ids))
    return codes.order_by("agency__path", "code")


def seal_agency_ids(code: str = "") -> QuerySet[IssuerCode, Any]:
    """The manifest's `seal_agencies`: the agencies (ids) that issue 公文 under an active 机关代字 of
    the 代字 table, so they need an electronic seal; with `code`, the agency owning that 代字."""
    if code:
        return IssuerCode.objects.filter(code=code).values("agency_id")
    return IssuerCode.objects.filter(is_active=True).values("agency_id")


def list_open_items(document: Document) -> list[WorkItem]:
    if not document.process_id:
        return []
    return list(workflow_selectors.list_open_items(workflow_selectors.get_instance(document.process_id)))


def get_open_item(document: Document, element_id: str, user: Any) -> WorkItem | None:
    """The open 待办 at `element_id` that `user` may act on (holder, delegate or group candidate)."""
    for item in list_open_items(document):
        if item.element_id == element_id and workflow_selectors.can_act_on(user, item):
            return item
    return None


def get_current_item(document: Document, user: Any) -> WorkItem | None:
    """The open 待办 of the document that `user` may act on now, if any."""
    for item in list_open_items(document):
        if workflow_selectors.can_act_on(user, item):
            return item
    return None
