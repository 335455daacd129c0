"""Which Wagtail site a request is for, remembered per content version instead of queried per request.

Wagtail finds the site of every public request with a query on `wagtailcore_site` (hostname, port,
default site — an annotated, ordered query that costs more to build than to run), then reads the
site root's specific row to route from it. Sites and their root pages change only when content is
published or a site is edited, so `SiteMiddleware` keeps, per process, the site found for each
(host, port) under the current *content version* (yiwang.core.web.fragments: bumped after every
publication, and by the Site signals in apps.py), and hands it to Wagtail as `request._wagtail_site`
— the attribute `Site.find_for_request` caches its answer on. The page a request asks for is still
read from the database on every request (routing reads the target's row; the root page itself is
re-read when it is the page asked for), so only the lookup is remembered, never a rendering.

With the fragment cache off (tests, `FRAGMENT_CACHE_SECONDS=0`) nothing is remembered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from wagtail.models import Site

from .fragments import content_version

STAFF_PREFIX = "/staff/"
# Host names a process remembers (each is a site's host or an alias of one); bounded against junk.
SITE_MEMORY_SIZE = 512

_sites: dict[tuple[str, str, int], Site | None] = {}
_root_paths: dict[str, list[Any]] = {}


def remembered_site(request: HttpRequest) -> Site | None:
    """The request's site, from this process's memory for the current content version."""
    version = content_version(request)
    raw_host = request._get_raw_host()  # type: ignore[attr-defined]  # as Wagtail does: no ALLOWED_HOSTS check
    hostname = split_domain_port(raw_host)[0]
    port = int(request.get_port())
    key = (version, hostname, port)
    if key in _sites:
        return _sites[key]
    site = Site._find_for_request(request)
    if site is not None:
        site.root_page = site.root_page.localized.specific  # what Wagtail routes from
    if len(_sites) >= SITE_MEMORY_SIZE or any(known[0] != version for known in _sites):
        _sites.clear()
    _sites[key] = site
    return site


def remembered_root_paths(request: HttpRequest) -> list[Any]:
    """`Site.get_site_root_paths()` (a cache read and unpickling each time) once per version."""
    version = content_version(request)
    known = _root_paths.get(version)
    if known is None:
        known = list(Site.get_site_root_paths())
        _root_paths.clear()
        _root_paths[version] = known
    return known


class SiteMiddleware:
    """Public GET/HEAD requests: the Wagtail site from memory (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method in ("GET", "HEAD")
            and not request.path_info.startswith(STAFF_PREFIX)
            and content_version(request) != "off"
        ):
            request._wagtail_site = remembered_site(request)  # type: ignore[attr-defined]
            # Every page URL on the page reads the site root paths; Wagtail keeps them on the request.
            request._wagtail_cached_site_root_paths = remembered_root_paths(request)  # type: ignore[attr-defined]
        return self.get_response(request)


def forget_sites(**kwargs: Any) -> None:
    """A site was added, edited or removed: after the commit, nothing remembered may outlive it
    (before it, another request could remember the old site under the new version)."""
    from django.db import transaction

    from .fragments import bump_content_version

    def forget() -> None:
        _sites.clear()
        _root_paths.clear()
        bump_content_version()

    transaction.on_commit(forget, robust=True)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    post_save.connect(forget_sites, sender=Site, dispatch_uid="web.sites.saved")
    post_delete.connect(forget_sites, sender=Site, dispatch_uid="web.sites.deleted")
