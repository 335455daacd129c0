"""System checks that keep every manifest valid (`manage.py check`)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.checks import Error, register
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string

from .registry import get_manifests

ADMIN_ROLES = ("system", "security", "audit")  # User.AdminRole (三员): the roles a verb may name


@register()
def check_manifests(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors: list[Error] = []
    seen: set[str] = set()
    for manifest in get_manifests():
        where = f"manifest of {manifest.name}"
        if not apps.is_installed(f"yiwang.modules.{manifest.name}"):
            errors.append(Error(f"{where}: name must be the module's package name", id="yiwang.E001"))
        if manifest.name in seen:
            errors.append(Error(f"{where}: declared twice", id="yiwang.E002"))
        seen.add(manifest.name)
        for verb in manifest.verbs:
            if not verb.code.startswith(f"{manifest.name}."):
                errors.append(
                    Error(f"{where}: verb {verb.code!r} must start with '{manifest.name}.'", id="yiwang.E003")
                )
            if verb.admin_role and verb.admin_role not in ADMIN_ROLES:
                errors.append(
                    Error(
                        f"{where}: verb {verb.code!r} names unknown administrator role {verb.admin_role!r}",
                        id="yiwang.E007",
                    )
                )
        declared = manifest.verb_codes()
        for entry in manifest.menu:
            if entry.verb and entry.verb not in declared:
                errors.append(
                    Error(f"{where}: menu {entry.label!r} names undeclared verb {entry.verb!r}", id="yiwang.E004")
                )
            try:
                reverse(entry.url_name)
            except NoReverseMatch:
                errors.append(
                    Error(f"{where}: menu {entry.label!r} url {entry.url_name!r} does not resolve", id="yiwang.E005")
                )
        dotted_paths = [manifest.demo_data, *manifest.exports, *manifest.statistics, *manifest.event_handlers.values()]
        dotted_paths += [searchable.documents for searchable in manifest.searchables]
        for dotted in filter(None, dotted_paths):
            try:
                import_string(dotted)
            except ImportError as exc:
                errors.append(Error(f"{where}: {dotted!r} cannot be imported ({exc})", id="yiwang.E006"))
    return errors
