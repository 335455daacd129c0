"""权限矩阵 (GB/T 22239 L3-CES1-08/09): every staff URL, API operation and signed-in page × every
persona (and, for objects, a real object of the user's own agency × one of another) → the allow/deny
its declaration says. The endpoints and their declarations come from the owners — the views'
`@access_policy`, the module manifests and the apps' `AppConfig.access_policies`
(yiwang.core.security.matrix); a URL without a declaration fails
`test_every_staff_url_and_api_operation_declares_its_access`."""

from __future__ import annotations

import inspect
import json
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from yiwang.core.accounts.reauth import AUTHENTICATED_AT_KEY
from yiwang.core.orgs.models import Agency
from yiwang.core.permissions.access import resolve_scope
from yiwang.core.security import policy as policy_module
from yiwang.core.security.matrix import HOW_TO_DECLARE, SIGNED_IN_PREFIXES, Endpoint, endpoints
from yiwang.core.security.policy import REQUESTER, Policy
from yiwang.testing.auth import sign_in
from yiwang.testing.matrix_objects import MatrixObject, make_work_item
from yiwang.testing.personas import World

PERSONAS = (
    "anonymous",
    "citizen",
    "enterprise",
    "city_clerk",  # clerk of the object's own agency (市民政局)
    "jiayin_clerk",  # clerk of another agency (嘉荫县民政局)
    "leader",
    "dispatcher",
    "operator",
    "system_admin",
    "security_admin",
    "audit_admin",
)
ENDPOINTS = endpoints()
PLACEHOLDERS = {"int": 987654, "uuid": "00000000-0000-4000-8000-000000000000", "str": "x", "slug": "x", "path": "x"}
# Object-level endpoints that must be tried on real objects of two agencies (not placeholders).
OBJECT_LEVEL = {
    "workflow:item",
    "workflow:act",
    "workflow:instance",
    "workflow:terminate",
    "portal_policy_validity",
    "GET /api/workflow/items/<item_id>",
    "POST /api/workflow/items/<item_id>/complete",
    "POST /api/workflow/items/<item_id>/send-back",
    "POST /api/workflow/items/<item_id>/withdraw",
    "POST /api/workflow/items/<item_id>/reassign",
    "POST /api/workflow/items/<item_id>/claim",
    "POST /api/workflow/items/<item_id>/add-signer",
    "POST /api/workflow/items/<item_id>/mark-read",
    "POST /api/workflow/items/<item_id>/urge",
    "POST /api/workflow/items/<item_id>/open",
    "GET /api/workflow/instances/<instance_id>",
    "GET /api/workflow/instances/<instance_id>/log",
    "POST /api/workflow/instances/<instance_id>/circulate",
    "POST /api/workflow/instances/<instance_id>/terminate",
}


# --- the declarations --------------------------------------------------------------------------


def test_every_staff_url_and_api_operation_declares_its_access() -> None:
    missing = [f"{e.key} ({e.route})" for e in ENDPOINTS if e.policy is None]
    assert not missing, "未声明访问策略的地址：\n  " + "\n  ".join(missing) + "\n" + HOW_TO_DECLARE


def test_the_matrix_covers_the_workspace_screens_of_the_core() -> None:
    names = {e.name for e in ENDPOINTS}
    assert {"audit:entries", "security:incidents", "security:report", "jobs_index"} <= names


def test_core_security_keeps_no_table_of_other_apps_urls() -> None:
    """Declarations live with their owners: on the views, in manifests, or in the owning app."""
    assert not hasattr(policy_module, "URL_POLICIES")
    assert {e.source for e in ENDPOINTS} <= {"view", "manifest", "app"}
    security = apps.get_app_config("security")
    assert not getattr(security, "access_policies", None)


def test_app_tables_declare_only_views_that_cannot_carry_a_decorator() -> None:
    tabled = [e for e in ENDPOINTS if e.source == "app"]
    assert tabled, "the API documentation views are declared by yiwang.core.web"
    for endpoint in tabled:
        view = getattr(endpoint.view, "view_class", endpoint.view)
        assert not getattr(view, "__module__", "").startswith("yiwang."), f"{endpoint.key}: 请改用 @access_policy"


def test_object_level_endpoints_are_tried_on_real_objects() -> None:
    by_key = {e.key: e for e in ENDPOINTS}
    for key in OBJECT_LEVEL:
        policy = by_key[key].policy
        assert policy is not None and policy.objects, f"{key}: 须声明 objects= 工厂"
        import_string(policy.objects)


