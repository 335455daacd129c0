"""Fragment caching of the public chrome (navigation, footer), keyed on a *content version*.

The version changes whenever published content changes (modules call `bump_content_version()`
after commit: a publish, an unpublish, a move, a site-identity edit), so a cached fragment is never
older than the last publication; `FRAGMENT_CACHE_SECONDS` bounds it anyway (0 = no caching).
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache

VERSION_KEY = "yiwang:content-version"


def fragment_seconds() -> int:
    return int(getattr(settings, "YIWANG_FRAGMENT_CACHE_SECONDS", 0))


def content_version(request: Any = None) -> str:
    """The current content version (one cache read per request; created on first use).

    With a request, the value read is kept on it, so the routing and the chrome of one request
    share one read (and agree with each other).
    """
    if fragment_seconds() <= 0:
        return "off"
    if request is not None:
        memo = getattr(request, "_yiwang_content_version", None)
        if memo is None:
            memo = request._yiwang_content_version = content_version()
        return str(memo)
    value = cache.get(VERSION_KEY)
    if value is None:
        value = str(time.time_ns())
        cache.add(VERSION_KEY, value, timeout=None)
        value = cache.get(VERSION_KEY, value)
    return str(value)


def bump_content_version() -> None:
    """Published content changed: every cached fragment is out of date."""
    cache.set(VERSION_KEY, str(time.time_ns()), timeout=None)
