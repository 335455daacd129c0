"""The public search page (/search/): 站内搜索 over everything the modules register."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_GET

from yiwang.core.orgs.models import Agency

from .forms import SearchForm
from .labels import facet_labels
from .selectors import kind_labels, search
from .types import SearchResults

PER_PAGE = 10
FACETS = ("kind", "site", "column", "agency")
FACET_LEGENDS = {"kind": "类别", "site": "站点", "column": "栏目", "agency": "发布机构"}
MAX_FACET_LINKS = 12


def _without(params: QueryDict, name: str) -> str:
    copy = params.copy()
    copy.pop(name, None)
    return str(copy.urlencode())


def _with(params: QueryDict, name: str, value: str) -> str:
    copy = params.copy()
    copy[name] = value
    return str(copy.urlencode())


def _labels(name: str, keys: list[str]) -> dict[str, str]:
    if name == "kind":
        return {k: v for k, v in kind_labels().items() if k in keys}
    if name == "agency":
        ids = [int(k) for k in keys if k.isdigit()]
        return {str(pk): label for pk, label in Agency.objects.filter(id__in=ids).values_list("id", "full_name")}
    return facet_labels(name, keys)


def facet_groups(results: SearchResults, params: QueryDict) -> list[dict[str, Any]]:
    """Each facet with links that narrow the search (and, when active, one that widens it again)."""
    groups = []
    for name in FACETS:
        counts = results.facets.get(name, {})
        active = params.get(name, "")
        if not counts and not active:
            continue
        keys = list(counts)[:MAX_FACET_LINKS]
        labels = _labels(name, keys + ([active] if active else []))
        base = _without(params, name)
        links = [
            {"label": labels.get(key, key), "count": n, "query": _with(params, name, key)}
            for key, n in list(counts.items())[:MAX_FACET_LINKS]
            if key != active
        ]
        groups.append(
            {
                "name": name,
                "legend": FACET_LEGENDS[name],
                "active": labels.get(active, active) if active else "",
                "clear_query": base,
                "links": links,
            }
        )
    return groups


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "results": None}
    if form.is_bound and form.is_valid() and form.has_criteria():
        results = search(
            form.cleaned_data.get("q") or "",
            filters=form.filters(),
            sort=form.sort_order(),
            page=form.cleaned_data.get("page") or 1,
            per_page=PER_PAGE,
            user=request.user,
            facets=FACETS,
        )
        agency_ids = {hit.agency_id for hit in results.hits if hit.agency_id}
        agencies = dict(Agency.objects.filter(id__in=agency_ids).values_list("id", "full_name")) if agency_ids else {}
        params = request.GET.copy()
        params.pop("page", None)
        labels = kind_labels()
        context.update(
            results=results,
            rows=[
                {"hit": hit, "kind_label": labels.get(hit.kind, ""), "agency": agencies.get(hit.agency_id or 0, "")}
                for hit in results.hits
            ],
            first_number=(results.page - 1) * results.per_page + 1,
            base_query=params.urlencode(),
            facet_groups=facet_groups(results, params),
        )
    template = "search/_results.html" if getattr(request, "htmx", False) else "search/search.html"
    return render(request, template, context)
