"""Reads of 公开: the public list of masked tickets and replies, one published ticket, the search rebuild."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import Http404

from yiwang.core.orgs.models import Agency
from yiwang.core.search.types import SearchDocument

from ..models import Publication, Ticket
from ..services import publication as publication_services

PUBLIC_PAGE_SIZE = 20


def _public() -> QuerySet[Publication]:
    # The consent and confidentiality are checked again here, so a ticket whose citizen withdrew
    # consent (or asked for confidentiality) after publication is never shown.
    return Publication.objects.filter(
        state=Publication.State.PUBLISHED,
        replied_at__isnull=False,
        ticket__wants_public=True,
        ticket__confidential=False,
    )


def list_public_replies(*, channel: str = "", kind: str = "", agency_id: int | None = None) -> QuerySet[Publication]:
    """来信选登: published tickets with their approved replies, latest reply first (paginate it)."""
    rows = _public().select_related("agency")
    if channel:
        rows = rows.filter(channel=channel)
    if kind:
        rows = rows.filter(kind=kind)
    if agency_id:
        rows = rows.filter(agency_id=agency_id)
    return rows.order_by("-replied_at", "-id")


def get_public_reply(publication_id: int) -> Publication:
    """One published ticket, else Http404 (withheld, unpublished and missing answer alike)."""
    row = _public().select_related("agency").filter(pk=publication_id).first()
    if row is None:
        raise Http404("该诉求未公开")
    return row


def list_replying_agencies() -> QuerySet[Agency]:
    """The agencies that have a published reply (the 答复部门 filter of the public list)."""
    ids = _public().exclude(agency__isnull=True).values("agency_id")
    return Agency.objects.filter(pk__in=ids).order_by("path")


def get_publication(ticket: Ticket) -> Publication | None:
    """The ticket's public copy (published or withheld), for the staff ticket page."""
    return Publication.objects.filter(ticket=ticket).select_related("withheld_by").first()


def publication_documents() -> Iterator[SearchDocument]:
    """Every published ticket's masked text (the search service's full rebuild)."""
    for row in _public().order_by("pk").iterator(chunk_size=500):
        yield publication_services.search_document(row)
