"""Local development: `make run`. Debug on, demo second-factor secrets printed and shown."""

from .base import *  # noqa: F403
from .base import YIWANG_SECURITY, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-yiwang-local"  # noqa: F405
YIWANG_SECURITY["SHOW_DEMO_SECRETS"] = True