def test_views_that_handle_form_posts_declare_post() -> None:
    """A view that reads `request.method == "POST"` is also requested with POST (an empty form)."""
    for endpoint in ENDPOINTS:
        if endpoint.is_api or endpoint.policy is None:
            continue
        try:
            source = inspect.getsource(inspect.unwrap(endpoint.view))
        except (OSError, TypeError):
            continue
        if 'request.method == "POST"' in source:
            assert "POST" in endpoint.policy.methods, f"{endpoint.key}: 处理表单提交，须声明 methods=('GET', 'POST')"


def test_signed_in_pages_outside_the_workspace_are_covered() -> None:
    routes = {e.route for e in ENDPOINTS}
    for prefix in SIGNED_IN_PREFIXES:
        assert any(route.startswith(prefix) for route in routes), prefix
    names = {e.name for e in ENDPOINTS}
    assert {"files:download", "notifications:box", "notifications:detail", "notifications:preferences"} <= names


def test_a_relation_needs_an_object_factory() -> None:
    with pytest.raises(ValueError, match="objects"):
        Policy(audience="staff", relation="assignee")


# --- the expectation ---------------------------------------------------------------------------


def _expected(user: Any, policy: Policy, agency: Agency | None, related: dict[str, frozenset[int]]) -> bool:
    if policy.audience == "public":
        return True
    if user is None:
        return False
    if policy.audience == "authenticated":
        return True
    if user.kind != "staff":
        return False
    scope = resolve_scope(user)
    if policy.relation:
        # "participants only" / "assignee only": the person in that relation, or a holder of a
        # verb that stands in for it (process administrators)
        stands_in = any(scope.allows(verb, None) for verb in policy.or_verbs)
        return user.pk in related.get(policy.relation, frozenset()) or stands_in
    if policy.audience == "staff":
        return True
    agency_id = agency.pk if (policy.agency_scoped and agency is not None) else None
    return any(scope.allows(verb, agency_id) for verb in (policy.verb, *policy.or_verbs))


def test_assignee_only_allows_the_assignee_and_process_administrators_only_where_declared(world: World) -> None:
    item = make_work_item(world.city_civil_affairs)
    assignee_only = Policy(audience="staff", relation="assignee", objects="x")
    participants = Policy(audience="staff", relation="participant", or_verbs=("core.manage_processes",), objects="x")
    agency = world.city_civil_affairs
    assert _expected(world.city_clerk, assignee_only, agency, item.related)
    assert not _expected(world.leader, assignee_only, agency, item.related)
    assert not _expected(world.system_admin, assignee_only, agency, item.related)
    assert _expected(world.system_admin, participants, agency, item.related)
    assert not _expected(world.jiayin_clerk, participants, agency, item.related)


def _outcome(response: Any) -> str:
    status = response.status_code
    if status in (401, 403):
        return "deny"
    if status in (301, 302, 303):
        location = response["Location"]
        login = reverse("accounts:login")
        if location.startswith(reverse("accounts:reauth")):
            return "reauth"  # asked to re-enter a factor before a sensitive action; nothing done yet
        if location.startswith(login) or location.split("?")[0] in ("/staff/", "/staff/login/", "/"):
            return "deny"
        return "allow"
    if status == 404:
        return "not found"
    if status == 405:
        return "method not allowed"  # the declaration names a method the view does not serve
    if status == 422:
        return "invalid body"  # stopped at the schema, before any access check: declare a valid `body`
    if status >= 500:
        return f"error {status}"
    return "allow"  # 200, 201, 204, and 400/409 (the form or request refused after the access check)


def test_a_wrong_method_or_an_invalid_body_is_neither_allow_nor_deny() -> None:
    class Answer:
        def __init__(self, status: int) -> None:
            self.status_code = status

    assert _outcome(Answer(405)) == "method not allowed"
    assert _outcome(Answer(422)) == "invalid body"
    assert _outcome(Answer(400)) == "allow"  # a re-rendered form with its errors


# What refuses: 401/403, a redirect to sign in, 404 (object level: the object is hidden) and a
# redirect to re-authentication that persists after the persona has re-authenticated. Anything else
# for a persona declared deny is an unexpected allow (or an error), and fails the matrix.
REFUSALS = ("deny", "reauth", "not found")


def _accepted(expected: bool, got: str, *, placeholder: bool) -> bool:
    if expected:
        if placeholder:
            return got in ("allow", "reauth", "not found")
        return got in ("allow", "reauth")  # on a real object, a permitted user must get through
    return got in REFUSALS


