"""Signed links that let a client cancel or move her own call.

A token holds only the booking's id and version, signed with the site's secret
and a timestamp. Any change bumps the version, so older links stop working.
"""

from datetime import timedelta

from django.core import signing

from bookings.models import Booking

from .errors import InvalidToken

SALT = "bookings.manage"
TOKEN_MAX_AGE = timedelta(days=180)


def make_manage_token(booking: Booking) -> str:
    """A URL-safe token for this booking's current version; no personal data."""
    return signing.dumps({"b": booking.pk, "v": booking.token_version}, salt=SALT)


def booking_from_token(token: str, *, max_age: timedelta | None = None) -> Booking:
    """The booking a token points to; InvalidToken if forged, stale or expired."""
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age or TOKEN_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        # SignatureExpired is a BadSignature.
        raise InvalidToken("This link is not valid.") from exc
    if not isinstance(data, dict):
        raise InvalidToken("This link is not valid.")
    booking_id, version = data.get("b"), data.get("v")
    if not isinstance(booking_id, int) or not isinstance(version, int):
        raise InvalidToken("This link is not valid.")
    booking = Booking.objects.select_related("client").filter(pk=booking_id).first()
    if booking is None or booking.token_version != version:
        raise InvalidToken("This link is no longer valid.")
    return booking
