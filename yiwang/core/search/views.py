"""The public search page (/search/): 站内搜索 over everything the modules register."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from yiwang.core.orgs.models import Agency

from .forms import SearchForm
from .selectors import kind_labels, search

PER_PAGE = 10


def _without(params: Any, name: str) -> str:
    copy = params.copy()
    copy.pop(name, None)
    return str(copy.urlencode())


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
            facets=True,
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
            facet_query=_without(params, "kind"),
            kind_facets=[(kind, labels.get(kind, kind), n) for kind, n in results.facets.get("kind", {}).items()],
        )
    template = "search/_results.html" if getattr(request, "htmx", False) else "search/search.html"
    return render(request, template, context)
