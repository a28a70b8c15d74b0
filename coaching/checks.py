"""System checks for settings that Django cannot judge on its own."""

from django.conf import settings
from django.core import checks

from coaching.zones import valid_time_zones


@checks.register()
def check_coach_time_zone(app_configs, **kwargs):
    """COACH_TIME_ZONE must be a zone a person lives in (the rule clients follow):
    every availability time depends on it."""
    if settings.COACH_TIME_ZONE not in valid_time_zones():
        return [
            checks.Error(
                f"COACH_TIME_ZONE={settings.COACH_TIME_ZONE!r} is not a time zone.",
                hint="Use an IANA name such as America/Chicago or Europe/London.",
                id="coaching.E001",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def check_mail_and_broker(app_configs, **kwargs):
    """Warn when production keeps mail in files or tasks in a local folder."""
    warnings = []
    if not settings.EMAIL_URL:
        warnings.append(
            checks.Warning(
                "Emails are written to files (DJANGO_MAIL_TO_FILES=1), not sent.",
                hint="Set EMAIL_URL to your SMTP server so clients get their mail.",
                id="coaching.W001",
            )
        )
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        warnings.append(
            checks.Warning(
                "Tasks use the file-system broker (DJANGO_LOCAL_BROKER=1).",
                hint="Set CELERY_BROKER_URL to Redis, e.g. redis://127.0.0.1:6379/0.",
                id="coaching.W002",
            )
        )
    return warnings