def test_not_found_and_a_redirect_to_re_authentication_count_as_deny() -> None:
    class Answer(dict[str, str]):
        def __init__(self, status: int, location: str = "") -> None:
            super().__init__(Location=location)
            self.status_code = status

    reauth = reverse("accounts:reauth") + "?next=/staff/security/"
    assert _outcome(Answer(404)) in REFUSALS and _outcome(Answer(302, reauth)) in REFUSALS
    assert _outcome(Answer(302, reverse("accounts:login") + "?next=/staff/")) == "deny"
    assert _outcome(Answer(302, "/staff/security/incidents/")) == "allow"  # a redirect onwards is an allow
    assert _outcome(Answer(500)) == "error 500" and not _accepted(False, "error 500", placeholder=False)


def test_on_a_real_object_an_expected_allow_must_not_be_not_found() -> None:
    assert not _accepted(True, "not found", placeholder=False)
    assert _accepted(True, "not found", placeholder=True)  # a placeholder id: nothing to find
    assert _accepted(False, "not found", placeholder=False)
    assert _accepted(False, "deny", placeholder=False)
    assert not _accepted(False, "allow", placeholder=False)


def _url(endpoint: Endpoint, kwargs: dict[str, Any]) -> str:
    path = "/" + endpoint.route
    for converter, name in endpoint.parameters:
        value = kwargs.get(name, PLACEHOLDERS.get(converter, "x"))
        path = path.replace(f"<{converter}:{name}>", str(value)).replace(f"<{name}>", str(value))
    return path


def _request(client: Client, endpoint: Endpoint, url: str, user: Any) -> Any:
    policy = endpoint.policy
    assert policy is not None
    if endpoint.method == "GET":
        return client.get(url)
    if endpoint.is_api:
        me = user.pk if user is not None else PLACEHOLDERS["int"]
        body = {key: me if value == REQUESTER else value for key, value in policy.body}
        return client.generic(endpoint.method, url, data=json.dumps(body), content_type="application/json")
    return client.post(url, data={})  # an empty form: a denied user is refused before it is read


def _cases(policy: Policy, world: World) -> list[tuple[Agency | None, dict[str, Any], dict[str, frozenset[int]]]]:
    if not policy.objects:
        return [(None, dict(policy.kwargs), {})]
    make = import_string(policy.objects)
    cases = []
    for agency in (world.city_civil_affairs, world.jiayin_civil_affairs):
        made = make(agency)
        if isinstance(made, MatrixObject):
            cases.append((agency, made.kwargs, made.related))
        else:
            cases.append((agency, made, {}))
    return cases


def _after_reauthentication(client: Client, endpoint: Endpoint, url: str, user: Any) -> str:
    """The outcome of the request with the session freshly re-authenticated (then back as it was)."""
    session = client.session
    session[AUTHENTICATED_AT_KEY] = timezone.now().timestamp()
    session.save()
    try:
        return _outcome(_request(client, endpoint, url, user))
    finally:
        session = client.session
        session.pop(AUTHENTICATED_AT_KEY, None)
        session.save()


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_reaches_exactly_the_declared_endpoints(world: World, persona: str) -> None:
    """One signed-in client per persona walks every declared endpoint (and, for objects, one real
    object of 市民政局 and one of 嘉荫县民政局, made afresh for each request)."""
    user = None if persona == "anonymous" else getattr(world, persona)
    client = Client()
    if user is not None:
        sign_in(client, user)
    wrong: list[str] = []
    for endpoint in ENDPOINTS:
        policy = endpoint.policy
        if policy is None:
            continue
        placeholder = bool(endpoint.parameters) and not policy.objects
        for agency, kwargs, related in _cases(policy, world):
            url = _url(endpoint, kwargs)
            got = _outcome(_request(client, endpoint, url, user))
            expected = _expected(user, policy, agency, related)
            if got == "reauth" and not expected:
                # Re-authenticate and ask again: a persona that may not act must still be refused
                # then (a permission check behind the re-authentication step would otherwise go
                # untested, and an allow there would be an unexpected allow).
                got = _after_reauthentication(client, endpoint, url, user)
            if not _accepted(expected, got, placeholder=placeholder):
                where = f" (object of {agency.short_name})" if agency else ""
                rule = policy.relation or policy.verb or policy.audience
                verdict = "UNEXPECTED ALLOW" if not expected and got == "allow" else f"got {got}"
                wrong.append(
                    f"{endpoint.method} /{endpoint.route}{where}: declared {'allow' if expected else 'deny'} "
                    f"({endpoint.source}: {rule}), {verdict}"
                )
    assert not wrong, f"{persona}:\n  " + "\n  ".join(wrong)
