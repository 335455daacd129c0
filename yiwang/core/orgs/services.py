"""Writes to the organisation tree. Paths are kept here, never in `save()`."""

from __future__ import annotations

from django.db import transaction

from .models import Agency, Division

PATH_STEP = 4


def _next_path(parent: Agency | None) -> str:
    prefix = parent.path if parent else ""
    siblings = Agency.objects.filter(parent=parent).order_by("-path").values_list("path", flat=True)
    last = siblings.first()
    number = int(last[len(prefix) : len(prefix) + PATH_STEP]) + 1 if last else 1
    return f"{prefix}{number:0{PATH_STEP}d}."


@transaction.atomic
def create_agency(
    *, parent: Agency | None, division: Division, kind: str, full_name: str, short_name: str, **fields: object
) -> Agency:
    """Create an agency under `parent` with its materialised path."""
    agency = Agency(parent=parent, division=division, kind=kind, full_name=full_name, short_name=short_name, **fields)
    agency.path = _next_path(parent)
    agency.full_clean()
    agency.save()
    return agency
