"""Planverk settings: one file, driven by environment variables."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("REQUIRE_SECRET_KEY", False):
        raise RuntimeError("SECRET_KEY must be set in production")
    # Development and test only; production sets SECRET_KEY and REQUIRE_SECRET_KEY.
    SECRET_KEY = "planverk-insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "planverk.accounts",
    "planverk.organisations",
    "planverk.plans",
    "planverk.followup",
    "planverk.importer",
    "planverk.stats",
    "planverk.help",
    "planverk.resources",
    "planverk.guides",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'planverk.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "public:plan_list"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# A shared cache, so that rate limits hold across worker processes.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "planverk_cache",
    }
}
RATELIMIT_VIEW = "planverk.accounts.views.ratelimited"
LOGIN_RATE = os.environ.get("LOGIN_RATE", "10/5m")

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål")), ("nn", _("Norsk nynorsk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Planverk <ikke-svar@planverk.no>")
# Measure owners are reminded this many days before a reporting round's deadline, and once more when it has passed.
FOLLOWUP_REMINDER_DAYS_BEFORE = int(os.environ.get("FOLLOWUP_REMINDER_DAYS_BEFORE", "7"))
# A measure without an approved status for this many days shows as stale on the plan dashboard.
FOLLOWUP_STALE_DAYS = int(os.environ.get("FOLLOWUP_STALE_DAYS", "365"))

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step of a PDF at INFO; its warnings still show.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
# Serve static files straight from static/ when collectstatic has not been run (development, tests).
WHITENOISE_USE_FINDERS = True

# Plan import: the largest file accepted, and whether uploads are processed in a background thread
# (the page shows progress) or within the request (tests, single-threaded servers).
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
IMPORT_IN_BACKGROUND = env_bool("IMPORT_IN_BACKGROUND", True)
# The review of an imported national plan (61 measures) posts some 1,300 fields in one form; Django's default is 1,000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Statistics (suppression rules of domain rule 2). A count at or below the threshold, or whose population minus
# the count is, is never published; local figures are pooled over rolling periods of this many years; a series
# more than this share of whose cells are hidden is hidden whole. Change them, then run `publish_statistics`.
STATS_SUPPRESSION_THRESHOLD = int(os.environ.get("STATS_SUPPRESSION_THRESHOLD", "4"))
STATS_POOLED_YEARS = int(os.environ.get("STATS_POOLED_YEARS", "10"))
STATS_SERIES_HIDDEN_SHARE = float(os.environ.get("STATS_SERIES_HIDDEN_SHARE", "0.5"))
# The largest statistics file accepted (JSON-stat or CSV), from the command line or the workspace.
STATS_IMPORT_MAX_BYTES = int(os.environ.get("STATS_IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
# Workspace imports run in a background thread while the page shows progress, or within the request (tests).
STATS_IMPORT_IN_BACKGROUND = env_bool("STATS_IMPORT_IN_BACKGROUND", True)

# Public help pages (rule 3 of the domain). The last good copy of each page is kept as a file in this directory
# and served when the database is down; it must be writable by the web server (and may be shared between servers).
HELP_CACHE_DIR = Path(os.environ.get("HELP_CACHE_DIR", str(BASE_DIR / "var" / "help-pages")))
# Browsers and proxies may keep a help page this many seconds.
HELP_PAGE_MAX_AGE = int(os.environ.get("HELP_PAGE_MAX_AGE", "300"))
# A service not verified for this many days is flagged to whoever keeps it (national ones to superusers).
HELP_VERIFY_DAYS = int(os.environ.get("HELP_VERIFY_DAYS", "180"))
