"""The endpoints the authorisation matrix covers, found from the URL configuration, with the policy
each declares (see `policy`): every staff URL under /staff/ whose view is Yiwang's, and every API
operation under /api/. Used by the matrix test and by the self-assessment report."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from yiwang.core.registry.registry import get_manifests

from .policy import URL_POLICIES, Policy, policy_of

STAFF_PREFIX = "staff/"
NOT_ENDPOINTS = {"api:api-root"}  # django-ninja's placeholder root: 404 for everyone, serves nothing
API_PREFIX = "api/"


@dataclass(frozen=True)
class Endpoint:
    route: str  # e.g. "staff/audit/<int:pk>/"
    name: str  # "namespace:name", or "" when the pattern has none
    method: str  # "GET", "POST", …
    view: Any
    policy: Policy | None
    source: str  # where the policy came from: "view", "manifest", "table", or "" (undeclared)

    @property
    def key(self) -> str:
        return f"{self.method} /{self.route}" if self.route.startswith(API_PREFIX) else self.name or f"/{self.route}"

    @property
    def parameters(self) -> list[tuple[str, str]]:
        """(converter, name) of each URL parameter."""
        return [(conv or "str", name) for conv, name in re.findall(r"<(?:(\w+):)?(\w+)>", self.route)]


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Any:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name or ""
            yield prefix + str(pattern.pattern), name, pattern.callback


def _ninja_operations(callback: Any) -> list[Any]:
    """The operations behind a django-ninja URL (its view is a closure over the PathView)."""
    for cell in getattr(callback, "__closure__", None) or ():
        operations = getattr(cell.cell_contents, "operations", None)
        if operations is not None:
            return list(operations)
    return []


def _manifest_policies() -> dict[str, Policy]:
    found: dict[str, Policy] = {}
    for manifest in get_manifests():
        for entry in manifest.menu:
            if entry.verb:
                found[entry.url_name] = Policy(verb=entry.verb, note=f"manifest {manifest.name}")
    return found


def _declared(name: str, key: str, view: Any, manifests: dict[str, Policy]) -> tuple[Policy | None, str]:
    if (policy := policy_of(view)) is not None:
        return policy, "view"
    if name in manifests:
        return manifests[name], "manifest"
    for candidate in (key, name):
        if candidate and candidate in URL_POLICIES:
            return URL_POLICIES[candidate], "table"
    return None, ""


def endpoints() -> list[Endpoint]:
    manifests = _manifest_policies()
    found: list[Endpoint] = []
    for route, name, callback in _walk(get_resolver().url_patterns):
        if name in NOT_ENDPOINTS:
            continue
        if route.startswith(API_PREFIX):
            operations = _ninja_operations(callback)
            if not operations:  # the API's docs and schema views
                policy, source = _declared(name, name, callback, manifests)
                found.append(Endpoint(route, name, "GET", callback, policy, source))
            for operation in operations:
                for method in operation.methods:
                    key = f"{method} /{route}"
                    policy, source = _declared(name, key, operation.view_func, manifests)
                    found.append(Endpoint(route, name, method, operation.view_func, policy, source))
            continue
        if not route.startswith(STAFF_PREFIX) or not getattr(callback, "__module__", "").startswith("yiwang."):
            continue
        view = getattr(callback, "view_class", callback)
        policy, source = _declared(name, name or f"/{route}", view, manifests)
        if policy is None:
            policy, source = _declared(name, name, callback, manifests)
        methods = policy.methods if policy else ("GET",)
        found.extend(Endpoint(route, name, method, callback, policy, source) for method in methods)
    return found


HOW_TO_DECLARE = (
    'Declare who may reach it, in one line: `@access_policy(verb="…")` (or audience="staff") from '
    "yiwang.core.security.policy on the view, a `MenuEntry(url_name=…, verb=…)` in the module manifest, "
    "or an entry in yiwang/core/security/policy.py URL_POLICIES. See docs/architecture.md, 权限矩阵."
)
