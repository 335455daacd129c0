"""Settings shared by every environment. Values come from the environment with safe local defaults."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("YIWANG_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Addresses (or networks) of the nginx hosts whose X-Real-IP header is believed (yiwang.core.web.http).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")

# --- applications -------------------------------------------------------------------------------
# Core services first, then the feature modules; the module registry discovers modules from
# YIWANG_MODULES (each an app with a `manifest` module).
YIWANG_CORE_APPS = [
    "yiwang.core.accounts",
    "yiwang.core.privacy",
    "yiwang.core.orgs",
    "yiwang.core.permissions",
    "yiwang.core.calendar",
    "yiwang.core.audit",
    "yiwang.core.files",
    "yiwang.core.notifications",
    "yiwang.core.jobs",
    "yiwang.core.events",
    "yiwang.core.registry",
    "yiwang.core.search",
    "yiwang.core.workflow",
    "yiwang.core.security",
    "yiwang.core.seals",
    "yiwang.core.web",
]
YIWANG_MODULES = [
    "yiwang.modules.portal",
    "yiwang.modules.tickets",
    "yiwang.modules.documents",
    "yiwang.modules.servicehall",
]

INSTALLED_APPS = [
    *YIWANG_CORE_APPS,
    *YIWANG_MODULES,
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "django_htmx",
    "captcha",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "yiwang.core.web.http.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "yiwang.core.web.security.SecurityHeadersMiddleware",
    "yiwang.core.web.security.ScopedCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "yiwang.core.accounts.middleware.StaffSecurityMiddleware",
    "yiwang.core.permissions.middleware.ScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # The Wagtail site of a public request from memory, per content version (no query).
    "yiwang.core.web.sites.SiteMiddleware",
]

ROOT_URLCONF = "yiwang.urls"
WSGI_APPLICATION = "yiwang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "yiwang" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "yiwang.core.web.context_processors.site_context",
            ],
        },
    },
]

# --- data ----------------------------------------------------------------------------------------
# SQLite (WAL) is the embedded default; PostgreSQL is production (DATABASE_URL=postgres://…).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'yiwang.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;"
        ),
    }
else:
    # PostgreSQL's JIT compiles a plan's expressions on a connection's first large query (~300 ms
    # measured on the 公文 list): a loss for short web queries, so it is off for the application.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "yiwang"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# --- identity ------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "yiwang.core.accounts.backends.LockoutAwareBackend",
    "yiwang.core.permissions.backends.StaffWorkspaceBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:after-login"
LOGOUT_REDIRECT_URL = "/"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "yiwang.core.accounts.passwords.CharacterClassValidator"},
]

# Security policy (GB/T 22239-2019 L3-CES1-01/02; values [R], so configurable).
YIWANG_SECURITY = {
    "LOCKOUT_THRESHOLD": int(os.environ.get("LOCKOUT_THRESHOLD", "5")),
    "LOCKOUT_MINUTES": int(os.environ.get("LOCKOUT_MINUTES", "15")),
    "STAFF_IDLE_MINUTES": int(os.environ.get("STAFF_IDLE_MINUTES", "30")),
    "PASSWORD_CLASSES": int(os.environ.get("PASSWORD_CLASSES", "3")),
    "ONE_TIME_CODE_MINUTES": 10,
    # Role changes and personal-data exports ask for the password or key again after this long.
    "REAUTH_MINUTES": int(os.environ.get("REAUTH_MINUTES", "15")),
    # Only the dev settings may turn this on; production.py forces it off.
    "SHOW_DEMO_SECRETS": False,
}
# Personal data encrypted at rest (个人信息保护法 Art. 51; GB/T 22239 L3-CES1-27/28): base64 32-byte
# keys, comma-separated, the first encrypts and all decrypt (rotation: put the new key first, then
# `manage.py reencrypt_fields`). FIELD_HASH_KEY keys the lookup hashes. production.py requires both.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS")
FIELD_HASH_KEY = os.environ.get("FIELD_HASH_KEY", "")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Security headers (yiwang.core.web.security). Strict CSP: everything from this server, no inline
# script; /staff/ (Wagtail) is relaxed in the middleware. HSTS is set in production.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # The one inline <style> allowed: the indicator rule htmx adds on load (by its hash; a test
        # recomputes it from the vendored htmx, so an upgrade that changes it fails loudly).
        "style-src": ["'self'", "'sha256-faU7yAF8NxuMTNEwVmBz+VcYeIoBQ2EMHW3WaVxCvnk='"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        **({"report-uri": os.environ["CSP_REPORT_URI"]} if os.environ.get("CSP_REPORT_URI") else {}),
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Security keys (WebAuthn): the relying party is the public host name and its HTTPS origins.
# Empty = the request's own host (development, tests).
WEBAUTHN_RP_ID = os.environ.get("WEBAUTHN_RP_ID", "")
WEBAUTHN_ORIGINS = env_list("WEBAUTHN_ORIGINS")

# Rate limits (yiwang.core.web.ratelimit): counters in the default cache (Redis in production,
# shared by every app server). RATE_LIMITS overrides a group's rate: "accounts.login=20/m,…".
RATELIMIT_USE_CACHE = "default"
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
# The captcha past a threshold on public forms (诉求): a text arithmetic question, no image or
# audio (accessible as it stands); its answer kept server-side, once, for 30 minutes of writing.
CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.math_challenge"
CAPTCHA_MATH_CHALLENGE_OPERATOR = "×"
CAPTCHA_TIMEOUT = 30
YIWANG_RATE_LIMITS = dict(item.split("=", 1) for item in env_list("RATE_LIMITS") if "=" in item)

# OIDC login for a provincial identity provider (optional; enabled when OIDC_OP_ISSUER is set).
OIDC_ENABLED = bool(os.environ.get("OIDC_RP_CLIENT_ID"))
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_authentication_callback"
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/"
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("yiwang.core.accounts.oidc.StaffOIDCBackend")

# --- gateways ------------------------------------------------------------------------------------
# One-time codes and notifications leave through pluggable gateways (console/log in development).
YIWANG_SMS_GATEWAY = os.environ.get("SMS_GATEWAY", "yiwang.core.notifications.gateways.LogSmsGateway")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@yc.gov.cn")

# --- files, search -------------------------------------------------------------------------------
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "yiwang" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
YIWANG_UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
# Optional ClamAV scan of uploads (yiwang.core.files.antivirus): clamd's Unix socket, or host and port.
CLAMAV_SOCKET = os.environ.get("CLAMAV_SOCKET", "")
CLAMAV_HOST = os.environ.get("CLAMAV_HOST", "")
CLAMAV_PORT = int(os.environ.get("CLAMAV_PORT", "3310"))
CLAMAV_TIMEOUT = float(os.environ.get("CLAMAV_TIMEOUT", "30"))

YIWANG_SEARCH = {
    "BACKEND": os.environ.get("SEARCH_BACKEND", "yiwang.core.search.backends.tantivy.TantivyBackend"),
    "PATH": os.environ.get("SEARCH_INDEX_DIR", str(VAR_DIR / "search")),
}

# Seconds the public chrome (navigation, footer) stays in the fragment cache; the key also changes
# with every publication (yiwang.core.web.fragments). 0 = off.
YIWANG_FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "300"))

# Portal delivery: published pages written as files for nginx (empty = off), and the inspection
# monitor's thresholds (calendar days; see yiwang/modules/portal/monitor.py for the rest).
YIWANG_PORTAL = {
    "PUBLISH_DIR": os.environ.get("PORTAL_PUBLISH_DIR", ""),
    "PROBE_TIMEOUT_SECONDS": float(os.environ.get("PORTAL_PROBE_TIMEOUT", "15")),
}

# Portal sites and content: sub-site host names ({slug} = jiayin …, {division} = 230722; in
# production e.g. "{slug}.yc.gov.cn" with port 443), the default 索引号 pattern (per agency in
# IndexNumberScheme), and where the 政务服务 and 政民互动 entry columns lead.
PORTAL_SUBSITE_HOST_PATTERN = os.environ.get("PORTAL_SUBSITE_HOST_PATTERN", "{slug}.localhost")
PORTAL_SUBSITE_PORT = int(os.environ.get("PORTAL_SUBSITE_PORT", "8000"))
PORTAL_INDEX_NUMBER_PATTERN = os.environ.get("PORTAL_INDEX_NUMBER_PATTERN", "{code}/{year}-{seq:05d}")
PORTAL_SERVICE_HALL_URL = os.environ.get("PORTAL_SERVICE_HALL_URL", "/services/")
PORTAL_INTERACTION_URL = os.environ.get("PORTAL_INTERACTION_URL", "/hudong/tickets/public/")  # 来信选登
# 诉求分类: each process re-reads the category tree at most this often (seconds; 0 = every intake).
TICKETS_CATALOGUE_CACHE_SECONDS = float(os.environ.get("TICKETS_CATALOGUE_CACHE_SECONDS", "30"))

# Working-day calendar: each process re-reads the calendar data version at most this often, so an
# override entered on one server reaches the others within that many seconds.
YIWANG_CALENDAR = {
    "RECHECK_SECONDS": float(os.environ.get("CALENDAR_RECHECK_SECONDS", "5")),
    # Pauses and extensions of statutory clocks: the approver may not be the person recording them.
    "APPROVER_MUST_DIFFER": env_bool("CLOCK_APPROVER_MUST_DIFFER", True),
    # From this month on, calendar managers are alerted daily while next year's holidays are missing.
    "WARN_FROM_MONTH": int(os.environ.get("CALENDAR_WARN_FROM_MONTH", "11")),
}

# --- the deployment ------------------------------------------------------------------------------
YIWANG_DIVISION_CODE = os.environ.get("DIVISION_CODE", "230700")  # 伊春市 (GB/T 2260)
YIWANG_SITE_NAME = os.environ.get("SITE_NAME", "中国伊春")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "yiwang" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

WAGTAIL_SITE_NAME = "一网 工作台"  # the staff workspace's name; the portal's is YIWANG_SITE_NAME
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_LOGIN_URL = "accounts:login"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_USAGE_COUNT_ENABLED = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# --- security assurance (安全保障, yiwang.core.security) --------------------------------------------
# Backups (GB/T 22239 L3-CES1-29/30): where they go, the off-site copies (comma-separated: a mounted
# directory, `rsync:host:/path` or `rsync:/path`, `s3://bucket/prefix` with boto3), and how many
# daily and weekly backups stay in BACKUP_DIR.
YIWANG_BACKUP = {
    "DIR": os.environ.get("BACKUP_DIR", str(VAR_DIR / "backups")),
    "OFFSITE": env_list("BACKUP_OFFSITE"),
    "KEEP_DAILY": int(os.environ.get("BACKUP_KEEP_DAILY", "7")),
    "KEEP_WEEKLY": int(os.environ.get("BACKUP_KEEP_WEEKLY", "4")),
}
# The backup manifest is signed (HMAC-SHA256) so a file changed together with its hash is caught by
# `backup --verify` and refused by `restore` (GB/T 22239 L3-CES1-25/26). BACKUP_SIGNING_KEY: base64 of
# 32 random bytes (`manage.py generate_field_key`), kept in the secret store apart from the backups;
# unset, a key derived from SECRET_KEY signs (and SECRET_KEY_FALLBACKS still verify). Retired signing
# keys go in BACKUP_SIGNING_KEY_FALLBACKS (comma-separated) while backups signed with them are kept.
BACKUP_SIGNING_KEY = os.environ.get("BACKUP_SIGNING_KEY", "")
BACKUP_SIGNING_KEY_FALLBACKS = env_list("BACKUP_SIGNING_KEY_FALLBACKS")
# The database dump and the media archive are encrypted (AES-256-GCM, L3-CES1-28) with
# BACKUP_ENCRYPTION_KEY (base64 of 32 random bytes, kept with the signing key, apart from the
# backups; unset, a key derived from SECRET_KEY, refused by `check --deploy` as security.E004).
# Retired keys go in BACKUP_ENCRYPTION_KEY_FALLBACKS (comma-separated) while their backups are kept.
BACKUP_ENCRYPTION_KEY = os.environ.get("BACKUP_ENCRYPTION_KEY", "")
BACKUP_ENCRYPTION_KEY_FALLBACKS = env_list("BACKUP_ENCRYPTION_KEY_FALLBACKS")
# Audit log retention in days: 网络安全法 Art. 21 asks for at least six months; lower values are
# refused (system check security.E001, and the purge itself).
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "180"))
# Security incidents (安全事件登记): hours from discovery within which an incident of each level is
# reported to the authority, keyed by the level's name in `Incident.Level` (None: no report due).
# Default: 国家网络安全事件报告管理办法 (2025) — a non-CII operator reports 较大 and above to the
# provincial 网信 department within 4 hours (domain-rules §7.3). CII operators (1 h), central organs
# (2 h) or a stricter local rule set their own; fractions are allowed (0.5 = 30 minutes). Checked at
# start-up (system check security.E002).
SECURITY_INCIDENT_REPORT_HOURS: dict[str, float | None] = {
    "extraordinary": 4,  # 特别重大
    "major": 4,  # 重大
    "larger": 4,  # 较大
    "general": None,  # 一般: internal handling only
}
# Alerts to the security administrators on suspicious patterns in the audit log.
YIWANG_SECURITY_ALERTS = {
    "WINDOW_MINUTES": int(os.environ.get("ALERT_WINDOW_MINUTES", "15")),
    "FAILED_LOGINS": int(os.environ.get("ALERT_FAILED_LOGINS", "10")),
    "DOWNLOADS": int(os.environ.get("ALERT_DOWNLOADS", "100")),
    # Administrator actions outside these local hours (Beijing time) are flagged.
    "OFFICE_HOURS": os.environ.get("ALERT_OFFICE_HOURS", "7-20"),
}
# 电子税务 (service hall): the guided item links to the national tax system's 黑龙江 电子税务局.
SERVICEHALL_ETAX_URL = os.environ.get("SERVICEHALL_ETAX_URL", "https://etax.heilongjiang.chinatax.gov.cn/")
