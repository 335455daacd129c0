"""静态发布 — published portal pages written as files that nginx serves before asking the app.

A surge (an emergency notice on the home page, a new announcement) then costs nginx a file read,
not a Django render per request (ADR 0006). The files are a derived copy of the database:

- after a publish, unpublish, move, slug change or delete commits, the affected pages — the page,
  its ancestors (its columns and the home page list it) and the pages elsewhere that show it (a
  policy document's 公开目录 and 解读, a 解读's policy document) — are rendered once as an anonymous
  visitor would get them and written to `PUBLISH_DIR/<host>/<url path>/index.html` (+ `.gz`); pages
  that are no longer live (or were moved away) lose their files. A service that changes what a
  live page shows without a new revision (有效性) announces it with `page_changed`;
- only responses safe to share are written: 200, no cookie set, no CSRF form, no `private`/`no-store`,
  no view restriction. Everything else simply has no file and nginx proxies it to the app;
- `manage.py publish_pages` (and the hourly `portal.republish` job) rewrites every file of a site,
  for changes no publish announces (site identity in the footer, templates after a release).

Work is *reconciliation*: each step looks at what the database says now (live page at this path?
render it : remove its file), so doing it twice, late, or after a rolled-back transaction is harmless.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation
from wagtail.models import Page, PageViewRestriction, Site

from .models import DisclosureCatalogPage, InterpretationPage, PolicyDocumentPage

logger = logging.getLogger(__name__)

INDEX = "index.html"
CSRF_MARKER = b'name="csrfmiddlewaretoken"'


def publish_dir() -> Path | None:
    """Where published files go, or None when static publishing is off (the default)."""
    value = getattr(settings, "YIWANG_PORTAL", {}).get("PUBLISH_DIR", "")
    return Path(value) if value else None


# --- what changed (collected during the transaction, worked off after commit) ------------------


@dataclass
class _Pending:
    page_ids: set[int] = field(default_factory=set)
    old_paths: set[tuple[int, str]] = field(default_factory=set)  # (site id, page path) subtrees gone


_local = threading.local()


def _pending() -> _Pending:
    pending = getattr(_local, "pending", None)
    if pending is None:
        pending = _local.pending = _Pending()
    return pending


def _schedule(page_ids: Iterable[int] = (), old_paths: Iterable[tuple[int, str]] = ()) -> None:
    if publish_dir() is None:
        return
    pending = _pending()
    pending.page_ids.update(page_ids)
    pending.old_paths.update(old_paths)
    transaction.on_commit(flush, robust=True)


def _with_ancestors(page: Page) -> list[int]:
    """The page and every ancestor below the tree root (columns, home page)."""
    return [page.pk, *page.get_ancestors().filter(depth__gt=1).values_list("pk", flat=True)]


def _shown_with(page: Page) -> list[int]:
    """Pages outside the page's ancestry that show it: a policy document is listed (with its 有效性)
    in its agency's 公开目录 and named by its 解读; a 解读 is linked from its policy document."""
    if publish_dir() is None:
        return []
    specific = page.specific
    if isinstance(specific, PolicyDocumentPage):
        catalogues = DisclosureCatalogPage.objects.filter(agency_id=specific.agency_id)
        interpretations = InterpretationPage.objects.filter(policy_id=specific.pk)
        return [*catalogues.values_list("pk", flat=True), *interpretations.values_list("pk", flat=True)]
    if isinstance(specific, InterpretationPage):
        return [specific.policy_id]
    return []


def _affected(page: Page) -> list[int]:
    return _with_ancestors(page) + _shown_with(page)


def page_published(page: Page) -> None:
    """After a publish commits: write the page and refresh the pages that list or link to it."""
    _schedule(_affected(page))


def page_unpublished(page: Page) -> None:
    """After an unpublish commits: drop the page's file, refresh the pages that listed or linked to it."""
    _schedule(_affected(page))


