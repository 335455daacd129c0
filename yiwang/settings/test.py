"""The test suite. DATABASE_URL and REDIS_URL choose SQLite/PostgreSQL and the cache as in base."""

import base64
import hashlib

from .base import *  # noqa: F403
from .base import BASE_DIR, FIELD_ENCRYPTION_KEYS, FIELD_HASH_KEY, YIWANG_SEARCH

SECRET_KEY = "test-only-not-secret"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast in tests only
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
YIWANG_SEARCH["PATH"] = ""  # each test gets a fresh in-memory index
ALLOWED_HOSTS = ["*"]
STATICFILES_DIRS = [BASE_DIR / "yiwang" / "static"]

# A fixed, public development key so local data survives restarts; never used in production.
FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or [
    base64.b64encode(hashlib.sha256(b"yiwang-dev-field-key").digest()).decode()
]
FIELD_HASH_KEY = FIELD_HASH_KEY or base64.b64encode(hashlib.sha256(b"yiwang-dev-hash-key").digest()).decode()

# The suite empties tables between tests; only here may a connection delete young audit rows
# (see yiwang/core/audit/migrations/0002_append_only_triggers.py). Tests of the guard turn it off.
YIWANG_AUDIT_ALLOW_DELETE = True
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c yiwang.allow_audit_delete=on"
# Tests roll the database back between tests: the calendar re-reads its data version on every call.
YIWANG_CALENDAR = {**YIWANG_CALENDAR, "RECHECK_SECONDS": 0}
# Rate-limit counters live in the process-wide cache; tests of the limits turn them on and clear it.
RATELIMIT_ENABLE = False
# Tests roll the database back but not the cache: no fragment caching unless a test turns it on.
YIWANG_FRAGMENT_CACHE_SECONDS = 0
# Tests add and switch off categories: the intake reads the tree every time unless a test turns it on.
TICKETS_CATALOGUE_CACHE_SECONDS = 0
