"""The one permission chokepoint (权限). Every staff read and write of a business object goes
through these functions; views, API and tasks never test roles themselves.

A user's scope is resolved once (per request, or per user object outside a request) into
`verb -> frozenset of agency ids`, subtrees already expanded, so a permitted list is one
indexed `agency_id IN (…)` filter however many grants the user holds.

The three administrators (三权分立) hold global verbs through `User.admin_role` and nothing else:
the system administrator manages users, organisations, the calendar, processes and the seals; the security
administrator manages security settings; the audit administrator only reads the audit log.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from yiwang.core.orgs.models import Agency, Membership
from yiwang.core.registry.registry import get_manifests

# The three administrators' platform-wide verbs (三员分立); modules add theirs through
# `Verb.admin_role` in their manifests (`admin_role_verbs`).
CORE_ADMIN_ROLE_VERBS: dict[str, frozenset[str]] = {
    "system": frozenset(
        {
            "core.manage_users",
            "core.manage_orgs",
            "core.manage_calendar",
            "core.manage_processes",
            "core.view_jobs",
            "core.manage_notifications",
            "seals.manage",
        }
    ),
    "security": frozenset({"core.manage_security"}),
    "audit": frozenset({"core.view_audit"}),
}


@cache
def admin_role_verbs() -> dict[str, frozenset[str]]:
    """Each administrator role's global verbs: the core's and those manifests give the role."""
    verbs = {role: set(codes) for role, codes in CORE_ADMIN_ROLE_VERBS.items()}
    for manifest in get_manifests():
        for verb in manifest.verbs:
            if verb.admin_role:
                verbs.setdefault(verb.admin_role, set()).add(verb.code)
    return {role: frozenset(codes) for role, codes in verbs.items()}


M = TypeVar("M", bound=Model)
SCOPE_ATTR = "_yiwang_scope"


@dataclass(frozen=True)
class Scope:
    """What one user may do, and where."""

    user_id: int | None
    grants: dict[str, frozenset[int]]
    global_verbs: frozenset[str]

    def agency_ids(self, verb: str) -> frozenset[int] | None:
        """The agencies where `verb` is granted; None means everywhere (a global verb)."""
        if verb in self.global_verbs:
            return None
        return self.grants.get(verb, frozenset())

    def allows(self, verb: str, agency_id: int | None = None) -> bool:
        if verb in self.global_verbs:
            return True
        ids = self.grants.get(verb, frozenset())
        return bool(ids) if agency_id is None else agency_id in ids


EMPTY_SCOPE = Scope(user_id=None, grants={}, global_verbs=frozenset())


def resolve_scope(user: Any) -> Scope:
    """Build the scope from the user's memberships: two queries, whatever the number of grants."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.kind != "staff":
        return EMPTY_SCOPE
    global_verbs = admin_role_verbs().get(user.admin_role or "", frozenset())
    memberships = list(
        Membership.objects.filter(user_id=user.pk).values_list(
            "agency_id", "agency__path", "covers_subtree", "role__verbs"
        )
    )
    subtree_paths = {path for _, path, covers, _ in memberships if covers}
    descendants: dict[str, list[int]] = defaultdict(list)
    if subtree_paths:
        query = Q()
        for path in subtree_paths:
            query |= Q(path__startswith=path)
        for agency_id, path in Agency.objects.filter(query).values_list("id", "path"):
            for root in subtree_paths:
                if path.startswith(root):
                    descendants[root].append(agency_id)
    grants: dict[str, set[int]] = defaultdict(set)
    for agency_id, path, covers, verbs in memberships:
        agencies = descendants[path] if covers else [agency_id]
        for verb in verbs or []:
            grants[verb].update(agencies)
    return Scope(
        user_id=user.pk,
        grants={verb: frozenset(ids) for verb, ids in grants.items()},
        global_verbs=frozenset(global_verbs),
    )


def get_scope(user: Any) -> Scope:
    """The user's scope, resolved once and kept on the user object for the rest of the request."""
    scope = getattr(user, SCOPE_ATTR, None)
    if scope is None:
        scope = resolve_scope(user)
        if getattr(user, "is_authenticated", False):
            setattr(user, SCOPE_ATTR, scope)
    return scope


def forget_scope(user: Any) -> None:
    """Drop a cached scope after the user's memberships change."""
    if hasattr(user, SCOPE_ATTR):
        delattr(user, SCOPE_ATTR)


def can(user: Any, verb: str, *, agency_id: int | None = None) -> bool:
    """May `user` do `verb` — in `agency_id`, or (without one) anywhere at all?"""
    return get_scope(user).allows(verb, agency_id)


def _agency_id_of(obj: Model, agency_field: str) -> int | None:
    if "__" not in agency_field and hasattr(obj, f"{agency_field}_id"):
        return getattr(obj, f"{agency_field}_id")  # no query for the related row
    value: Any = obj
    for part in agency_field.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value.pk if isinstance(value, Model) else value


def _owner_id_of(obj: Model) -> int | None:
    return getattr(obj, "owner_id", None)


def can_view_object(user: Any, obj: Model, *, verb: str | None = None, agency_field: str = "agency") -> bool:
    """The citizen or enterprise who owns it may see it; staff may if `verb` (default
    `<app>.view`) is granted for the object's agency."""
    if not getattr(user, "is_authenticated", False):
        return False
    owner_id = _owner_id_of(obj)
    if owner_id is not None and owner_id == user.pk:
        return True
    agency_id = _agency_id_of(obj, agency_field)
    if agency_id is None:
        return False
    return can(user, verb or f"{obj._meta.app_label}.view", agency_id=agency_id)


def access_object(user: Any, verb: str, obj: M, *, agency_field: str = "agency") -> M:
    """Return `obj` if `user` may do `verb` on it, else raise PermissionDenied."""
    agency_id = _agency_id_of(obj, agency_field)
    if agency_id is None or not can(user, verb, agency_id=agency_id):
        raise PermissionDenied("您无权对该对象执行此操作。 (You may not do this to that object.)")
    return obj


def access_by_id(user: Any, verb: str, queryset: QuerySet[M], pk: Any, *, agency_field: str = "agency") -> M:
    """Fetch one object through the scope filter. Missing and not permitted look the same (404),
    so object ids outside the user's scope are not revealed."""
    try:
        return filter_permitted(user, verb, queryset, agency_field=agency_field).get(pk=pk)
    except ObjectDoesNotExist as exc:
        raise Http404("对象不存在或无权查看。") from exc


def filter_permitted(user: Any, verb: str, queryset: QuerySet[M], *, agency_field: str = "agency") -> QuerySet[M]:
    """Restrict `queryset` to the user's scope for `verb`: one indexed `IN` filter."""
    ids = get_scope(user).agency_ids(verb)
    if ids is None:
        return queryset
    if not ids:
        return queryset.none()
    return queryset.filter(**{f"{agency_field}__in": sorted(ids)})