def page_changed(page: Page) -> None:
    """After a service changed what a live page shows without publishing it (有效性): rewrite the
    page and the pages showing it."""
    _schedule(_affected(page))


def page_moved(page: Page, *, old_url_path: str, old_parent: Page | None) -> None:
    """After a move or slug change: the old address (and everything under it) loses its files."""
    old = [(site_id, path) for site_id, path in _site_paths(old_url_path)]
    ids = _affected(page) + (_with_ancestors(old_parent) if old_parent is not None else [])
    ids += list(page.get_descendants().values_list("pk", flat=True))
    _schedule(ids, old)


def page_deleted(page: Page) -> None:
    """Before a delete: remember the address and the parent; the files go after commit."""
    parent = page.get_parent()
    ids = (_with_ancestors(parent) if parent is not None else []) + _shown_with(page)
    _schedule(ids, _site_paths(page.url_path))


def flush() -> None:
    """Work off everything scheduled in this thread (called after commit; safe to call any time)."""
    pending = getattr(_local, "pending", None)
    _local.pending = None
    if pending is None or (not pending.page_ids and not pending.old_paths):
        return
    root = publish_dir()
    if root is None:
        return
    try:
        for site_id, path in sorted(pending.old_paths):
            remove_subtree(root, site_id, path)
        pages = Page.objects.filter(pk__in=pending.page_ids).order_by("-depth")
        refresh_pages(root, pages)
        # Pages that now live under a removed address (moved back, a new page with the old slug).
        for site_id, path in pending.old_paths:
            site = Site.objects.filter(pk=site_id).select_related("root_page").first()
            if site is not None:
                prefix = site.root_page.url_path + path.lstrip("/")
                refresh_pages(root, Page.objects.filter(url_path__startswith=prefix))
    except Exception:  # the publish itself has committed; the hourly job repairs what failed here
        logger.exception("portal: writing published files failed")


# --- where files live ----------------------------------------------------------------------------


def _site_paths(url_path: str) -> list[tuple[int, str]]:
    """(site id, path within the site) for every site whose root is above `url_path`."""
    out = []
    for site in Site.objects.select_related("root_page"):
        root_path = site.root_page.url_path
        if url_path.startswith(root_path):
            out.append((site.pk, "/" + url_path[len(root_path) :]))
    return out


def _safe_dir(root: Path, hostname: str, page_path: str) -> Path | None:
    parts = [part for part in page_path.split("/") if part]
    if not hostname or any(part in {".", ".."} or "\x00" in part for part in (hostname, *parts)):
        return None
    target = root.joinpath(hostname.lower(), *parts)
    if not target.resolve().is_relative_to(root.resolve()):
        return None
    return target


def file_for(root: Path, page: Page) -> Path | None:
    """The index.html file nginx serves for `page` (None when the page has no public address)."""
    parts = page.get_url_parts()
    if parts is None:
        return None
    site_id, _root_url, page_path = parts
    site = _site(site_id)
    if site is None or not page_path:
        return None
    directory = _safe_dir(root, site.hostname, page_path)
    return directory / INDEX if directory is not None else None


def _site(site_id: int) -> Site | None:
    return Site.objects.filter(pk=site_id).first()


def remove_subtree(root: Path, site_id: int, page_path: str) -> None:
    """Remove the files of a page that left this address and of everything below it."""
    site = _site(site_id)
    if site is None:
        return
    directory = _safe_dir(root, site.hostname, page_path)
    if directory is None:
        return
    if directory == root / site.hostname.lower():  # a site root: only its own file
        _remove_file(directory / INDEX)
        return
    shutil.rmtree(directory, ignore_errors=True)


def _remove_file(path: Path) -> None:
    for name in (path, path.with_name(path.name + ".gz")):
        with contextlib.suppress(FileNotFoundError):
            name.unlink()


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as tmp:
        tmp.write(data)
    os.chmod(tmp.name, 0o644)
    os.replace(tmp.name, path)


