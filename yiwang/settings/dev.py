"""Local development: `make run`. Debug on, demo second-factor secrets printed and shown."""

import base64
import hashlib

from .base import *  # noqa: F403
from .base import FIELD_ENCRYPTION_KEYS, FIELD_HASH_KEY, YIWANG_SECURITY, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-yiwang-local"
YIWANG_SECURITY["SHOW_DEMO_SECRETS"] = True

# A fixed, public development key so local data survives restarts; never used in production.
FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or [
    base64.b64encode(hashlib.sha256(b"yiwang-dev-field-key").digest()).decode()
]
FIELD_HASH_KEY = FIELD_HASH_KEY or base64.b64encode(hashlib.sha256(b"yiwang-dev-hash-key").digest()).decode()
