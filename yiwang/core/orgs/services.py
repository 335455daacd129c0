"""Writes to the organisation tree (组织机构). Paths are kept here, never in `save()`; every
change is audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.forms.models import model_to_dict

from yiwang.core.audit import services as audit
from yiwang.core.registry.registry import all_verbs

from .models import Agency, Division, Role

PATH_STEP = 4
EDITABLE_AGENCY_FIELDS = (
    "kind",
    "full_name",
    "short_name",
    "code_word",
    "uscc",
    "address",
    "phone",
    "office_hours",
    "duties",
    "sort_order",
    "is_active",
)


def _next_path(parent: Agency | None) -> str:
    prefix = parent.path if parent else ""
    siblings = Agency.objects.filter(parent=parent).order_by("-path").values_list("path", flat=True)
    last = siblings.first()
    number = int(last[len(prefix) : len(prefix) + PATH_STEP]) + 1 if last else 1
    return f"{prefix}{number:0{PATH_STEP}d}."


def _snapshot(agency: Agency) -> dict[str, Any]:
    return model_to_dict(agency, fields=EDITABLE_AGENCY_FIELDS)


@transaction.atomic
def create_agency(
    *,
    parent: Agency | None,
    division: Division,
    kind: str,
    full_name: str,
    short_name: str,
    actor: Any = None,
    ip: str | None = None,
    **fields: Any,
) -> Agency:
    """Create an agency under `parent` with its materialised path."""
    if parent is not None:
        Agency.objects.select_for_update().filter(pk=parent.pk).first()  # serialise sibling numbering
    agency = Agency(parent=parent, division=division, kind=kind, full_name=full_name, short_name=short_name, **fields)
    agency.path = _next_path(parent)
    agency.full_clean()
    agency.save()
    audit.record(
        event="orgs.agency_create",
        actor=actor,
        actor_label="" if actor else "system",
        obj=agency,
        ip=ip,
        detail={"after": _snapshot(agency), "parent": parent.pk if parent else None},
    )
    return agency


@transaction.atomic
def update_agency(*, agency: Agency, actor: Any, ip: str | None = None, **changes: Any) -> Agency:
    """Change an agency's particulars (not its place in the tree)."""
    unknown = set(changes) - set(EDITABLE_AGENCY_FIELDS)
    if unknown:
        raise ValueError(f"不可修改的字段：{', '.join(sorted(unknown))}")
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    before = _snapshot(agency)
    for field, value in changes.items():
        setattr(agency, field, value)
    agency.full_clean()
    agency.save()
    audit.record(
        event="orgs.agency_update",
        actor=actor,
        obj=agency,
        ip=ip,
        detail={"before": before, "after": _snapshot(agency)},
    )
    return agency


@transaction.atomic
def update_role(
    *, role: Role, actor: Any, name: str, verbs: list[str], description: str = "", ip: str | None = None
) -> Role:
    """Change the verbs a role grants. Holders' scopes change on their next request."""
    unknown = sorted(set(verbs) - set(all_verbs()))
    if unknown:
        raise ValueError(f"未声明的权限：{', '.join(unknown)}")
    # 三权分立: the administrators' powers (core.*) come only from User.admin_role, never from a
    # business role — else whoever edits roles could hand out audit or security rights.
    core = sorted(v for v in set(verbs) if v.startswith("core."))
    if core:
        raise ValueError(f"业务角色不能包含平台管理权限：{', '.join(core)}（管理员权限只随三员角色授予）")
    role = Role.objects.select_for_update().get(pk=role.pk)
    before = {"name": role.name, "verbs": role.verbs}
    role.name, role.verbs, role.description = name, sorted(set(verbs)), description
    role.full_clean()
    role.save()
    audit.record(
        event="orgs.role_update",
        actor=actor,
        obj=role,
        ip=ip,
        detail={"before": before, "after": {"name": role.name, "verbs": role.verbs}},
    )
    return role
