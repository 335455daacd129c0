"""Reads of the Open311 GeoReport v2 API: the services (诉求分类), the service requests a caller may
see, their updates (mySociety's extension), and the API keys for the staff page.

Who sees which ticket through Open311 (the public API has no signed-in citizen):
- anyone: the tickets published on the portal's 政民互动 column (`Publication`, published — the
  citizen consented, did not ask for 保密, has an approved reply and the hotline office did not
  withhold it), with the publication's masked text, no contact data, no address and the map point
  rounded to about 100 m;
- the app that submitted a ticket (its `api_key` on the request): that ticket too, from submission
  on, with its text, address and map point as submitted — still without the contact data, which the
  app already has.
Everything else answers as if it did not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Max, Q, QuerySet

from ..models import Assignment, Category, Ticket
from ..models.open311 import ApiKey, ServiceRequest
from ..models.publication import Publication
from ..services.open311 import hash_api_key
from . import cached_active_categories

MAX_RESULTS = 1000  # one answer never lists more; narrow the dates for more
DEFAULT_WINDOW = timedelta(days=90)  # GeoReport v2: without dates, the most recent 90 days
CLOSED_STATUSES = (Ticket.Status.REPLIED, Ticket.Status.CLOSED)


@dataclass(frozen=True)
class Service:
    """One Open311 service: an active leaf of the 诉求分类 tree; `group` is its top-level category."""

    category: Category
    group: str


def list_services() -> list[Service]:
    """The active leaf categories in code order, each with the name of its top-level category."""
    categories = list(cached_active_categories())
    parents = {c.parent_id for c in categories if c.parent_id}
    by_id = {c.pk: c for c in categories}
    services = []
    for category in categories:
        if category.pk in parents:
            continue
        top = category
        while top.parent_id and top.parent_id in by_id:
            top = by_id[top.parent_id]
        services.append(Service(category=category, group=top.name))
    return services


def get_service(service_code: str) -> Service | None:
    """The service `service_code`, else None — from the cached tree (every POST asks for it)."""
    if not service_code:
        return None
    categories = cached_active_categories()
    if any(c.parent_id is not None and c.parent is not None and c.parent.code == service_code for c in categories):
        return None  # a category with active children is a group, not a service
    category = next((c for c in categories if c.code == service_code), None)
    if category is None:
        return None
    top = category
    while top.parent_id and top.parent is not None:  # the seeded tree has two levels: one step
        top = top.parent
    return Service(category=category, group=top.name)


def get_active_api_key(raw: str) -> ApiKey | None:
    """The active key whose keyed hash matches `raw`, else None (a wrong and a revoked key alike)."""
    if not raw:
        return None
    return ApiKey.objects.filter(key_hash=hash_api_key(raw), active=True).first()


def list_api_keys() -> QuerySet[ApiKey]:
    return ApiKey.objects.select_related("created_by", "revoked_by").order_by("-created_at", "-id")


def get_api_key(key_id: int) -> ApiKey | None:
    return ApiKey.objects.filter(pk=key_id).first()


def _public() -> Q:
    return Q(publication__state=Publication.State.PUBLISHED)


def _rule(api_key: ApiKey | None) -> Q:
    rule = _public()
    if api_key is not None:
        rule |= Q(open311_request__api_key=api_key)
    return rule


def visible_requests(api_key: ApiKey | None) -> QuerySet[Ticket]:
    """The tickets the caller may see (see the module docstring)."""
    return (
        Ticket.objects.filter(_rule(api_key))
        .select_related("category", "agency", "open311_request", "publication")
        .annotate(last_dispatched_at=Max("assignments__dispatched_at"))
    )


def public_texts(ticket: Ticket, api_key: ApiKey | None) -> tuple[str, str]:
    """(description, reply) as the caller may read them: as submitted and approved for the app that
    sent the ticket, else the publication's masked copies."""
    if is_own(ticket, api_key):
        return ticket.content, ticket.reply
    publication = getattr(ticket, "publication", None)
    return (publication.content, publication.reply) if publication is not None else ("", "")


def is_own(ticket: Ticket, api_key: ApiKey | None) -> bool:
    """True when `api_key` submitted `ticket` (its app sees what it sent, unmasked)."""
    try:
        record: ServiceRequest | None = ticket.open311_request
    except ServiceRequest.DoesNotExist:
        record = None
    return api_key is not None and record is not None and record.api_key_id == api_key.pk