def write_file(path: Path, html: bytes) -> None:
    """index.html and index.html.gz (for nginx's gzip_static), each replaced atomically."""
    _write_atomic(path.with_name(path.name + ".gz"), gzip.compress(html, compresslevel=6, mtime=0))
    _write_atomic(path, html)


# --- rendering ---------------------------------------------------------------------------------


_handler_lock = threading.Lock()
_handler: BaseHandler | None = None


def _get_handler() -> BaseHandler:
    global _handler
    with _handler_lock:
        if _handler is None:
            handler = BaseHandler()
            handler.load_middleware()
            _handler = handler
        return _handler


def render_anonymous(page: Page) -> HttpResponse | None:
    """The page as an anonymous visitor in the default language and mode gets it (full middleware)."""
    parts = page.get_url_parts()
    if parts is None:
        return None
    site_id, _root_url, page_path = parts
    site = _site(site_id)
    if site is None:
        return None
    secure = site.port == 443 or bool(getattr(settings, "SECURE_SSL_REDIRECT", False))
    host = site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": page_path,
        "QUERY_STRING": "",
        "SERVER_NAME": site.hostname,
        "SERVER_PORT": str(site.port),
        "HTTP_HOST": host,
        "HTTP_ACCEPT_LANGUAGE": settings.LANGUAGE_CODE,
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "https" if secure else "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
    }
    if secure:
        header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
        if header:
            environ[header[0]] = header[1]
    language = translation.get_language()
    try:
        response = _get_handler().get_response(WSGIRequest(environ))
    finally:
        translation.activate(language) if language else translation.deactivate()
    return response  # type: ignore[return-value]


def shareable(response: HttpResponse | None) -> bytes | None:
    """The body if this response may be served to every anonymous visitor, else None."""
    if response is None or response.status_code != 200 or getattr(response, "streaming", False):
        return None
    if response.cookies:
        return None
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return None
    if not response.get("Content-Type", "").startswith("text/html"):
        return None
    body = bytes(response.content)
    if CSRF_MARKER in body:
        return None
    return body


def _restricted_ids(pages: list[Page]) -> set[int]:
    """Pages under a view restriction (password, login, groups): never written."""
    if not pages:
        return set()
    restricted_paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    return {page.pk for page in pages if any(page.path.startswith(path) for path in restricted_paths)}


def refresh_pages(root: Path, pages: Iterable[Page]) -> tuple[set[Path], int]:
    """Reconcile the files of `pages` with the database. Returns (files written, files removed)."""
    pages = list(pages)
    restricted = _restricted_ids(pages)
    written: set[Path] = set()
    removed = 0
    for page in pages:
        path = file_for(root, page)
        if path is None:
            continue
        body = None
        if page.live and page.pk not in restricted and getattr(page.specific_class, "publish_as_file", True):
            body = shareable(render_anonymous(page))
        if body is None:
            if path.exists():
                removed += 1
            _remove_file(path)
        else:
            write_file(path, body)
            written.add(path)
    return written, removed


def site_pages(site: Site) -> Any:
    """The pages of `site`: its root and everything below, except sub-sites whose roots sit inside it."""
    root = site.root_page
    pages = Page.objects.descendant_of(root, inclusive=True)
    nested = (
        Site.objects.exclude(pk=site.pk)
        .filter(root_page__path__startswith=root.path, root_page__depth__gt=root.depth)
        .values_list("root_page__path", flat=True)
    )
    for path in nested:
        pages = pages.exclude(path__startswith=path)
    return pages


def publish_site(site: Site) -> tuple[int, int]:
    """Rewrite every page of `site` and drop files no page owns any more (a release, a footer
    change, the hourly repair). Returns (written, removed)."""
    root = publish_dir()
    if root is None:
        return 0, 0
    written, removed = refresh_pages(root, site_pages(site).order_by("path"))
    site_dir = root / site.hostname.lower()
    if site_dir.is_dir():
        for path in site_dir.rglob(INDEX):
            if path not in written:
                _remove_file(path)
                removed += 1
    return len(written), removed
