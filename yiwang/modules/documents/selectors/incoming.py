"""Reads of 收文: the list, one 收文, its 处理笺, its 承办 departments, its 传阅 readers and the step
a user may act on."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from yiwang.core.accounts.models import User
from yiwang.core.orgs.models import Agency
from yiwang.core.workflow import selectors as workflow_selectors
from yiwang.core.workflow.models import WorkItem

from .. import permissions
from ..models import HandlingAssignment, IncomingDocument, IncomingOpinion

PAGE_SIZE = 50
LIST_COLUMNS = (
    "id",
    "agency_id",
    "agency__short_name",
    "title",
    "source_name",
    "source_number",
    "doc_type",
    "urgency",
    "number",
    "status",
    "year",
    "received_at",
    "deadline",
)
BOXES = ("received", "handling", "all")


def _visible(user: Any, box: str = "all") -> QuerySet[IncomingDocument]:
    """收文 of the user's agencies as receiver (box "received"), as 承办 department ("handling"),
    or either ("all"). Each is one indexed test: (agency, received_at, id) and (agency, incoming)."""
    rows = IncomingDocument.objects.all()
    ids = permissions.visible_agency_ids(user)
    if ids is None:
        return rows
    if not ids:
        return rows.none()
    agencies = sorted(ids)
    handled = HandlingAssignment.objects.filter(incoming_id=OuterRef("pk"), agency_id__in=agencies)
    if box == "received":
        return rows.filter(agency_id__in=agencies)
    if box == "handling":
        return rows.filter(Exists(handled))
    return rows.filter(Q(agency_id__in=agencies) | Exists(handled))


def list_incoming(
    user: Any,
    *,
    status: str = "",
    year: int | None = None,
    agency_id: int | None = None,
    box: str = "received",
) -> QuerySet[IncomingDocument]:
    """收文 list, newest first on (received_at, id). One query. The default box, the receiving
    agencies' own, is a range scan of the per-agency composite indexes whatever the table's size;
    "handling" (交本单位承办) goes through `HandlingAssignment (agency, incoming)`, and "all" is both
    (an OR the planner cannot serve from one index: for the screen's 全部 choice only)."""
    rows = _visible(user, box if box in BOXES else "received").select_related("agency").only(*LIST_COLUMNS)
    if status:
        rows = rows.filter(status=status)
    if year:
        rows = rows.filter(year=year)
    if agency_id:
        rows = rows.filter(agency_id=agency_id)
    return rows.order_by("-received_at", "-id")


def get_incoming(user: Any, incoming_id: int) -> IncomingDocument:
    """The 收文 if `user` may see it — by agency, or as someone it was circulated to or who holds a
    step of it — else Http404 (missing and forbidden look alike)."""
    related = ("agency", "distribution__document", "source_agency", "file", "signed_for_by", "instructed_by")
    incoming = _visible(user).select_related(*related).filter(pk=incoming_id).first()
    if incoming is None and getattr(user, "is_authenticated", False):
        found = IncomingDocument.objects.select_related(*related).filter(pk=incoming_id).first()
        if found is not None and found.process_id:
            instance = workflow_selectors.get_instance(found.process_id)
            if workflow_selectors.instance_visible_to(user, instance):
                incoming = found
    if incoming is None:
        raise Http404("收文不存在或无权查看。")
    return incoming


def list_opinions(incoming: IncomingDocument) -> QuerySet[IncomingOpinion]:
    return IncomingOpinion.objects.filter(incoming=incoming).select_related("person", "agency").order_by("at", "id")


def list_assignments(incoming: IncomingDocument) -> QuerySet[HandlingAssignment]:
    return (
        HandlingAssignment.objects.filter(incoming=incoming)
        .select_related("agency", "done_by", "assigned_by")
        .order_by("role", "id")
    )


@dataclass(frozen=True)
class Reader:
    """One person a 收文 was circulated to: when it was sent, by whom, and when they read it."""

    user: User
    sent_at: datetime
    sender: User | None
    read_at: datetime | None
    opinion: str


def list_readers(incoming: IncomingDocument) -> list[Reader]:
    """传阅: who has read it, and when (None: not yet)."""
    if not incoming.process_id:
        return []
    items = (
        WorkItem.objects.filter(instance_id=uuid.UUID(incoming.process_id), kind=WorkItem.Kind.READ)
        .exclude(state=WorkItem.State.CANCELLED)
        .select_related("assignee", "sender")
        .order_by("created_at")
    )
    return [
        Reader(
            user=item.assignee,  # type: ignore[arg-type]
            sent_at=item.created_at,
            sender=item.sender,
            read_at=item.completed_at if item.state == WorkItem.State.DONE else None,
            opinion=item.opinion,
        )
        for item in items
        if item.assignee is not None
    ]


def list_open_items(incoming: IncomingDocument) -> list[WorkItem]:
    if not incoming.process_id:
        return []
    return list(workflow_selectors.list_open_items(workflow_selectors.get_instance(incoming.process_id)))


def get_current_item(incoming: IncomingDocument, user: Any) -> WorkItem | None:
    """The open 待办 of the 收文 that `user` may act on now (a 待阅 is not one)."""
    acting = workflow_selectors.get_acting(user)
    for item in list_open_items(incoming):
        if item.kind == WorkItem.Kind.TODO and workflow_selectors.can_act_on(user, item, acting):
            return item
    return None


def get_read_item(incoming: IncomingDocument, user: Any) -> WorkItem | None:
    """The user's own open 待阅 on this 收文, if any."""
    if not incoming.process_id:
        return None
    return (
        WorkItem.objects.filter(
            instance_id=uuid.UUID(incoming.process_id),
            kind=WorkItem.Kind.READ,
            state=WorkItem.State.OPEN,
            assignee_id=getattr(user, "pk", None),
        )
        .order_by("created_at")
        .first()
    )


def handling_agencies_of(incoming: IncomingDocument, user: Any) -> list[Agency]:
    """The 承办 departments of this 收文 for which `user` may report a result (not yet reported)."""
    rows = list_assignments(incoming).filter(done_at__isnull=True)
    return [row.agency for row in rows if permissions.can_step(user, permissions.HANDLE, row.agency_id)]


def agency_staff(agency: Agency) -> QuerySet[User]:
    """Staff holding a post in `agency` (the 传阅 choices)."""
    return (
        User.objects.filter(kind=User.Kind.STAFF, is_active=True, memberships__agency=agency)
        .distinct()
        .order_by("display_name", "pk")
    )


def handling_agency_choices(incoming: IncomingDocument) -> QuerySet[Agency]:
    """The departments a 收文 may be given to: the receiving agency, its subtree and its siblings
    under the same parent (e.g. the other bureaux of a 市政府)."""
    agency = incoming.agency
    query = Q(path__startswith=agency.path)
    if agency.parent_id:
        query |= Q(parent_id=agency.parent_id)
    return Agency.objects.filter(query, is_active=True).order_by("path")
