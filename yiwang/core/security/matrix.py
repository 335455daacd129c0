"""The endpoints the authorisation matrix covers, found from the URL configuration, with the policy
each declares (see `policy`): every URL under /staff/ whose view is Yiwang's, every API operation
under /api/, and every signed-in Yiwang page outside them (`SIGNED_IN_PREFIXES`); any other Yiwang
URL that carries a declaration is covered too. Used by the matrix test and by the self-assessment
report.

Declarations are found where their owners keep them, in this order: on the view
(`@access_policy`), in a module manifest's `MenuEntry(verb=…)`, in the owning app's
`AppConfig.access_policies` (views that cannot carry a decorator). This module holds no table of
other apps' URLs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from yiwang.core.registry.registry import get_manifests

from .policy import Policy, policy_of

STAFF_PREFIX = "staff/"
API_PREFIX = "api/"
# Signed-in pages outside the workspace and the API: one's files, messages, home and account
# security (prefixes), and the password change page (exact). Sign-in, registration and password
# reset are public by nature and are walked only where they declare a policy.
SIGNED_IN_PREFIXES = ("files/", "notifications/", "accounts/security/", "my/")
SIGNED_IN_ROUTES = ("accounts/password/",)
NOT_ENDPOINTS = {"api:api-root"}  # django-ninja's placeholder root: 404 for everyone, serves nothing


@dataclass(frozen=True)
class Endpoint:
    route: str  # e.g. "staff/audit/<int:pk>/"
    name: str  # "namespace:name", or "" when the pattern has none
    method: str  # "GET", "POST", …
    view: Any
    policy: Policy | None
    source: str  # where the policy came from: "view", "manifest", "app", or "" (undeclared)

    @property
    def key(self) -> str:
        return f"{self.method} /{self.route}" if self.route.startswith(API_PREFIX) else self.name or f"/{self.route}"

    @property
    def is_api(self) -> bool:
        return self.route.startswith(API_PREFIX)

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


def _table_policies() -> dict[str, tuple[Policy, str]]:
    """Declarations kept as data by their owners: manifest menu entries, then app tables."""
    found: dict[str, tuple[Policy, str]] = {}
    for config in apps.get_app_configs():
        if config.name.startswith("yiwang."):
            for key, policy in (getattr(config, "access_policies", None) or {}).items():
                found[key] = (policy, "app")
    for manifest in get_manifests():
        for entry in manifest.menu:
            if entry.verb:
                found[entry.url_name] = (Policy(verb=entry.verb, note=f"manifest {manifest.name}"), "manifest")
    return found


def _declared(keys: tuple[str, ...], views: tuple[Any, ...], tables: dict[str, tuple[Policy, str]]) -> Any:
    for view in views:
        if (policy := policy_of(view)) is not None:
            return policy, "view"
    for key in keys:
        if key and key in tables:
            return tables[key]
    return None, ""


def _is_yiwang(callback: Any) -> bool:
    view = getattr(callback, "view_class", callback)
    return getattr(view, "__module__", "").startswith("yiwang.")


def endpoints() -> list[Endpoint]:
    tables = _table_policies()
    found: list[Endpoint] = []
    seen: set[tuple[str, str]] = set()
    for route, name, callback in _walk(get_resolver().url_patterns):
        if name in NOT_ENDPOINTS:
            continue
        if route.startswith(API_PREFIX):
            operations = _ninja_operations(callback)
            if not operations:  # the API's docs and schema views
                policy, source = _declared((name,), (callback,), tables)
                found.append(Endpoint(route, name, "GET", callback, policy, source))
            for operation in operations:
                for method in operation.methods:
                    if (method, route) in seen:  # django-ninja mounts a path once per operation group
                        continue
                    seen.add((method, route))
                    policy, source = _declared((f"{method} /{route}", name), (operation.view_func,), tables)
                    found.append(Endpoint(route, name, method, operation.view_func, policy, source))
            continue
        if not _is_yiwang(callback):
            continue
        view = getattr(callback, "view_class", callback)
        policy, source = _declared((name, f"/{route}"), (view, callback), tables)
        must_declare = route.startswith((STAFF_PREFIX, *SIGNED_IN_PREFIXES)) or route in SIGNED_IN_ROUTES
        if policy is None and not must_declare:
            continue  # a public page (portal delivery, sign-in, feeds): not part of the matrix
        methods = policy.methods if policy else ("GET",)
        found.extend(Endpoint(route, name, method, callback, policy, source) for method in methods)
    return found


HOW_TO_DECLARE = (
    '请为该地址声明访问策略（一行即可）：在视图上加 `@access_policy(verb="…")`（或 audience="staff"），'
    "来自 yiwang.core.security.policy；模块可在 manifest 的 `MenuEntry(url_name=…, verb=…)` 中声明；"
    "无法加装饰器的视图（类视图、第三方视图）写入所属应用 AppConfig 的 `access_policies`。"
    "见 docs/architecture.md「权限矩阵」。(Declare who may reach it: `@access_policy` on the view, a manifest "
    "MenuEntry verb, or the owning app's AppConfig.access_policies.)"
)
