"""Discovers module manifests from settings.YIWANG_MODULES."""

from __future__ import annotations

from functools import cache
from importlib import import_module

from django.conf import settings
from django.utils.module_loading import import_string

from .manifest import Manifest


@cache
def get_manifests() -> tuple[Manifest, ...]:
    manifests = []
    for dotted in settings.YIWANG_MODULES:
        module = import_module(f"{dotted}.manifest")
        manifests.append(module.manifest)
    return tuple(manifests)


def get_manifest(name: str) -> Manifest:
    for manifest in get_manifests():
        if manifest.name == name:
            return manifest
    raise LookupError(f"没有名为 {name!r} 的模块。")


def all_verbs() -> dict[str, str]:
    """Every permission verb declared by core and the modules: code -> label."""
    from yiwang.core.permissions.verbs import CORE_VERBS

    verbs = {verb.code: verb.label for verb in CORE_VERBS}
    for manifest in get_manifests():
        verbs.update({verb.code: verb.label for verb in manifest.verbs})
    return verbs


def site_identity_provider() -> str:
    """The dotted path of the one site-identity provider a module declares, or ""."""
    for manifest in get_manifests():
        if manifest.site_identity:
            return manifest.site_identity
    return ""


def resolve(dotted: str) -> object:
    return import_string(dotted)
