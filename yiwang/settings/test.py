"""The test suite. DATABASE_URL and REDIS_URL choose SQLite/PostgreSQL and the cache as in base."""

from .base import *  # noqa: F403
from .base import BASE_DIR, YIWANG_SEARCH

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
