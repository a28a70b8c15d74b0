"""`check --deploy`: calendar secrets need their own key in production."""

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def encryption_key_check(app_configs, **kwargs):
    """CALENDAR_ENCRYPTION_KEY must be set, and a valid Fernet key, without DEBUG."""
    key = settings.CALENDAR_ENCRYPTION_KEY
    if settings.DEBUG:
        return []
    if not key:
        return [
            Error(
                "CALENDAR_ENCRYPTION_KEY is not set: the coach's calendar "
                "passwords and secret addresses cannot be stored safely.",
                hint="Make one with: python -c 'from cryptography.fernet import "
                "Fernet; print(Fernet.generate_key().decode())'",
                id="calendars.E001",
            )
        ]
    try:
        Fernet(key)
    except ValueError:
        return [
            Error(
                "CALENDAR_ENCRYPTION_KEY is not a valid Fernet key.",
                id="calendars.E002",
            )
        ]
    return []
