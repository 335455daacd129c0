"""Access declarations for the authorisation matrix (权限矩阵; GB/T 22239 L3-CES1-09 "test for
privilege escalation"). Every staff URL (under /staff/, from a Yiwang app) and every API operation
declares who may reach it; `yiwang/core/security/tests/test_authorisation_matrix.py` requests each
one as every persona (own and other agency) and compares the answer with the declaration. A URL
without a declaration fails that test.

Declaring is one line, in whichever of three places suits (the first found wins):

1. on the view (or the django-ninja operation function, under its `@router.get`):

       @access_policy(verb="core.manage_security")
       def incident_list(request): ...

2. in a module manifest: a `MenuEntry(url_name=…, verb=…)` declares its URL with that verb;

3. in `URL_POLICIES` below, keyed by URL name (`namespace:name`) or, for the API, by
   `"METHOD /api/path"` — for views that cannot carry a decorator (e.g. a class or a third-party view).

A policy names what the view checks through `yiwang.core.permissions.access`:
- `verb`: the user must hold this verb (anywhere; with `agency_scoped`, in the object's agency);
  `or_verbs`: other verbs that also suffice;
- `audience="staff"`: any signed-in staff member (their own inbox, messages…);
- `audience="authenticated"`: any signed-in user; `audience="public"`: anyone.

`objects` (for URLs with parameters) is a dotted path to `make(agency) -> URL kwargs` that creates an
object belonging to `agency`; the matrix then tries the object of the user's own agency and of
another. Without it, the matrix uses placeholder values, and an allowed user may get 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

Audience = Literal["verb", "staff", "authenticated", "public"]
ATTRIBUTE = "yiwang_access_policy"
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, kw_only=True)
class Policy:
    verb: str = ""
    or_verbs: tuple[str, ...] = ()  # any one of these also suffices
    audience: Audience = "verb"
    agency_scoped: bool = False
    objects: str = ""
    methods: tuple[str, ...] = ("GET",)
    kwargs: tuple[tuple[str, Any], ...] = ()  # fixed placeholder values for URL parameters
    note: str = ""

    def __post_init__(self) -> None:
        if self.audience == "verb" and not self.verb:
            raise ValueError("a policy names a verb, or an audience of staff/authenticated/public")


def access_policy(
    *,
    verb: str = "",
    or_verbs: tuple[str, ...] = (),
    audience: Audience = "verb",
    agency_scoped: bool = False,
    objects: str = "",
    methods: tuple[str, ...] = ("GET",),
    kwargs: dict[str, Any] | None = None,
) -> Callable[[F], F]:
    """Declare who may reach the decorated view; changes nothing at run time."""
    policy = Policy(
        verb=verb,
        or_verbs=or_verbs,
        audience=audience,
        agency_scoped=agency_scoped,
        objects=objects,
        methods=methods,
        kwargs=tuple((kwargs or {}).items()),
    )

    def decorate(view: F) -> F:
        setattr(view, ATTRIBUTE, policy)
        return view

    return decorate


def policy_of(view: Any) -> Policy | None:
    found = getattr(view, ATTRIBUTE, None)
    return found if isinstance(found, Policy) else None


# Declarations for views in apps that were written before the matrix (one line each).
URL_POLICIES: dict[str, Policy] = {
    # Staff accounts (三权分立: the system administrator manages users)
    "accounts_staff:staff_list": Policy(verb="core.manage_users"),
    "accounts_staff:staff_create": Policy(verb="core.manage_users"),
    "accounts_staff:staff_unlock": Policy(verb="core.manage_users", methods=("POST",)),
    "accounts_staff:staff_reset_totp": Policy(verb="core.manage_users", methods=("POST",)),
    # Organisations and roles
    "orgs_staff:agencies": Policy(verb="core.manage_orgs"),
    "orgs_staff:agency_new": Policy(verb="core.manage_orgs"),
    "orgs_staff:agency_edit": Policy(verb="core.manage_orgs"),
    "orgs_staff:roles": Policy(verb="core.manage_orgs"),
    "orgs_staff:role_edit": Policy(verb="core.manage_orgs"),
    "accounts_staff:staff_detail": Policy(verb="core.manage_users"),
    "accounts_staff:staff_admin_role": Policy(verb="core.manage_security", methods=("POST",)),
    "accounts_staff:staff_grant_membership": Policy(verb="core.manage_users", methods=("POST",)),
    "accounts_staff:staff_revoke_membership": Policy(verb="core.manage_users", methods=("POST",)),
    "accounts_staff:staff_export": Policy(verb="core.manage_users"),
    # Security-key requirement per role: the security administrator
    "accounts_key_policy": Policy(verb="core.manage_security"),
    # Working-day calendar: every staff member reads it; the calendar manager edits it
    "calendar_staff:year": Policy(audience="staff", note="read-only for staff; editing needs core.manage_calendar"),
    "calendar_staff:override_add": Policy(verb="core.manage_calendar"),
    "calendar_staff:override_edit": Policy(verb="core.manage_calendar"),
    "calendar_staff:override_delete": Policy(verb="core.manage_calendar", methods=("POST",)),
    "calendar_staff:year_mark": Policy(verb="core.manage_calendar", methods=("POST",)),
    # Audit log: the audit administrator only
    "audit:entries": Policy(verb="core.view_audit"),
    "audit:verify": Policy(verb="core.view_audit"),
    "audit:export": Policy(verb="core.view_audit"),
    "audit:export_json": Policy(verb="core.view_audit"),
    # Messages: every staff member reads their own
    "notifications_staff_box": Policy(audience="staff"),
    "notifications_staff_detail": Policy(audience="staff", note="the recipient's own message"),
    "notifications_templates": Policy(verb="core.manage_notifications"),
    "notifications_template_edit": Policy(
        verb="core.manage_notifications", kwargs=(("code", "notifications.generic"),)
    ),
    # Periodic jobs: the system administrator
    "jobs_index": Policy(verb="core.view_jobs"),
    "jobs_run_now": Policy(verb="core.view_jobs", methods=("POST",), kwargs=(("name", "no.such.job"),)),
    # The one inbox and process screens: every staff member has an inbox, starts processes and
    # delegates; an item or instance is visible to those involved (placeholder ids → 404 here).
    "workflow_inbox": Policy(audience="staff"),
    "workflow:item": Policy(audience="staff", note="assignee/participants only (not covered at object level)"),
    "workflow:act": Policy(audience="staff", methods=("POST",), note="assignee only (object level not covered)"),
    "workflow:instance": Policy(audience="staff", note="participants only (object level not covered)"),
    "workflow:terminate": Policy(audience="staff", methods=("POST",), note="core.manage_processes on a real instance"),
    "workflow:start": Policy(audience="staff"),
    "workflow:delegate": Policy(audience="staff"),
    "workflow:revoke_delegation": Policy(audience="staff", methods=("POST",), note="the delegator's own"),
    "workflow:definitions": Policy(verb="core.manage_processes"),
    "workflow:definition_upload": Policy(verb="core.manage_processes"),
    "workflow:definition": Policy(verb="core.manage_processes"),
    "GET /api/workflow/inbox/counts": Policy(audience="staff"),
    "GET /api/workflow/inbox/todo": Policy(audience="staff"),
    "GET /api/workflow/inbox/done": Policy(audience="staff"),
    "GET /api/workflow/inbox/started": Policy(audience="staff"),
    "GET /api/workflow/inbox/to-read": Policy(audience="staff"),
    "POST /api/workflow/instances": Policy(audience="staff", methods=("POST",)),
    "GET /api/workflow/instances/<instance_id>": Policy(audience="staff", note="participants only"),
    "GET /api/workflow/instances/<instance_id>/log": Policy(audience="staff", note="participants only"),
    "POST /api/workflow/instances/<instance_id>/circulate": Policy(audience="staff", methods=("POST",)),
    "POST /api/workflow/instances/<instance_id>/terminate": Policy(audience="staff", methods=("POST",)),
    "GET /api/workflow/items/<item_id>": Policy(audience="staff", note="assignee/participants only"),
    "POST /api/workflow/items/<item_id>/complete": Policy(audience="staff", methods=("POST",)),
    "POST /api/workflow/items/<item_id>/send-back": Policy(audience="staff", methods=("POST",)),
    "POST /api/workflow/items/<item_id>/withdraw": Policy(audience="staff", methods=("POST",)),
    "POST /api/workflow/items/<item_id>/reassign": Policy(audience="staff", methods=("POST",)),
    "POST /api/workflow/items/<item_id>/claim": Policy(audience="staff", methods=("POST",)),
    "POST /api/workflow/items/<item_id>/add-signer": Policy(audience="staff", methods=("POST",)),
    "POST /api/workflow/items/<item_id>/mark-read": Policy(audience="staff", methods=("POST",)),
    "POST /api/workflow/items/<item_id>/urge": Policy(audience="staff", methods=("POST",)),
    "POST /api/workflow/items/<item_id>/open": Policy(audience="staff", methods=("POST",)),
    "GET /api/workflow/delegations": Policy(audience="staff"),
    "POST /api/workflow/delegations": Policy(audience="staff", methods=("POST",)),
    "POST /api/workflow/delegations/<delegation_id>/revoke": Policy(audience="staff", methods=("POST",)),
    # Portal staff screens (module portal): editors
    "portal_inspection": Policy(verb="portal.edit"),
    "portal_inspection_site": Policy(verb="portal.edit"),
    "portal_inspection_check_links": Policy(verb="portal.edit", methods=("POST",)),
    "portal_policies": Policy(verb="portal.edit"),
    "portal_policy_validity": Policy(
        verb="portal.publish", agency_scoped=True, note="in the document's agency (object level not covered)"
    ),
    # The API's own documentation is public (it lists operations, never data).
    "api:openapi-json": Policy(audience="public"),
    "api:openapi-view": Policy(audience="public"),
}
