"""Prefill — values the platform already holds, so the applicant is never asked for them again (预填).

A field's `x-prefill` key names where its value lives: `profile.<attribute>` (the applicant's own
account; the encrypted fields read as plain attributes) or `<prefix>.<rest>` for a source another
part registers, e.g. the e-certificates part with `register_prefill_source("certificate", fn)` for
`certificate.business_licence.name`. A source is `fn(user, rest) -> PrefilledValue | value | None`.

Prefilled values are computed here, on the server, for the signed-in applicant; the form shows them
read-only with where they came from, and validation takes them from here — never from the POST.
A source that has no value leaves the field to be filled in as usual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .definition import PROFILE_PREFILL_KEYS

__all__ = [
    "PROFILE_SOURCE_LABEL",
    "PrefilledValue",
    "prefill_values",
    "register_prefill_source",
    "registered_prefixes",
    "unregister_prefill_source",
    "value_of",
]

PROFILE_SOURCE_LABEL = "来自您的实名信息"


@dataclass(frozen=True)
class PrefilledValue:
    """A value the platform holds, and the words that say where it came from (shown under the field)."""

    value: Any
    source: str = PROFILE_SOURCE_LABEL


PrefillSource = Callable[[Any, str], "PrefilledValue | Any | None"]
_SOURCES: dict[str, PrefillSource] = {}


def register_prefill_source(prefix: str, source: PrefillSource) -> None:
    """Make `<prefix>.…` keys resolvable by `source(user, rest)`. Registering a prefix again replaces
    the earlier source (so a part can be reloaded in tests); "profile" is the platform's own."""
    if not prefix or "." in prefix:
        raise ValueError("A prefill prefix is one word without dots, e.g. 'certificate'.")
    _SOURCES[prefix] = source


def unregister_prefill_source(prefix: str) -> None:
    _SOURCES.pop(prefix, None)


def registered_prefixes() -> list[str]:
    return sorted(_SOURCES)


def _profile_source(user: Any, attribute: str) -> PrefilledValue | None:
    if attribute not in PROFILE_PREFILL_KEYS:
        return None
    value = getattr(user, attribute, "")
    return PrefilledValue(value) if value not in (None, "") else None


register_prefill_source("profile", _profile_source)


def value_of(prefilled: Any) -> Any:
    """The bare value of an entry of `prefilled` (a `PrefilledValue` or the value itself)."""
    return prefilled.value if isinstance(prefilled, PrefilledValue) else prefilled


def prefill_values(definition: dict[str, Any], user: Any) -> dict[str, PrefilledValue]:
    """The fields of `definition` the platform can fill for `user`, with their values and sources.
    An anonymous visitor gets none."""
    if user is None or not getattr(user, "is_authenticated", False):
        return {}
    found: dict[str, PrefilledValue] = {}
    for name, prop in definition["schema"].get("properties", {}).items():
        key = prop.get("x-prefill") if isinstance(prop, dict) else None
        if not isinstance(key, str) or "." not in key:
            continue
        prefix, _, rest = key.partition(".")
        source = _SOURCES.get(prefix)
        if source is None:
            continue
        result = source(user, rest)
        if result is None:
            continue
        entry = result if isinstance(result, PrefilledValue) else PrefilledValue(result, source="来自平台已有信息")
        if entry.value in (None, "", []):
            continue
        found[name] = entry
    return found
