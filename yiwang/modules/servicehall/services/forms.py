"""Writes of 申请表单 (application forms defined as data): save a definition as a new version.

The caller checks that the actor may edit the item (`servicehall.manage_catalogue` in the item's
agency, through `core.permissions.access`); the staff editor does, and the seed runs as the platform.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from yiwang.core.audit import services as audit

from ..forms_engine.definition import check_definition
from ..models import ServiceForm, ServiceFormVersion, ServiceItem

__all__ = ["save_form_definition"]


def save_form_definition(
    *,
    item: ServiceItem,
    schema: dict[str, Any],
    layout: dict[str, Any],
    actor: Any = None,
    ip: str | None = None,
) -> ServiceForm:
    """保存申请表单: check the definition (`ValidationError` with Chinese messages under "schema" and
    "layout" if it breaks the format — nothing is written), then store it as the item's form with
    the next version number, keeping every version as a `ServiceFormVersion` so an application can
    name the one it was filled with. Saving the same definition again changes nothing (so a seed
    can be re-run) and returns the form as it is."""
    check_definition(schema, layout)
    now = timezone.now()
    user = actor if getattr(actor, "pk", None) else None
    with transaction.atomic():
        form = ServiceForm.objects.select_for_update().filter(item=item).first()
        if form is not None and form.schema == schema and form.layout == layout:
            return form
        before = form.version if form is not None else None
        if form is None:
            form = ServiceForm(item=item, version=1)
        else:
            form.version += 1
        form.schema, form.layout, form.updated_by = schema, layout, user
        form.save()
        ServiceFormVersion.objects.create(
            form=form, version=form.version, schema=schema, layout=layout, saved_by=user, saved_at=now
        )
        audit.record(
            event="servicehall.form.save",
            actor=user,
            obj=form,
            ip=ip,
            detail={
                "item": item.pk,
                "version": {"before": before, "after": form.version},
                "fields": sorted(schema.get("properties", {})),
            },
        )
    return form
