"""Test settings: the real settings, read with test-friendly environment defaults.

Only defaults are set here; DATABASE_URL, CELERY_BROKER_URL and CACHE_URL from
the environment still decide which services the suite runs against.
"""

import os
from pathlib import Path

# A checkout's .env (make run writes one with debug on) must not turn debug on
# for the suite: settings derived from DEBUG would differ from CI's.
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault(
    "DJANGO_SECRET_KEY", "test-secret-key-not-for-production-0123456789"
)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# The test client and the live server speak plain HTTP.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
os.environ.setdefault("SITE_URL", "http://testserver")
# Tests send mail to Django's test outbox and may use the file-system broker.
os.environ.setdefault("DJANGO_MAIL_TO_FILES", "1")
os.environ.setdefault("DJANGO_LOCAL_BROKER", "1")
os.environ.setdefault(
    "CELERY_FILE_BROKER_DIR",
    str(Path(__file__).resolve().parent.parent / "var" / "test-celery"),
)

from coaching.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Templates call {% static %} without a collectstatic run.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A real file, as in production: WAL and IMMEDIATE locking behave as they will
    # there, and live-server threads share it. One per process, so runs in parallel
    # do not collide.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(BASE_DIR / "var" / f"test-{os.getpid()}.sqlite3")  # noqa: F405
    }
