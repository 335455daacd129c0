"""Access declarations for the authorisation matrix (权限矩阵; GB/T 22239 L3-CES1-08/09 "test for
privilege escalation"). Every Yiwang URL that needs a signed-in user — the staff workspace under
/staff/, every API operation under /api/, and the signed-in pages elsewhere (`matrix.SIGNED_IN_PREFIXES`:
files, messages, one's own account security) — declares who may reach it;
`yiwang/core/security/tests/test_authorisation_matrix.py` requests each one as every persona (own and
other agency) and compares the answer with the declaration. A URL without a declaration fails that test.

The declaration lives with the view's owner; core/security keeps no table of other apps' URLs:

1. on the view (or the django-ninja operation function, under its `@router.get`):

       @access_policy(verb="core.manage_security")
       def incident_list(request): ...

2. in a module manifest: a `MenuEntry(url_name=…, verb=…)` declares its URL with that verb;

3. for a view that cannot carry a decorator (a class or a third-party view), in the owning app's
   `AppConfig.access_policies` (`{url name or "METHOD /api/path": Policy(...)}`); e.g. the API's own
   documentation views in `yiwang.core.web.apps.WebConfig`.

A policy names what the view checks through `yiwang.core.permissions.access`:
- `verb`: the user must hold this verb (anywhere; with `agency_scoped`, in the object's agency);
  `or_verbs`: other verbs that also suffice;
- `audience="staff"`: any signed-in staff member (their own inbox, messages…);
- `audience="authenticated"`: any signed-in user; `audience="public"`: anyone.
- `relation` (object level, with `objects`): besides the audience, the user must stand in this
  relation to the object — `"participant"` (initiator, holders, senders of a process instance),
  `"assignee"` (the person who holds the work item), `"sender"` (who sent it on); with a relation,
  `or_verbs` are the verbs that stand in for it (e.g. process administrators).

`objects` (for URLs with parameters) is a dotted path to `make(agency)` that creates a real object
belonging to `agency` and returns its URL kwargs — a dict, or (with `relation`) a
`yiwang.testing.matrix_objects.MatrixObject` that also says who stands in which relation. The matrix
then tries the object of the user's own agency and of another; an expected allow on a real object must
be allowed, an expected deny may answer 403 or 404. Without `objects` the matrix uses placeholder
values, and an allowed user may get 404.

`methods`: the HTTP methods the view serves; the matrix requests each (a POST to a view carries an
empty form: a denied user must be refused, a permitted one may get the form back with its errors).
`body` (API operations): a JSON body that passes the operation's schema, so that the request reaches
the access check instead of stopping at validation (422); `REQUESTER` in it stands for the id of the
user making the request (e.g. "reassign to myself": refused by the service only after its access check).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

Audience = Literal["verb", "staff", "authenticated", "public"]
Relation = Literal["", "participant", "assignee", "sender"]
ATTRIBUTE = "yiwang_access_policy"
REQUESTER = "<requester>"
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, kw_only=True)
class Policy:
    verb: str = ""
    or_verbs: tuple[str, ...] = ()  # any one of these also suffices (with `relation`: stands in for it)
    audience: Audience = "verb"
    agency_scoped: bool = False
    relation: Relation = ""
    objects: str = ""
    methods: tuple[str, ...] = ("GET",)
    kwargs: tuple[tuple[str, Any], ...] = ()  # fixed placeholder values for URL parameters
    body: tuple[tuple[str, Any], ...] = ()  # a schema-valid JSON body for an API operation
    note: str = ""

    def __post_init__(self) -> None:
        if self.audience == "verb" and not self.verb:
            raise ValueError("访问声明须指明权限（verb）或受众（staff/authenticated/public）。")
        if self.relation and not self.objects:
            raise ValueError("按对象关系（relation）声明时须给出 objects 工厂，矩阵才能在真实对象上检验。")


def access_policy(
    *,
    verb: str = "",
    or_verbs: tuple[str, ...] = (),
    audience: Audience = "verb",
    agency_scoped: bool = False,
    relation: Relation = "",
    objects: str = "",
    methods: tuple[str, ...] = ("GET",),
    kwargs: dict[str, Any] | None = None,
    body: dict[str, Any] | None = None,
    note: str = "",
) -> Callable[[F], F]:
    """Declare who may reach the decorated view; changes nothing at run time."""
    policy = Policy(
        verb=verb,
        or_verbs=or_verbs,
        audience=audience,
        agency_scoped=agency_scoped,
        relation=relation,
        objects=objects,
        methods=methods,
        kwargs=tuple((kwargs or {}).items()),
        body=tuple((body or {}).items()),
        note=note,
    )

    def decorate(view: F) -> F:
        setattr(view, ATTRIBUTE, policy)
        return view

    return decorate


def policy_of(view: Any) -> Policy | None:
    found = getattr(view, ATTRIBUTE, None)
    return found if isinstance(found, Policy) else None
