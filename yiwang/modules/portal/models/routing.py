"""Routing a request to its page with one query for the whole path, not two per level.

Wagtail's `Page.route` walks the tree: for /zwdt/bmdt/<article>/ it fetches each level's child by
slug and then its specific row — eight queries before the page renders. A site root routes the
whole path at once instead: the pages along it by `url_path` (one query), then the target's
specific row with its 发布机构 (one more). Whenever a page on the way routes differently (a
sub-route of its own), the path is not fully in the tree, or the lookup disagrees with the tree,
Wagtail's own walk decides, so behaviour never differs — only the query count.

With the fragment cache on (production), the walk along the path is remembered per *content
version* (yiwang.core.web.fragments): the version changes after every publish, unpublish, move,
slug change, deletion and view-restriction edit, and it is part of the key, so a remembered route
is never older than the last of them. The target's own row is still read on every request — the
article is always rendered from the database — so a remembered route costs one query. The view
restrictions of the pages along the path (Wagtail checks them before serving) come from the same
per-version memory: a page under no restriction costs no query for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from wagtail.models import Page, PageViewRestriction
from wagtail.url_routing import RouteResult

from yiwang.core.web.fragments import content_version

# Remembered routes per process; bounded so that crawling every address cannot grow it for ever.
ROUTE_MEMORY_SIZE = 4096


@dataclass(frozen=True)
class _Route:
    chain: tuple[Page, ...]  # the pages below the root down to the target (not specific)
    model: Any


@dataclass(frozen=True)
class _Restrictions:
    restricted_paths: tuple[tuple[str, int], ...]  # (page path, restriction id)
    alias_paths: tuple[str, ...]


_routes: dict[tuple[str, int, tuple[str, ...]], _Route | None] = {}
_restrictions: dict[str, _Restrictions] = {}


class DirectRouting:
    """For a site's root page (HomePage): route the path below it in two queries (one, remembered)."""

    def route(self, request: HttpRequest, path_components: list[str]) -> RouteResult:
        root: Any = self
        version = content_version(request)
        if not path_components:
            if version != "off":
                # The root may be the site's remembered one (yiwang.core.web.sites): the page
                # asked for is always read afresh.
                root = type(root)._default_manager.filter(pk=root.pk).first()
                if root is None:
                    raise Http404
                root.routed_view_restrictions = _view_restrictions_for(version, root)
            return Page.route(root, request, path_components)
        key = (version, root.pk, tuple(path_components))
        route = _routes.get(key) if version != "off" else None
        if route is None:
            route = _find_route(root, path_components)
            if version != "off":
                if len(_routes) >= ROUTE_MEMORY_SIZE:
                    _routes.clear()
                _routes[key] = route
        if route is None:
            return Page.route(root, request, path_components)
        chain = route.chain
        queryset = route.model._default_manager.all()
        if any(field.name == "agency" for field in route.model._meta.concrete_fields):
            queryset = queryset.select_related("agency")
        target = queryset.filter(pk=chain[-1].pk).first()
        if target is None or not target.live:
            raise Http404
        target._cached_parent_obj = chain[-2] if len(chain) > 1 else root
        # The breadcrumbs (首页 … parent) without another query, when the root is the top site's.
        if root.depth == 2:
            target.route_trail = [root, *chain[:-1]]
        if version != "off":
            target.routed_view_restrictions = _view_restrictions_for(version, target)
        return RouteResult(target)


def _find_route(root: Any, path_components: list[str]) -> _Route | None:
    """The pages along the path by `url_path` (one query); None when Wagtail's walk must decide."""
    url_paths = [root.url_path + "/".join(path_components[: i + 1]) + "/" for i in range(len(path_components))]
    chain = list(Page.objects.filter(url_path__in=url_paths).order_by("depth"))
    direct = len(chain) == len(url_paths) and all(
        page.depth == root.depth + i + 1 and page.path.startswith(root.path) and _routes_plainly(page)
        for i, page in enumerate(chain)
    )
    if not direct:
        return None
    return _Route(chain=tuple(chain), model=chain[-1].specific_class)


def _view_restrictions_for(version: str, page: Page) -> QuerySet[PageViewRestriction] | None:
    """The restrictions on the page and its ancestors; None when an alias is involved (Wagtail's
    own lookup follows aliases to their source pages)."""
    known = _restrictions.get(version)
    if known is None:
        known = _Restrictions(
            restricted_paths=tuple(PageViewRestriction.objects.values_list("page__path", "pk")),
            alias_paths=tuple(Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True)),
        )
        _restrictions.clear()
        _restrictions[version] = known
    if any(page.path.startswith(path) for path in known.alias_paths):
        return None
    ids = [pk for path, pk in known.restricted_paths if page.path.startswith(path)]
    if not ids:
        return PageViewRestriction.objects.none()
    return PageViewRestriction.objects.filter(pk__in=ids)


class RoutedRestrictions:
    """Portal pages: the view restrictions found while routing, when the route knew them."""

    def get_view_restrictions(self) -> Any:
        known = self.__dict__.get("routed_view_restrictions")
        if known is not None:
            return known
        return super().get_view_restrictions()  # type: ignore[misc]


def _routes_plainly(page: Page) -> bool:
    model = page.specific_class
    return model is not None and model.route in (Page.route, DirectRouting.route)
