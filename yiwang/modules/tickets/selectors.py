"""Reads of the 诉求 module: bounded, with the relations a page shows."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from yiwang.core.privacy.crypto import keyed_hash

from .models import Category, Ticket
from .services import clean_phone


def list_active_categories() -> QuerySet[Category]:
    """Active categories whose parent (if any) is active too, in code order (the tree reads top-down)."""
    return (
        Category.objects.filter(active=True)
        .filter(Q(parent__isnull=True) | Q(parent__active=True))
        .select_related("parent")
        .order_by("code")
    )


def category_label(category: Category) -> str:
    return f"{category.parent.name} / {category.name}" if category.parent_id and category.parent else category.name


def get_ticket_for_lookup(*, query_code: str, phone: str) -> Ticket | None:
    """The ticket with this 查询码 whose contact phone is `phone` (through its keyed hash), else None —
    a wrong code and a wrong phone answer the same, so neither can be probed on its own."""
    query_code, phone = (query_code or "").strip(), clean_phone(phone)
    if not (query_code.isdigit() and len(query_code) == 10 and phone):
        return None
    return (
        Ticket.objects.select_related("category", "category__parent")
        .filter(query_code=query_code, contact_phone_hash=keyed_hash(phone, purpose="phone"))
        .first()
    )


def list_my_tickets(user: Any) -> QuerySet[Ticket]:
    """我的诉求: the signed-in citizen's tickets, newest first (paginate the result)."""
    return (
        Ticket.objects.filter(citizen=user)
        .select_related("category", "category__parent")
        .order_by("-created_at", "-id")
    )


def get_my_ticket(*, user: Any, ticket_id: int) -> Ticket | None:
    """One of the signed-in citizen's own tickets, else None."""
    return Ticket.objects.filter(pk=ticket_id, citizen_id=user.pk).first()
