"""Display names for facet values the search service only knows as codes (站点, 栏目).

Modules register a provider at start-up (`register_facet_labels("site", fn)`); `fn(keys)` returns
{key: label} for the keys it knows. The core never imports a module: modules call in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

LabelProvider = Callable[[Iterable[str]], dict[str, str]]

_PROVIDERS: dict[str, list[LabelProvider]] = {}


def register_facet_labels(facet: str, provider: LabelProvider) -> None:
    providers = _PROVIDERS.setdefault(facet, [])
    if provider not in providers:
        providers.append(provider)


def facet_labels(facet: str, keys: Iterable[str]) -> dict[str, str]:
    wanted = [key for key in keys if key]
    labels: dict[str, str] = {}
    for provider in _PROVIDERS.get(facet, []):
        missing = [key for key in wanted if key not in labels]
        if not missing:
            break
        labels.update({k: v for k, v in provider(missing).items() if k in missing and v})
    return labels
