"""Settings for real Celery worker processes started by the tests.

The fixture passes the test database as DATABASE_URL and, when a test runs an
SMTP server, its port as TEST_SMTP_PORT; otherwise mail goes to .eml files in
TEST_MAIL_DIR. TEST_BEAT_SECONDS shortens beat's schedule.
"""

import os

from tests.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.outbox.builders.OutboxTestsConfig"]  # noqa: F405

if os.environ.get("TEST_SMTP_PORT"):
    _mailer = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": "127.0.0.1",
            "port": int(os.environ["TEST_SMTP_PORT"]),
            "timeout": 5,
        },
    }
else:
    _mailer = {
        "BACKEND": "coaching.mail.EmlFileBackend",
        "OPTIONS": {"file_path": os.environ.get("TEST_MAIL_DIR", "var/test-mail")},
    }
MAILERS = {alias: _mailer for alias in MAILERS}  # noqa: F405

if os.environ.get("TEST_BEAT_SECONDS"):
    # Beat in tests: every periodic job every few seconds rather than every minute.
    CELERY_BEAT_SCHEDULE = {  # noqa: F405
        name: entry | {"schedule": float(os.environ["TEST_BEAT_SECONDS"])}
        for name, entry in CELERY_BEAT_SCHEDULE.items()  # noqa: F405
    }
