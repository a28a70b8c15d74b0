"""Manage links are opaque and last until the call is over, plus a grace period."""

import base64
import contextlib
from datetime import UTC, datetime, timedelta

import pytest
from django.core import signing

from bookings.errors import InvalidToken
from bookings.models import ConsultSettings
from bookings.presentation import manage_url
from bookings.tokens import LINK_GRACE, booking_from_token, manage_token
from tests.factories import BookingFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 1, 1, 12, tzinfo=UTC)


def _decodes(token: str) -> list[str]:
    """Every readable piece of the token, as base64 or as it is."""
    pieces = []
    for piece in token.replace(":", ".").split("."):
        pieces.append(piece)
        with contextlib.suppress(ValueError):
            pieces.append(base64.urlsafe_b64decode(piece + "==").decode("latin-1"))
    return pieces


def test_manage_token_hides_the_booking_id():
    booking = BookingFactory(pk=271)

    token = manage_token(booking)
    booking.pk = 272

    assert manage_token(booking) == token  # nothing in it comes from the id
    assert '"b"' not in "".join(_decodes(token))


def test_manage_tokens_of_two_bookings_share_nothing_readable():
    first, second = BookingFactory(), BookingFactory()

    assert manage_token(first)[:8] != manage_token(second)[:8]
    assert booking_from_token(manage_token(second)) == second


def test_manage_token_works_for_a_call_a_year_ahead():
    ConsultSettings.objects.update_or_create(pk=1, defaults={"horizon_days": 365})
    booking = BookingFactory(starts_at=NOW + timedelta(days=364))
    token = manage_token(booking)

    found = booking_from_token(token, now=booking.starts_at - timedelta(hours=1))

    assert found == booking


def test_manage_token_lasts_until_the_call_is_over_plus_the_grace():
    booking = BookingFactory(starts_at=NOW + timedelta(days=200))
    token = manage_token(booking)
    last_moment = booking.ends_at + LINK_GRACE - timedelta(seconds=1)

    assert booking_from_token(token, now=last_moment) == booking
    with pytest.raises(InvalidToken):
        booking_from_token(token, now=booking.ends_at + LINK_GRACE)


def test_old_signed_links_no_longer_work():
    booking = BookingFactory()
    old = signing.dumps({"b": booking.pk, "v": 1}, salt="bookings.manage")

    with pytest.raises(InvalidToken):
        booking_from_token(old)


@pytest.mark.parametrize("token", ["", "x" * 31, "x" * 33, "a\x00" * 16, None, 7])
def test_booking_from_token_refuses_anything_else(token):
    BookingFactory()

    with pytest.raises(InvalidToken):
        booking_from_token(token)


def test_manage_url_is_absolute_from_site_url(settings):
    settings.SITE_URL = "https://coach.example.org/"
    booking = BookingFactory()

    url = manage_url(booking)

    assert url == f"https://coach.example.org/book/manage/{manage_token(booking)}/"


def test_confirmation_page_manage_link_comes_from_site_url(client, settings):
    settings.SITE_URL = "https://coach.example.org"
    booking = BookingFactory()

    html = client.get(f"/book/confirmed/{manage_token(booking)}/").content.decode()

    assert manage_url(booking) in html