def list_requests(
    *,
    api_key: ApiKey | None,
    service_request_ids: list[str] | None = None,
    service_codes: list[str] | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    statuses: list[str] | None = None,
    now: datetime,
) -> list[Ticket]:
    """GET Service Requests: by ids (which override the other filters), else by service, dates
    (requested_datetime; the last 90 days by default) and open/closed, newest first."""
    tickets = visible_requests(api_key)
    if service_request_ids:
        return list(tickets.filter(query_code__in=service_request_ids[:MAX_RESULTS]).order_by("-created_at", "-id"))
    if service_codes:
        tickets = tickets.filter(category__code__in=service_codes)
    end = end or now
    start = start or end - DEFAULT_WINDOW
    tickets = tickets.filter(created_at__gte=start, created_at__lte=end)
    if statuses and set(statuses) != {"open", "closed"}:
        closed = tickets.filter(status__in=CLOSED_STATUSES)
        tickets = closed if statuses == ["closed"] else tickets.exclude(status__in=CLOSED_STATUSES)
    return list(tickets.order_by("-created_at", "-id")[:MAX_RESULTS])


def get_request(*, api_key: ApiKey | None, service_request_id: str) -> Ticket | None:
    return visible_requests(api_key).filter(query_code=service_request_id).first()


def get_request_for_token(token: str) -> ServiceRequest | None:
    """The Open311 record behind a token (the token is unguessable; the answer is only the id)."""
    return ServiceRequest.objects.select_related("ticket").filter(token=token).first() if token else None


def open311_status(ticket: Ticket) -> str:
    """GeoReport v2 knows only open and closed: a ticket is closed once its reply is approved."""
    return "closed" if ticket.status in CLOSED_STATUSES else "open"


@dataclass(frozen=True)
class Update:
    """One service request update (mySociety's extension): a dispatch or an approved reply."""

    update_id: str
    ticket: Ticket
    status: str
    updated_at: datetime
    description: str  # for a reply: read it through `public_texts` (masked for others)
    is_reply: bool = False


def list_updates(*, api_key: ApiKey | None, start: datetime, end: datetime) -> list[Update]:
    """GET Service Request Updates between `start` and `end`, oldest first: each dispatch to an
    agency (in_progress, naming the agency) and each approved reply (closed, with its text) of the
    tickets the caller may see."""
    visible = visible_requests(api_key)
    updates: list[Update] = []
    assignments = (
        Assignment.objects.filter(
            ticket__in=Ticket.objects.filter(_rule(api_key)), dispatched_at__gte=start, dispatched_at__lte=end
        )
        .select_related("ticket", "ticket__open311_request", "ticket__publication", "agency")
        .order_by("dispatched_at", "id")[:MAX_RESULTS]
    )
    for assignment in assignments:
        updates.append(
            Update(
                update_id=f"dispatch-{assignment.pk}",
                ticket=assignment.ticket,
                status="in_progress",
                updated_at=assignment.dispatched_at,
                description=f"已交由{assignment.agency.full_name}办理。",
            )
        )
    replied = visible.filter(replied_at__gte=start, replied_at__lte=end).order_by("replied_at", "id")[:MAX_RESULTS]
    for ticket in replied:
        assert ticket.replied_at is not None
        updates.append(
            Update(
                update_id=f"reply-{ticket.pk}-{int(ticket.replied_at.timestamp())}",
                ticket=ticket,
                status="closed",
                updated_at=ticket.replied_at,
                description=ticket.reply,
                is_reply=True,
            )
        )
    updates.sort(key=lambda u: (u.updated_at, u.update_id))
    return updates[:MAX_RESULTS]


def rounded(value: Decimal | None, *, own: bool) -> Decimal | None:
    """The map point as submitted for the app that sent it, else rounded to 3 places (~100 m)."""
    if value is None or own:
        return value
    return value.quantize(Decimal("0.001"))


def updated_at(ticket: Any) -> datetime:
    """The latest change the API reports: the reply, else the latest dispatch, else the submission."""
    moments = [m for m in (ticket.replied_at, getattr(ticket, "last_dispatched_at", None)) if m]
    return max([ticket.created_at, *moments])
