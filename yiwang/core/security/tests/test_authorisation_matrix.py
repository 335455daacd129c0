"""权限矩阵 (GB/T 22239 L3-CES1-08/09): every staff URL and API operation × every persona (and, for
agency-scoped objects, the user's own agency × another) → the allow/deny its declaration says.
The endpoints come from the URL configuration and the module manifests (yiwang.core.security.matrix);
a URL without a declaration fails `test_every_staff_url_and_api_operation_declares_its_access`."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.module_loading import import_string

from yiwang.core.orgs.models import Agency
from yiwang.core.permissions.access import resolve_scope
from yiwang.core.security.matrix import HOW_TO_DECLARE, Endpoint, endpoints
from yiwang.core.security.policy import Policy
from yiwang.testing.auth import sign_in
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


def test_every_staff_url_and_api_operation_declares_its_access() -> None:
    missing = [f"{e.key} ({e.route})" for e in ENDPOINTS if e.policy is None]
    assert not missing, "Undeclared endpoints:\n  " + "\n  ".join(missing) + "\n" + HOW_TO_DECLARE


def test_the_matrix_covers_the_workspace_screens_of_the_core() -> None:
    names = {e.name for e in ENDPOINTS}
    assert {"audit:entries", "security:incidents", "security:report", "jobs_index"} <= names


def _expected(user: Any, policy: Policy, agency: Agency | None) -> bool:
    if policy.audience == "public":
        return True
    if user is None:
        return False
    if policy.audience == "authenticated":
        return True
    if user.kind != "staff":
        return False
    if policy.audience == "staff":
        return True
    scope = resolve_scope(user)
    agency_id = agency.pk if (policy.agency_scoped and agency is not None) else None
    return any(scope.allows(verb, agency_id) for verb in (policy.verb, *policy.or_verbs))


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
    if status >= 500:
        return f"error {status}"
    return "allow"


def _url(endpoint: Endpoint, kwargs: dict[str, Any]) -> str:
    path = "/" + endpoint.route
    for converter, name in endpoint.parameters:
        value = kwargs.get(name, PLACEHOLDERS.get(converter, "x"))
        path = path.replace(f"<{converter}:{name}>", str(value)).replace(f"<{name}>", str(value))
    return path


def _request(client: Client, method: str, url: str) -> Any:
    if method == "GET":
        return client.get(url)
    return client.generic(method, url, data="", content_type="application/x-www-form-urlencoded")


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_reaches_exactly_the_declared_endpoints(world: World, persona: str) -> None:
    """One signed-in client per persona walks every declared endpoint (and, for agency-scoped
    objects, one object of 市民政局 and one of 嘉荫县民政局)."""
    user = None if persona == "anonymous" else getattr(world, persona)
    client = Client()
    if user is not None:
        sign_in(client, user)
    wrong: list[str] = []
    for endpoint in ENDPOINTS:
        policy = endpoint.policy
        if policy is None:
            continue
        cases: list[tuple[Agency | None, dict[str, Any]]] = [(None, dict(policy.kwargs))]
        if policy.objects:
            make = import_string(policy.objects)
            cases = [(agency, make(agency)) for agency in (world.city_civil_affairs, world.jiayin_civil_affairs)]
        placeholder_only = bool(endpoint.parameters) and not policy.objects
        for agency, kwargs in cases:
            got = _outcome(_request(client, endpoint.method, _url(endpoint, kwargs)))
            expected = _expected(user, policy, agency)
            if expected:
                ok = got in ("allow", "reauth", "not found") if placeholder_only else got in ("allow", "reauth")
            else:
                ok = got in ("deny", "reauth", "not found")
            if not ok:
                where = f" (object of {agency.short_name})" if agency else ""
                wrong.append(
                    f"{endpoint.method} /{endpoint.route}{where}: declared {'allow' if expected else 'deny'} "
                    f"({endpoint.source}: {policy.verb or policy.audience}), got {got}"
                )
    assert not wrong, f"{persona}:\n  " + "\n  ".join(wrong)
