"""Reads for 改派, 合并, 延期 and 督办: suggested duplicates, extension requests, who is told."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from yiwang.core.accounts.models import User
from yiwang.core.orgs.models import Membership, Role
from yiwang.core.permissions import access
from yiwang.core.search.text import index_bigrams, normalise
from yiwang.core.workflow import selectors as workflow_selectors

from ..models import ExtensionRequest, Ticket

DISPATCH_VERB = "tickets.dispatch"
# Bounds of the duplicate search (settings.YIWANG_TICKETS overrides them): the candidates come
# through indexes (the caller's phone hash; the category and submission time), at most a few
# dozen rows, and only those are compared in Python — cheap with a million tickets.
DUPLICATE_DEFAULTS: dict[str, Any] = {
    "DUPLICATE_WINDOW_DAYS": 30,  # how recent a duplicate may be
    "DUPLICATE_SAME_CALLER": 20,  # candidates from the same phone
    "DUPLICATE_SAME_CATEGORY": 40,  # candidates from the same category
    "DUPLICATE_MIN_SIMILARITY": 0.3,  # text similarity (Dice of character bigrams) to suggest
    "DUPLICATE_SUGGESTIONS": 5,
}


def _option(name: str) -> Any:
    return getattr(settings, "YIWANG_TICKETS", {}).get(name, DUPLICATE_DEFAULTS[name])


@dataclass(frozen=True)
class DuplicateSuggestion:
    """A ticket that may repeat the one on screen: how alike their texts are, and whether the
    same caller (phone) sent it."""

    ticket: Ticket
    similarity: float
    same_caller: bool

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)


def _bigrams(ticket: Ticket) -> set[str]:
    # The search service's own normalisation and character bigrams: Chinese text needs no spaces.
    return set(index_bigrams(normalise(f"{ticket.title} {ticket.content}")).split())


def text_similarity(a: set[str], b: set[str]) -> float:
    """Dice coefficient of two bigram sets: 1.0 the same text, 0.0 nothing in common."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def list_duplicate_suggestions(ticket: Ticket) -> list[DuplicateSuggestion]:
    """疑似重复: recent tickets from the same caller, or in the same category with similar text,
    most alike first. Merged tickets are left out (their main ticket is the one to merge into)."""
    since = ticket.created_at - timedelta(days=int(_option("DUPLICATE_WINDOW_DAYS")))
    recent = (
        Ticket.objects.filter(created_at__gte=since, merged_into__isnull=True)
        .exclude(pk=ticket.pk)
        .only("id", "query_code", "title", "content", "status", "created_at", "contact_phone_hash", "category_id")
        .order_by("-created_at", "-id")
    )
    candidates: dict[int, Ticket] = {}
    if ticket.contact_phone_hash:
        for other in recent.filter(contact_phone_hash=ticket.contact_phone_hash)[
            : int(_option("DUPLICATE_SAME_CALLER"))
        ]:
            candidates[other.pk] = other
    for other in recent.filter(category_id=ticket.category_id)[: int(_option("DUPLICATE_SAME_CATEGORY"))]:
        candidates.setdefault(other.pk, other)
    mine = _bigrams(ticket)
    threshold = float(_option("DUPLICATE_MIN_SIMILARITY"))
    found = []
    for other in candidates.values():
        similarity = text_similarity(mine, _bigrams(other))
        same_caller = bool(ticket.contact_phone_hash) and other.contact_phone_hash == ticket.contact_phone_hash
        if same_caller or similarity >= threshold:
            found.append(DuplicateSuggestion(ticket=other, similarity=similarity, same_caller=same_caller))
    found.sort(key=lambda s: (s.similarity + (0.5 if s.same_caller else 0.0), s.ticket.created_at), reverse=True)
    return found[: int(_option("DUPLICATE_SUGGESTIONS"))]


def is_in_handle_step(ticket: Ticket) -> bool:
    """The 办理 step is open (not yet drafted and sent to the leader): 改派 is possible."""
    if not ticket.process_id:
        return False
    instance = workflow_selectors.get_instance(ticket.process_id)
    return workflow_selectors.list_open_items(instance).filter(element_id="handle").exists()


def has_dispatch_step(ticket: Ticket) -> bool:
    """The ticket's current process has a 派单 step a 退单 can go back to."""
    if not ticket.process_id:
        return False
    return "dispatch" in workflow_selectors.get_instance(ticket.process_id).definition.steps


def get_merge_target(*, query_code: str) -> Ticket | None:
    """The main ticket a duplicate is merged into, by its 查询码 (dispatchers see every ticket)."""
    query_code = (query_code or "").strip()
    if not (query_code.isdigit() and len(query_code) == 10):
        return None
    return Ticket.objects.filter(query_code=query_code).first()


def list_extension_requests(ticket: Ticket) -> QuerySet[ExtensionRequest]:
    return ticket.extension_requests.select_related("agency", "requested_by", "decided_by").order_by(
        "requested_at", "id"
    )


def get_pending_extension(ticket: Ticket) -> ExtensionRequest | None:
    return ticket.extension_requests.filter(status=ExtensionRequest.Status.PENDING).first()


def list_merged_tickets(ticket: Ticket) -> QuerySet[Ticket]:
    return ticket.merged_tickets.only("id", "query_code", "title", "created_at").order_by("created_at", "id")[:50]


def list_dispatchers() -> list[User]:
    """热线办: active staff holding `tickets.dispatch` (the chokepoint `can()` decides)."""
    role_ids = [role.pk for role in Role.objects.only("pk", "verbs") if DISPATCH_VERB in (role.verbs or [])]
    holders = User.objects.filter(
        is_active=True, kind=User.Kind.STAFF, pk__in=Membership.objects.filter(role_id__in=role_ids).values("user_id")
    )
    return [user for user in holders.order_by("pk")[:200] if access.can(user, DISPATCH_VERB)]


def list_agency_leaders(agency_id: int) -> list[User]:
    """The 主办 agency's leaders (本机构负责人)."""
    return list(
        User.objects.filter(is_active=True, memberships__agency_id=agency_id, memberships__is_leader=True)
        .distinct()
        .order_by("pk")
    )


def ticket_content_type() -> ContentType:
    return ContentType.objects.get_for_model(Ticket)
