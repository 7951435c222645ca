"""Settings, all read from the environment (see config/env.py and the README).

With nothing set this runs in development mode on a local SQLite file. Setting SECRET_KEY switches
to production defaults (DEBUG off, HTTPS-only cookies, HSTS), which pass `manage.py check --deploy`.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config import env, scaleout

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.text("VAR_DIR", str(BASE_DIR / "var")))

_DEV_SECRET = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env.text("SECRET_KEY") or _DEV_SECRET
DEBUG = env.boolean("DEBUG", default=SECRET_KEY == _DEV_SECRET)
if not DEBUG and SECRET_KEY == _DEV_SECRET:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment when DEBUG is off.")

ALLOWED_HOSTS = env.listing("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.listing("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "guardian",
    "django_tables2",
    "django_filters",
    "axes",
    "csp",
    "accounts",
    "audit",
    "commissioning",
    "bids",
    "panels",
    "training",
    "scoring",
    "decisions",
    "demo",  # last: it tells the story through every app below it
]

MIDDLEWARE = [
    # First: refuses a body larger than its URL's limit before anything reads it (config/limits.py).
    "config.limits.RequestBodyLimit",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (CONTENT_SECURITY_POLICY below) and Permissions-Policy: config/headers.py.
    "csp.middleware.CSPMiddleware",
    "config.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Drops typing kept through a log-in once that log-in has been and gone (accounts/kept.py).
    "accounts.kept.KeptTypingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Refuses writes to a published round with a plain message, before the page runs.
    "decisions.read_only.PublishedRoundsAreReadOnly",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["config.templatetags.ui", "config.templatetags.clock"],
        },
    }
]
FORM_RENDERER = "config.forms.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env.text("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env.integer("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction starts, so two writers queue instead of
    # failing with "database is locked" half-way through (stage moves, audit appends).
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file, not shared-cache memory: only a file honours the busy timeout when writers queue.
    # One per test run (the process id), so two runs side by side never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")}
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-guardian: no anonymous user row; anonymous visitors simply have no permissions.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# django-axes: lock an email + address pair after repeated failures.
AXES_FAILURE_LIMIT = env.integer("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env.integer("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field, whatever USERNAME_FIELD is
AXES_USERNAME_CALLABLE = "accounts.forms.throttle_key"
AXES_VERBOSE = False
# The client's address for that pair: X-Forwarded-For as far as TRUSTED_PROXY_COUNT proxies vouch
# for it (0, the default, ignores the header; the README's nginx in front of gunicorn is 1).
TRUSTED_PROXY_COUNT = env.integer("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.text("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    # Uploaded documents: the local disk, or a private S3 bucket (config/scaleout.py).
    "default": scaleout.document_storage(),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded documents live outside the web root and are served only by permission-checked views.
MEDIA_ROOT = Path(env.text("UPLOAD_ROOT", str(VAR_DIR / "uploads")))
BID_DOCUMENT_MAX_BYTES = env.integer("BID_DOCUMENT_MAX_MB", 20) * 1024 * 1024

EMAIL_BACKEND = env.text(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env.text("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env.text("EMAIL_HOST", "localhost")
EMAIL_PORT = env.integer("EMAIL_PORT", 587)
EMAIL_HOST_USER = env.text("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.text("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.boolean("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "Co-commissioning <no-reply@localhost>")
# Where the site lives, for links in emails sent outside a request (scoring reminders from cron).
SITE_URL = env.text("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, not {SITE_URL!r}")

# The keys that sign the decision trail (audit/keys.py). They must never be stored in the database
# they protect. Development servers (DEBUG on) get clearly-named throwaway keys so a round can be
# run and published locally; with DEBUG off nothing is assumed: recording refuses to run without
# AUDIT_EVENT_KEYS, and publishing and checkpoints wait for AUDIT_SIGNING_KEY.
_DEV_EVENT_KEYS = "dev:dev-only-event-key-do-not-use-in-production"  # noqa: S105
# An Ed25519 seed anyone can read here: only for DEBUG servers. Its public key is not the council's.
_DEV_SIGNING_KEY = "8c1f0b5a0d3c4e7a9b2d6f1e3a5c7b9d0e2f4a6c8b1d3e5f7a9c0b2d4e6f8a1c"  # noqa: S105
AUDIT_EVENT_KEYS = env.text("AUDIT_EVENT_KEYS") or (_DEV_EVENT_KEYS if DEBUG else "")
AUDIT_SIGNING_KEY = env.text("AUDIT_SIGNING_KEY") or (_DEV_SIGNING_KEY if DEBUG else "")
if env.text("AUDIT_SIGNING_KEY_FILE"):
    AUDIT_SIGNING_KEY = Path(env.text("AUDIT_SIGNING_KEY_FILE")).read_text()
# Retired checkpoint public keys (hex), kept so checkpoints they signed still verify.
AUDIT_PUBLIC_KEYS = env.listing("AUDIT_PUBLIC_KEYS", [])
# Where signed checkpoints are written, outside the database: a directory the app may add files to
# but should not be able to change or delete (an append-only mount, or one synced to write-once
# object storage). Empty means none is configured, which verify_audit says.
# The trail page's "check the whole trail" runs in a thread of the web process (audit/verified.py).
AUDIT_FULL_CHECK_IN_BACKGROUND = env.boolean("AUDIT_FULL_CHECK_IN_BACKGROUND", True)
AUDIT_CHECKPOINT_DIR = env.text(
    "AUDIT_CHECKPOINT_DIR", str(VAR_DIR / "checkpoints") if DEBUG else ""
)

# Security: the production defaults (DEBUG off) pass `manage.py check --deploy`.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# django-csp 4: only this site's own files; no inline script or style anywhere (templates and
# static/js keep to that, tests/test_security_headers.py checks them, the browser suite fails on
# any violation); never framed; forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
SESSION_COOKIE_AGE = 60 * 60 * 8
# Shared state for more than one app server (config/scaleout.py): with REDIS_URL the cache is Redis
# and sessions are cached_db; without it, a per-process memory cache and database sessions.
REDIS_URL = env.text("REDIS_URL")
CACHES = scaleout.caches(REDIS_URL)
SESSION_ENGINE = scaleout.session_engine(REDIS_URL)

# Open data of published rounds (decisions/open_data.py). The defaults are placeholders: a council
# registers its own OCID prefix with the Open Contracting Partnership and its 360Giving prefix, and
# names itself with an org-id.guide identifier.
OCDS_OCID_PREFIX = env.text("OCDS_OCID_PREFIX", "ocds-cocomm")
GRANTNAV_ORG_PREFIX = env.text("GRANTNAV_ORG_PREFIX", "360G-cocomm")
FUNDER_ORG_ID = env.text("FUNDER_ORG_ID", "XI-COCOMM-COUNCIL")
FUNDER_NAME = env.text("FUNDER_NAME", "The council")
OPEN_DATA_LICENSE = env.text(
    "OPEN_DATA_LICENSE",
    "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.text("LOG_LEVEL", "WARNING")},
}
