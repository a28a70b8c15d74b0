"""Secret calendar addresses and app passwords, encrypted at rest with Fernet.

The key comes from the environment (CALENDAR_ENCRYPTION_KEY, made with
`Fernet.generate_key()`); `check --deploy` fails without it. In development a
key derived from the SECRET_KEY stands in, so a fresh clone works.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    key = settings.CALENDAR_ENCRYPTION_KEY
    if not key:
        digest = hashlib.sha256(f"calendars:{settings.SECRET_KEY}".encode()).digest()
        key = base64.urlsafe_b64encode(digest)
    return Fernet(key)


def encrypt(value: str) -> str:
    """The value encrypted for storage ("" stays "")."""
    if not value:
        return ""
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """The stored value in clear; "" when empty or the key changed."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""
