"""Routing a request to its page with one query for the whole path, not two per level.

Wagtail's `Page.route` walks the tree: for /zwdt/bmdt/<article>/ it fetches each level's child by
slug and then its specific row — eight queries before the page renders. A site root routes the
whole path at once instead: the pages along it by `url_path` (one query), then the target's
specific row with its 发布机构 (one more). Whenever a page on the way routes differently (a
sub-route of its own), the path is not fully in the tree, or the lookup disagrees with the tree,
Wagtail's own walk decides, so behaviour never differs — only the query count.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from wagtail.models import Page
from wagtail.url_routing import RouteResult


class DirectRouting:
    """For a site's root page (HomePage): route the path below it in two queries."""

    def route(self, request: HttpRequest, path_components: list[str]) -> RouteResult:
        root: Any = self
        if not path_components:
            return Page.route(root, request, path_components)
        url_paths = [root.url_path + "/".join(path_components[: i + 1]) + "/" for i in range(len(path_components))]
        chain = list(Page.objects.filter(url_path__in=url_paths).order_by("depth"))
        direct = len(chain) == len(url_paths) and all(
            page.depth == root.depth + i + 1 and page.path.startswith(root.path) and _routes_plainly(page)
            for i, page in enumerate(chain)
        )
        if not direct:
            return Page.route(root, request, path_components)
        found = chain[-1]
        if not found.live:
            raise Http404
        model: Any = found.specific_class
        queryset = model._default_manager.all()
        if any(field.name == "agency" for field in model._meta.concrete_fields):
            queryset = queryset.select_related("agency")
        target = queryset.get(pk=found.pk)
        target._cached_parent_obj = chain[-2] if len(chain) > 1 else root
        # The breadcrumbs (首页 … parent) without another query, when the root is the top site's.
        if root.depth == 2:
            target.route_trail = [root, *chain[:-1]]
        return RouteResult(target)


def _routes_plainly(page: Page) -> bool:
    model = page.specific_class
    return model is not None and model.route in (Page.route, DirectRouting.route)
