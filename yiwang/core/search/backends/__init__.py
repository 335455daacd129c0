"""Search backends and the process-wide backend instance.

`get_backend()` builds the backend named by `settings.YIWANG_SEARCH["BACKEND"]` once per process.
`PATH = ""` means an in-memory index; `reset_backend()` drops the instance (each test gets a
fresh in-memory index this way).
"""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from .base import SearchBackend, SyncState

__all__ = ["SearchBackend", "SyncState", "get_backend", "reset_backend", "search_settings"]

_lock = threading.Lock()
_backend: SearchBackend | None = None


def search_settings() -> dict[str, Any]:
    configured: dict[str, Any] = dict(getattr(settings, "YIWANG_SEARCH", {}))
    configured.setdefault("BACKEND", "yiwang.core.search.backends.tantivy.TantivyBackend")
    configured.setdefault("PATH", "")
    # inline: apply the change log in this process right after commit (one process, tests);
    # poll: leave it to `manage.py search_sync` on each server (several processes or servers).
    configured.setdefault("SYNC", "inline" if not configured["PATH"] else "poll")
    configured.setdefault("POLL_SECONDS", 1.0)
    configured.setdefault("LOG_RETENTION_DAYS", 7)
    return configured


def get_backend() -> SearchBackend:
    global _backend
    if _backend is None:
        with _lock:
            if _backend is None:
                options = search_settings()
                backend_class = import_string(options["BACKEND"])
                _backend = backend_class(path=str(options["PATH"]))
    return _backend


def reset_backend() -> None:
    global _backend
    with _lock:
        if _backend is not None:
            _backend.close()
        _backend = None
