"""Settings for the coaching site.

One module for every environment: the environment variables decide behaviour
(see `.env.example` and the README's table). With nothing set, the site runs on
a SQLite file and a file-system Celery broker under `var/`.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Core -------------------------------------------------------------------

DEBUG = env.bool("DJANGO_DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env(
        "DJANGO_SECRET_KEY",
        default="development-only-key-never-used-in-production-4f9c2b7e1a",
    )
else:
    # No default: a production site must not run with a guessable key.
    SECRET_KEY = env("DJANGO_SECRET_KEY")

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS",
    default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [],
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "coaching.views.csrf_failure"

# Absolute base for links built without a request (emails, feeds from workers).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env("SITE_NAME", default="Thrive with MS")

ADMIN_URL = env("DJANGO_ADMIN_URL", default="admin/")
if not ADMIN_URL.endswith("/"):
    ADMIN_URL += "/"

INSTALLED_APPS = [
    # Django's admin with the back office's own site (two-factor, home page).
    "coaching.admin_config.CoachAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "taggit",
    "bootstrap",
    "coaching",
    "articles",
    "calendars",
    "bookings",
    "outbox",
    "newsletter",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost with SecurityMiddleware, so every answer carries the headers:
    # the bad-Host 400, /healthz, static files, cached pages.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A read whose database connection was dropped is answered again, once.
    "coaching.middleware.RetryReadMiddleware",
    # /healthz is answered here: the middleware below has nothing to do for it.
    "coaching.middleware.HealthCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, which serves static files compressed ahead of time; the
    # middleware pads its output against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "coaching.middleware.AllowedMethodsMiddleware",
    "coaching.middleware.ContentSecurityPolicyMiddleware",
    # Before sessions, CSRF and auth: a stored page needs none of them.
    "coaching.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "coaching.middleware.VisitorTimeZoneMiddleware",
    # Near the end, as django-axes asks: it turns a lockout into its page.
    "axes.middleware.AxesMiddleware",
    # Innermost, so it sees a view's 404 before APPEND_SLASH does.
    "articles.redirects.OldAddressRedirectMiddleware",
]

ROOT_URLCONF = "coaching.urls"
WSGI_APPLICATION = "coaching.wsgi.application"
AUTH_USER_MODEL = "coaching.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coaching.context_processors.site",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # IMMEDIATE takes the write lock when a transaction starts, so a
            # check-then-insert (booking a slot) cannot interleave.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
            ),
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------

CACHES = {
    "default": env.cache_url("CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}")
}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A Redis outage must not stop a booking: the cache answers as empty (and
    # logs it), rate limits let requests through, /healthz reports it.
    CACHES["default"]["BACKEND"] = "coaching.cache.FailOpenRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": 1, "socket_timeout": 1}
    )
RATELIMIT_USE_CACHE = "default"
# `X-Page-Cache: bypass` renders a page afresh for anyone: debug and benchmarks
# only (staff and visitors with a session are never served from the cache).
PAGE_CACHE_ALLOW_BYPASS = env.bool("DJANGO_PAGE_CACHE_BYPASS", default=DEBUG)
RATELIMIT_FAIL_OPEN = True
RATELIMIT_VIEW = "coaching.views.rate_limited"
SILENCED_SYSTEM_CHECKS = [
    # Django's own Redis cache increments atomically; the check only knows
    # django-redis by name.
    "django_ratelimit.W001",
]
if CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
    # The embedded default for a single development machine; production sets
    # CACHE_URL to Redis, which rate limiting needs to be exact.
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

# --- Auth -------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out user or address before checking the password.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# django-axes: after 5 failed sign-ins for one user name from one address, that
# pair is locked for an hour. A superuser unlocks it early with
# `manage.py unlock_login <username>`.
AXES_FAILURE_LIMIT = env.int("DJANGO_AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("DJANGO_AXES_COOLOFF_HOURS", default=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The same visitor address the rate limits use (a proxy header when set).
AXES_CLIENT_IP_CALLABLE = "coaching.admin_site.client_ip"
AXES_USERNAME_CALLABLE = "coaching.admin_site.login_username"
# Two-factor sign-in (django-otp) for the back office: required unless debug.
OTP_ADMIN_REQUIRED = env.bool("DJANGO_OTP_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = SITE_NAME

# --- Internationalisation and time zones ---------------------------------------

LANGUAGE_CODE = "en-gb"
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
# "Wed 2 Dec 2026, 7:00 a.m." shown; dates typed only as ISO 2026-12-02.
FORMAT_MODULE_PATH = ["coaching.formats"]
# The zone the coach lives in: availability and publishing times are entered
# in it, and visitors without a detected zone see it (clearly labelled).
COACH_TIME_ZONE = env("COACH_TIME_ZONE", default="America/Chicago")

# --- Static and media files ----------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=VAR_DIR / "static")
# The post editor's browser libraries, installed from npm (package-lock.json) by
# `make install` and served by the site itself; without npm the editor stays a
# plain textarea.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    *[
        (prefix, NODE_MODULES / folder)
        for prefix, folder in (
            ("vendor/easymde", "easymde/dist"),
            ("vendor/turndown", "turndown/lib"),
        )
        if (NODE_MODULES / folder).is_dir()
    ],
]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365 if not DEBUG else 0

# --- Email --------------------------------------------------------------------

DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="hello@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
COACH_EMAIL = env("COACH_EMAIL", default="coach@localhost")
EMAIL_URL = env("EMAIL_URL", default="")
# The newsletter may go through its own provider; by default it shares EMAIL_URL.
NEWSLETTER_EMAIL_URL = env("NEWSLETTER_EMAIL_URL", default="") or EMAIL_URL


def _mailer(url: str) -> dict:
    """A MAILERS entry: SMTP from an EMAIL_URL-style URL, else .eml files."""
    if not url:
        # No SMTP configured: each message becomes one readable file in var/mail/.
        return {
            "BACKEND": "coaching.mail.EmlFileBackend",
            "OPTIONS": {"file_path": env.path("MAIL_OUTBOX_DIR", VAR_DIR / "mail")},
        }
    smtp = environ.Env.email_url_config(url)
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": smtp["EMAIL_HOST"],
            "port": smtp["EMAIL_PORT"],
            "username": smtp["EMAIL_HOST_USER"],
            "password": smtp["EMAIL_HOST_PASSWORD"],
            "use_tls": smtp.get("EMAIL_USE_TLS", False),
            "use_ssl": smtp.get("EMAIL_USE_SSL", False),
            "timeout": 20,
        },
    }


# Django 6.1 mailers: `django.core.mail.mailers[alias]` gives a connection.
MAILERS = {
    "default": _mailer(EMAIL_URL),
    "newsletter": _mailer(NEWSLETTER_EMAIL_URL),
}

# --- Outbox -------------------------------------------------------------------

# Which mailer alias (above) each outbox stream sends through.
OUTBOX_MAILERS = {"transactional": "default", "newsletter": "newsletter"}
# Messages per minute per stream, shared by all workers (counted in the
# database); a stream not listed is not limited. Providers throttle bulk mail.
OUTBOX_RATE_LIMITS = {
    "newsletter": env.int("OUTBOX_NEWSLETTER_PER_MINUTE", default=120),
}
# Attempts before a message that keeps failing temporarily is marked failed.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
# Back-off after a temporary failure: base * 2^(attempt-1), capped. Stored as the
# row's due time, so no long Celery countdown is ever needed.
OUTBOX_RETRY_BASE_SECONDS = 60
OUTBOX_RETRY_MAX_SECONDS = 60 * 60
# A queued row is left alone by later claim ticks for this long, so one tick
# does not queue again what the previous one queued.
OUTBOX_CLAIM_LEASE_SECONDS = 5 * 60
# A row being sent is held this long; after it the sweeper hands it back. Longer
# than CELERY_TASK_TIME_LIMIT, so a live worker always finishes first.
OUTBOX_SEND_LEASE_SECONDS = 3 * 60
# Most rows one claim tick hands out, and newsletter rows per send task (one
# SMTP connection each).
OUTBOX_CLAIM_LIMIT = 500
OUTBOX_BATCH_SIZE = 50

# --- Celery -------------------------------------------------------------------

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    # Tests keep their own folder, so tasks they queue never reach `make run`.
    _broker_dir = Path(env("CELERY_FILE_BROKER_DIR", default=str(VAR_DIR / "celery")))
    _queue_dir = _broker_dir / "queue"
    # Kombu's file-system transport expects its folders to exist: the Celery app
    # makes them when it is configured (coaching/folders.py), not this import.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(_broker_dir / "processed"),
        # Kombu's exchange tables; by default a `control/` folder in the current
        # directory, i.e. the repository root under `make run`.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Web requests publish tasks: an unreachable broker must cost seconds, not a hung
# page (the outbox's claim job sends what could not be queued).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = "UTC"
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
CELERY_TASK_ACKS_LATE = True
# A worker asked to stop exits within this many seconds, whatever it waits for
# (coaching/celery.py): in production long enough for a running task to reach its
# hard time limit; under `make run`, a moment. A supervisor's stop timeout must be
# longer (the README's systemd unit: TimeoutStopSec=120).
WORKER_STOP_SECONDS = env.float(
    "DJANGO_WORKER_STOP_SECONDS",
    default=3.0 if DEBUG else CELERY_TASK_TIME_LIMIT + 10.0,
)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Periodic jobs; each app adds its entries here, next to the tasks they call.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # Due outbox rows (reminders, retries, newsletters, anything the broker missed).
    "outbox-claim-due-messages": {
        "task": "outbox.tasks.claim_due_messages",
        "schedule": 60.0,
    },
    # Rows whose worker died mid-send go back to pending.
    "outbox-sweep-stale-messages": {
        "task": "outbox.tasks.sweep_stale_messages",
        "schedule": 60.0,
    },
}

# --- Security -----------------------------------------------------------------

SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False)
    else None
)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int(
    "DJANGO_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Every asset is served by the site itself; scripts need the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# --- Forms --------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Logging ------------------------------------------------------------------

# Request bodies and client details never reach the logs: only levels and
# messages that the code writes on purpose.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.security.DisallowedHost": {"handlers": [], "propagate": False},
    },
}

# --- Bookings -------------------------------------------------------------------

# Booking form sends per visitor IP (django-ratelimit syntax: "10/h", "3/m").
BOOKING_RATE_LIMIT = env("BOOKING_RATE_LIMIT", default="10/h")
# A person takes a few seconds to fill the form; robots send it at once.
BOOKING_MIN_FILL_SECONDS = env.float("BOOKING_MIN_FILL_SECONDS", default=3)
# Behind a proxy every request comes from the proxy's address: rate limits read
# the visitor's address from the header the proxy sets (e.g. HTTP_X_REAL_IP).
RATELIMIT_IP_META_KEY = env("DJANGO_RATELIMIT_IP_META_KEY", default=None)
# Wrong calendar-feed addresses allowed per visitor address before a 429.
COACH_FEED_MISS_RATE = env("COACH_FEED_MISS_RATE", default="10/h")
# Leads with no booking and no activity for this many months are erased.
CLIENT_RETENTION_MONTHS = env.int("CLIENT_RETENTION_MONTHS", default=12)
CELERY_BEAT_SCHEDULE["bookings.erase_stale_leads"] = {
    "task": "bookings.tasks.erase_stale_leads",
    "schedule": 24 * 60 * 60,
}

# --- The coach's own calendars ---------------------------------------------------

# Fernet key for calendar passwords and secret addresses (`check --deploy`
# fails without it when DEBUG is off). Make one with `python -c "from
# cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`.
CALENDAR_ENCRYPTION_KEY = env("CALENDAR_ENCRYPTION_KEY", default="")
# Development and tests only: let calendar fetches reach 127.0.0.1 (and plain
# http there). Production refuses loopback like any private address.
CALENDAR_ALLOW_LOOPBACK = env.bool("CALENDAR_ALLOW_LOOPBACK", default=False)
# How often beat reads every calendar, in minutes.
CALENDAR_SYNC_MINUTES = env.float("CALENDAR_SYNC_MINUTES", default=5)
# Days ahead whose busy times are kept (longer than any booking horizon).
CALENDAR_SYNC_DAYS = env.int("CALENDAR_SYNC_DAYS", default=180)
CALENDAR_MAX_BYTES = 10 * 1024 * 1024  # one calendar file
CALENDAR_TIMEOUT_SECONDS = 10  # a background read or write
# The live check when a prospect confirms a time: all calendars together.
CALENDAR_LIVE_TIMEOUT_SECONDS = env.float("CALENDAR_LIVE_TIMEOUT_SECONDS", default=2)
# A calendar failing this long sends her one email.
CALENDAR_FAILURE_EMAIL_HOURS = 24
CALENDAR_WRITE_MAX_ATTEMPTS = 8
# Her addresses in invitations: her answer (declined, not answered) decides.
COACH_CALENDAR_ADDRESSES = env.list("COACH_CALENDAR_ADDRESSES", default=[COACH_EMAIL])
CELERY_BEAT_SCHEDULE["calendars-sync"] = {
    "task": "calendars.tasks.sync_calendars",
    "schedule": 60.0 * CALENDAR_SYNC_MINUTES,
}

# --- Newsletter -----------------------------------------------------------------

# Subscribe form sends per visitor address, and the minimum seconds to fill it.
NEWSLETTER_RATE_LIMIT = env("NEWSLETTER_RATE_LIMIT", default="10/h")
NEWSLETTER_MIN_FILL_SECONDS = env.float("NEWSLETTER_MIN_FILL_SECONDS", default=2)
# Unconfirmed sign-ups are forgotten after this many days.
NEWSLETTER_CONFIRM_DAYS = env.int("NEWSLETTER_CONFIRM_DAYS", default=5)
# Posts of these series are emailed unless the coach says otherwise.
NEWSLETTER_SERIES_SLUGS = env.list("NEWSLETTER_SERIES_SLUGS", default=["msmonday"])
# A post is emailed only if it went live within this many hours: old and
# imported posts never reach subscribers.
NEWSLETTER_SEND_WINDOW_HOURS = env.int("NEWSLETTER_SEND_WINDOW_HOURS", default=72)
# The coach's postal address, required in the footer of bulk email.
NEWSLETTER_POSTAL_ADDRESS = env("NEWSLETTER_POSTAL_ADDRESS", default="")
# Newsletter mail may go through an email service provider with django-anymail
# (installed separately); its tracking webhooks mark bounces and complaints.
NEWSLETTER_ANYMAIL_BACKEND = env("NEWSLETTER_ANYMAIL_BACKEND", default="")
if NEWSLETTER_ANYMAIL_BACKEND:
    # e.g. "anymail.backends.postmark.EmailBackend"; its keys in ANYMAIL_OPTIONS.
    MAILERS["newsletter"] = {"BACKEND": NEWSLETTER_ANYMAIL_BACKEND}
    ANYMAIL = {
        "WEBHOOK_SECRET": env("ANYMAIL_WEBHOOK_SECRET", default=""),
        **env.json("ANYMAIL_OPTIONS", default={}),
    }
CELERY_BEAT_SCHEDULE["newsletter-start-post-sends"] = {
    "task": "newsletter.tasks.start_due_post_sends",
    "schedule": 60.0,
}
CELERY_BEAT_SCHEDULE["newsletter-expire-sign-ups"] = {
    "task": "newsletter.tasks.expire_sign_ups",
    "schedule": 60.0 * 60,
}

# --- Blog import (WordPress and Squarespace exports) -----------------------------

IMPORT_MAX_BYTES = 50 * 1024 * 1024  # an export file
IMPORT_IMAGE_MAX_BYTES = 10 * 1024 * 1024  # one picture
IMPORT_IMAGE_TIMEOUT = 10  # seconds without an answer from the picture's server
IMPORT_IMAGE_DEADLINE = 30  # seconds for a whole picture
IMPORT_UPLOAD_DIR = VAR_DIR / "imports"  # uploads waiting to be imported
# Pictures are never fetched from private or loopback addresses. Tests alone set
# True (or a set of addresses) to reach a local test server.
IMPORT_ALLOW_PRIVATE_HOSTS = False

# --- Production guards ----------------------------------------------------------

# With debug off, client mail and the task broker must be real services: a site
# that quietly writes her confirmation to a file, or queues work in a local
# folder no other server sees, looks fine and fails her. Each can be kept on
# purpose (a single-box trial) with its opt-out; `check --deploy` still warns.
MAIL_TO_FILES = env.bool("DJANGO_MAIL_TO_FILES", default=DEBUG)
LOCAL_BROKER = env.bool("DJANGO_LOCAL_BROKER", default=DEBUG)
if not DEBUG and not EMAIL_URL and not MAIL_TO_FILES:
    raise ImproperlyConfigured(
        "Set EMAIL_URL (e.g. smtp+tls://user:password@smtp.example.org:587) so "
        "emails reach clients, or DJANGO_MAIL_TO_FILES=1 to write them to "
        "var/mail/ on purpose."
    )
if not DEBUG and CELERY_BROKER_URL.startswith("filesystem://") and not LOCAL_BROKER:
    raise ImproperlyConfigured(
        "Set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0) so emails and "
        "reminders are sent, or DJANGO_LOCAL_BROKER=1 to use the file-system "
        "broker under var/ on purpose."
    )
