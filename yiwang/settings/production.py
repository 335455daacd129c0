"""Production: gunicorn behind nginx, PostgreSQL, Redis. Every secret comes from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, YIWANG_SECURITY, env_bool

DEBUG = False
if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to at least 50 random characters in production.")

# Personal data must be encrypted with the deployment's own keys (个人信息保护法 Art. 51): refuse to start
# without them rather than fall back to the public development key.
if not os.environ.get("FIELD_ENCRYPTION_KEYS") or not os.environ.get("FIELD_HASH_KEY"):
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEYS and FIELD_HASH_KEY must be set in production "
        "(base64 32-byte keys; make one with `manage.py generate_field_key`)."
    )

# Never allow the demo second-factor shortcuts here, whatever the environment says.
YIWANG_SECURITY["SHOW_DEMO_SECRETS"] = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
