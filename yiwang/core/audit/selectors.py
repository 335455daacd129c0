"""Reads of the audit log (for the audit administrator only — see views)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from .models import AuditEntry


@dataclass(frozen=True, kw_only=True)
class AuditFilter:
    actor: str = ""
    event: str = ""
    object_type: str = ""
    object_id: str = ""
    result: str = ""
    date_from: date | None = None
    date_to: date | None = None


def list_entries(filters: AuditFilter) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.order_by("-seq")
    if filters.actor:
        entries = entries.filter(actor_label__icontains=filters.actor)
    if filters.event:
        entries = entries.filter(event__startswith=filters.event)
    if filters.object_type:
        entries = entries.filter(object_type=filters.object_type)
    if filters.object_id:
        entries = entries.filter(object_id=filters.object_id)
    if filters.result:
        entries = entries.filter(result=filters.result)
    if filters.date_from:
        entries = entries.filter(created_at__date__gte=filters.date_from)
    if filters.date_to:
        entries = entries.filter(created_at__date__lte=filters.date_to)
    return entries
