"""Reads of the 诉求 module: bounded, with the relations a page shows."""

from __future__ import annotations

import threading
import time
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from yiwang.core.orgs.models import Agency
from yiwang.core.permissions import access
from yiwang.core.privacy.crypto import keyed_hash
from yiwang.core.workflow import selectors as workflow_selectors

from ..models import Assignment, Category, Ticket
from ..services import clean_phone


def list_active_categories() -> QuerySet[Category]:
    """Active categories whose parent (if any) is active too, in code order (the tree reads top-down)."""
    return (
        Category.objects.filter(active=True)
        .filter(Q(parent__isnull=True) | Q(parent__active=True))
        .select_related("parent")
        .order_by("code")
    )


_catalogue_lock = threading.Lock()
_catalogue: tuple[float, tuple[Category, ...]] = (0.0, ())


def cached_active_categories() -> tuple[Category, ...]:
    """`list_active_categories()` as this process last read it, at most
    `TICKETS_CATALOGUE_CACHE_SECONDS` ago (default 30; 0 reads it every time).

    Every intake (the web form, the hotline and each Open311 POST) checks its category against the
    tree, which the hotline office changes a few times a year: reading it once in a while instead
    of once a ticket takes a query off every submission. A category switched off is refused within
    that many seconds; the ticket's category is stored by id, so nothing else goes stale."""
    global _catalogue
    ttl = float(getattr(settings, "TICKETS_CATALOGUE_CACHE_SECONDS", 30))
    read_at, categories = _catalogue
    if ttl > 0 and categories and 0 <= time.monotonic() - read_at < ttl:
        return categories
    with _catalogue_lock:
        categories = tuple(list_active_categories())
        _catalogue = (time.monotonic(), categories)
    return categories


def get_active_category(pk: Any) -> Category | None:
    """The active category `pk` from the cached tree (`cached_active_categories`), else None."""
    return next((c for c in cached_active_categories() if str(c.pk) == str(pk)), None)


def category_label(category: Category) -> str:
    return f"{category.parent.name} / {category.name}" if category.parent_id and category.parent else category.name


def get_ticket_for_lookup(*, query_code: str, phone: str) -> Ticket | None:
    """The ticket with this 查询码 whose contact phone is `phone` (through its keyed hash), else None —
    a wrong code and a wrong phone answer the same, so neither can be probed on its own."""
    query_code, phone = (query_code or "").strip(), clean_phone(phone)
    if not (query_code.isdigit() and len(query_code) == 10 and phone):
        return None
    return (
        Ticket.objects.select_related("category", "category__parent", "agency")
        .filter(query_code=query_code, contact_phone_hash=keyed_hash(phone, purpose="phone"))
        .first()
    )


def list_my_tickets(user: Any) -> QuerySet[Ticket]:
    """我的诉求: the signed-in citizen's tickets, newest first (paginate the result)."""
    return (
        Ticket.objects.filter(citizen=user)
        .select_related("category", "category__parent", "agency")
        .order_by("-created_at", "-id")
    )


def get_my_ticket(*, user: Any, ticket_id: int) -> Ticket | None:
    """One of the signed-in citizen's own tickets, else None."""
    return Ticket.objects.filter(pk=ticket_id, citizen_id=user.pk).first()


# --- staff ------------------------------------------------------------------------------------

STAFF_PAGE_SIZE = 50
DISPATCH_VERB, HANDLE_VERB = "tickets.dispatch", "tickets.handle"


def can_see_staff_list(user: Any) -> bool:
    return access.can(user, DISPATCH_VERB) or access.can(user, HANDLE_VERB)


def _visible(user: Any) -> QuerySet[Ticket]:
    """派单员 see every ticket; an agency's staff the tickets their agency handles (主办)."""
    tickets = Ticket.objects.all()
    if access.can(user, DISPATCH_VERB):
        return tickets
    return access.filter_permitted(user, HANDLE_VERB, tickets)


def list_staff_tickets(
    user: Any,
    *,
    status: str = "",
    channel: str = "",
    kind: str = "",
    category_id: int | None = None,
    agency_id: int | None = None,
    overdue: bool = False,
    needs_review: bool = False,
    supervised: bool = False,
    now: datetime | None = None,
) -> QuerySet[Ticket]:
    """工单列表 with its filters, newest first (paginate the result). A category filter takes its
    sub-categories too."""
    # The list shows none of the personal data (decrypted per row when loaded) nor the long texts.
    tickets = (
        _visible(user)
        .select_related("category", "category__parent", "agency")
        .defer("address", "contact_name", "contact_phone", "content", "reply")
    )
    if status:
        tickets = tickets.filter(status=status)
    if channel:
        tickets = tickets.filter(channel=channel)
    if kind:
        tickets = tickets.filter(kind=kind)
    if category_id:
        tickets = tickets.filter(Q(category_id=category_id) | Q(category__parent_id=category_id))
    if agency_id:
        tickets = tickets.filter(agency_id=agency_id)
    if overdue:
        tickets = tickets.filter(due_at__lt=now or timezone.now()).exclude(
            status__in=[Ticket.Status.REPLIED, Ticket.Status.CLOSED]
        )
    if supervised:
        tickets = tickets.filter(supervised_at__isnull=False)
    if needs_review:  # 待审核: flagged by a sensitive word at intake (partial index tickets_ticket_review)
        tickets = tickets.filter(needs_review=True)
    return tickets.order_by("-created_at", "-id")


def get_staff_ticket(user: Any, ticket_id: int) -> Ticket:
    """The ticket if `user` may see it, else Http404 (no hint that it exists)."""
    ticket = _visible(user).select_related("category", "category__parent", "agency").filter(pk=ticket_id).first()
    if ticket is None:
        raise Http404("诉求不存在")
    return ticket


def list_assignments(ticket: Ticket) -> QuerySet[Assignment]:
    return ticket.assignments.select_related("agency", "dispatched_by", "returned_by").order_by("dispatched_at", "id")


def list_dispatch_agencies() -> QuerySet[Agency]:
    """The agencies a ticket may be dispatched to: every active government body and department."""
    return Agency.objects.filter(is_active=True).order_by("path")


def is_overdue(ticket: Ticket, *, now: datetime | None = None) -> bool:
    return bool(
        ticket.due_at
        and ticket.due_at < (now or timezone.now())
        and ticket.status not in (Ticket.Status.REPLIED, Ticket.Status.CLOSED)
    )


def get_open_step(ticket: Ticket, element_id: str, user: Any) -> Any:
    """The ticket's open work item at `element_id` if `user` may act on it (holder, delegate or
    group candidate), else None — the ticket page offers that step's form only then."""
    if not ticket.process_id:
        return None
    instance = workflow_selectors.get_instance(ticket.process_id)
    item = workflow_selectors.list_open_items(instance).filter(element_id=element_id).first()
    return item if item is not None and workflow_selectors.can_act_on(user, item) else None
