"""Loading the seeded catalogue (`seed/`) — the real 政务服务事项 of 伊春市 with their 办事指南,
materials, steps, topics, life events and application forms.

`load_catalogue` is idempotent: items are matched by 事项编码 and only what differs is written
(an item's materials and steps are replaced when any of them changed), so a second run changes
nothing — no row, no audit entry. Everything is written in one transaction; an item whose agency
the deployment does not have is skipped and named in the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from yiwang.core.audit import services as audit
from yiwang.core.orgs.models import Agency

from .. import seed
from ..models import LifeEvent, ServiceItem, ServiceMaterial, ServiceStep, ServiceTopic
from . import catalogue
from .forms import save_form_definition

__all__ = ["SeedResult", "load_catalogue"]

# What the seed sets on an item: the editor's fields but the code (the key) and the agency (looked up).
ITEM_FIELDS = tuple(field for field in catalogue.ITEM_FIELDS if field not in ("code", "agency"))
MATERIAL_FIELDS = (
    "name",
    "source",
    "form",
    "copies",
    "medium",
    "file_format",
    "required",
    "deferrable",
    "certificate_type",
    "notes",
)
STEP_FIELDS = ("name", "days", "description")


@dataclass
class SeedResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    topics: int = 0
    life_events: int = 0
    forms: int = 0
    skipped: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.topics or self.life_events or self.forms)

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "topics": self.topics,
            "life_events": self.life_events,
            "forms": self.forms,
            "skipped": list(self.skipped),
        }


def load_catalogue(*, actor: Any = None) -> SeedResult:
    """Create or update every seeded item (published), its materials, steps, topics, life events
    and form. Returns what was created, updated, left unchanged and skipped."""
    items = seed.all_items()
    agencies = {a.full_name: a for a in Agency.objects.filter(full_name__in={spec.agency for spec in items})}
    result = SeedResult()
    user = actor if getattr(actor, "pk", None) else None
    with transaction.atomic():
        topics, result.topics = _browse_terms(ServiceTopic, seed.TOPICS)
        events, result.life_events = _browse_terms(LifeEvent, seed.LIFE_EVENTS)
        for spec in items:
            agency = agencies.get(spec.agency)
            if agency is None:
                result.skipped.append(f"{spec.name}（缺少实施机关“{spec.agency}”）")
                continue
            _load_item(spec, agency, topics, events, user, result)
        if result.changed:
            audit.record(event="servicehall.catalogue.seed", actor=user, detail=result.as_dict())
    return result


def _browse_terms(model: Any, specs: tuple[seed.Topic, ...]) -> tuple[dict[str, Any], int]:
    """The topics or life events by code, created or corrected; and how many were written."""
    existing = {row.code: row for row in model.objects.filter(code__in=[s.code for s in specs])}
    written = 0
    for order, spec in enumerate(specs, start=1):
        row = existing.get(spec.code)
        wanted = {"name": spec.name, "audience": spec.audience, "sort_order": order}
        if row is None:
            row = model(code=spec.code, **wanted)
        elif all(getattr(row, key) == value for key, value in wanted.items()):
            continue
        else:
            for key, value in wanted.items():
                setattr(row, key, value)
        row.full_clean()
        row.save()
        existing[spec.code] = row
        written += 1
    return existing, written


def _load_item(
    spec: seed.Item,
    agency: Agency,
    topics: dict[str, ServiceTopic],
    events: dict[str, LifeEvent],
    user: Any,
    result: SeedResult,
) -> None:
    wanted = {name: getattr(spec, name) for name in ITEM_FIELDS}
    item = ServiceItem.objects.filter(code=spec.code).first()
    touched = False
    if item is None:
        item = ServiceItem(
            code=spec.code,
            agency=agency,
            status=ServiceItem.Status.PUBLISHED,
            published_at=timezone.now(),
            created_by=user,
            **wanted,
        )
        item.full_clean()
        item.save()
        result.created += 1
        created = True
    else:
        created = False
        differs = (
            any(getattr(item, key) != value for key, value in wanted.items())
            or item.agency_id != agency.pk
            or item.status != ServiceItem.Status.PUBLISHED
        )
        if differs:
            for key, value in wanted.items():
                setattr(item, key, value)
            item.agency = agency
            item.status = ServiceItem.Status.PUBLISHED
            item.published_at = item.published_at or timezone.now()
            item.full_clean()
            item.save()
            touched = True
    touched |= _replace_rows(item, ServiceMaterial, "materials", MATERIAL_FIELDS, spec.materials)
    touched |= _replace_rows(item, ServiceStep, "steps", STEP_FIELDS, spec.steps)
    touched |= _set_terms(item.topics, topics, spec.topics)
    touched |= _set_terms(item.life_events, events, spec.life_events)
    if spec.form is not None:
        form = getattr(item, "form", None) if not created else None
        if form is None or form.schema != spec.form.schema or form.layout != spec.form.layout:
            save_form_definition(item=item, schema=spec.form.schema, layout=spec.form.layout, actor=user)
            result.forms += 1
    if not created:
        if touched:
            result.updated += 1
        else:
            result.unchanged += 1


def _replace_rows(item: ServiceItem, model: Any, related: str, fields: tuple[str, ...], specs: tuple) -> bool:
    """Replace the item's materials or steps when any differs from the seed; True if replaced."""
    wanted = [tuple(getattr(spec, name) for name in fields) for spec in specs]
    have = list(getattr(item, related).order_by("sort_order", "id").values_list(*fields))
    if have == wanted:
        return False
    getattr(item, related).all().delete()
    rows = []
    for order, values in enumerate(wanted, start=1):
        row = model(item=item, sort_order=order, **dict(zip(fields, values, strict=True)))
        row.full_clean()
        rows.append(row)
    model.objects.bulk_create(rows)
    return True


def _set_terms(manager: Any, terms: dict[str, Any], codes: tuple[str, ...]) -> bool:
    wanted = {terms[code].pk for code in codes}
    if set(manager.values_list("pk", flat=True)) == wanted:
        return False
    manager.set(wanted)
    return True
