"""Moving a call: a confirm step first, and old links that say where it went."""

from datetime import timedelta

import pytest
from icalendar import Calendar

from bookings import services, tokens
from bookings.ics import booking_ics
from bookings.models import Booking, ConsultSettings
from tests.bookings.conftest import SLOT
from tests.factories import BookingFactory

pytestmark = pytest.mark.django_db

NEW_SLOT = "2030-01-09T16:00Z"  # Wednesday 9 January, 4:00 p.m. in London


@pytest.fixture
def booking(schedule):
    return BookingFactory(starts_at=SLOT)


@pytest.fixture
def token(booking):
    return tokens.manage_token(booking)


def _moved(booking, *, days=2, hours=1):
    return services.reschedule_booking(
        booking_id=booking.pk, starts_at=SLOT + timedelta(days=days, hours=hours)
    )


def test_reschedule_confirm_asks_before_moving(client, booking, token):
    response = client.get(f"/book/manage/{token}/reschedule/{NEW_SLOT}/")

    html = response.content.decode()
    booking.refresh_from_db()
    assert response.status_code == 200
    assert "Move your call to Wednesday 9 January, 4:00 p.m.?" in html
    assert f'action="/book/manage/{token}/reschedule/"' in html
    assert f'name="starts_at" value="{NEW_SLOT}"' in html
    assert "Yes, move my call" in html
    assert booking.starts_at == SLOT
    assert booking.status == Booking.Status.CONFIRMED


def test_reschedule_confirm_of_a_taken_time_leads_back_to_the_list(
    client, booking, token
):
    BookingFactory(starts_at=SLOT + timedelta(days=2, hours=1))

    response = client.get(f"/book/manage/{token}/reschedule/{NEW_SLOT}/", follow=True)

    assert response.redirect_chain[-1][0] == f"/book/manage/{token}/reschedule/"
    assert "That time is no longer available" in response.content.decode()


def test_reschedule_confirm_of_the_current_time_leads_back(client, booking, token):
    response = client.get(f"/book/manage/{token}/reschedule/2030-01-07T15:00Z/")

    assert response["Location"] == f"/book/manage/{token}/reschedule/"


def test_reschedule_confirm_inside_cutoff_is_refused(client, schedule):
    soon = BookingFactory(starts_at=SLOT - timedelta(days=5, hours=22))
    token = tokens.manage_token(soon)

    response = client.get(f"/book/manage/{token}/reschedule/{NEW_SLOT}/")

    assert response.status_code == 409
    assert "Yes, move my call" not in response.content.decode()


def test_reschedule_page_offers_the_slot_her_own_buffer_would_hide(
    client, booking, token
):
    cfg = ConsultSettings.load()
    cfg.buffer_after_minutes = 15
    cfg.save()

    html = client.get(f"/book/manage/{token}/reschedule/").content.decode()

    assert f"/book/manage/{token}/reschedule/2030-01-07T15:30Z/" in html
    assert f"/book/manage/{token}/reschedule/2030-01-07T15:00Z/" not in html


def test_reschedule_confirm_accepts_the_slot_her_own_buffer_would_hide(
    client, booking, token
):
    cfg = ConsultSettings.load()
    cfg.buffer_after_minutes = 15
    cfg.save()

    response = client.get(f"/book/manage/{token}/reschedule/2030-01-07T15:30Z/")

    assert response.status_code == 200
    assert "Move your call to Monday 7 January, 3:30 p.m.?" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    ["manage/{}/", "manage/{}/cancel/", "manage/{}/reschedule/", "confirmed/{}/"],
)
def test_old_link_after_a_move_says_where_the_call_went(client, booking, token, path):
    new = _moved(booking)

    response = client.get("/book/" + path.format(token))

    html = response.content.decode()
    assert response.status_code == 410
    assert "Your call was moved" in html
    assert "Wednesday 9 January 2030 at 4:00 p.m." in html
    assert "London time (Europe/London)" in html
    assert "most recent email" in html
    assert new.manage_key not in html
    assert "This link no longer works" not in html


def test_old_link_calendar_file_is_not_the_old_time(client, booking, token):
    _moved(booking)

    response = client.get(f"/book/manage/{token}/calendar.ics")

    assert response.status_code == 410
    assert b"DTSTART" not in response.content


def test_old_link_after_two_moves_names_the_latest_time(client, booking, token):
    _moved(_moved(booking), days=2, hours=2)

    html = client.get(f"/book/manage/{token}/").content.decode()

    assert "Wednesday 9 January 2030 at 5:00 p.m." in html


def test_old_link_cannot_cancel_or_move_the_new_call(client, booking, token):
    new = _moved(booking)

    cancel = client.post(f"/book/manage/{token}/cancel/")
    move = client.post(
        f"/book/manage/{token}/reschedule/", {"starts_at": "2030-01-07T16:00Z"}
    )

    new.refresh_from_db()
    assert (cancel.status_code, move.status_code) == (410, 410)
    assert new.status == Booking.Status.CONFIRMED
    assert new.starts_at == SLOT + timedelta(days=2, hours=1)


def test_old_link_of_a_moved_then_cancelled_call_says_so(client, booking, token):
    new = _moved(booking)
    services.cancel_booking(booking_id=new.pk)

    html = client.get(f"/book/manage/{token}/").content.decode()

    assert "It was moved to" in html
    assert "cancelled later" in html


def test_cancelled_link_still_no_longer_works(client, booking, token):
    services.cancel_booking(booking_id=booking.pk)

    response = client.get(f"/book/manage/{token}/")

    assert response.status_code == 404
    assert "This link no longer works" in response.content.decode()


def test_calendar_event_description_carries_the_manage_link(client, booking, token):
    response = client.get(f"/book/manage/{token}/calendar.ics")

    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert f"/book/manage/{token}/" in str(event["DESCRIPTION"])


def test_cancelled_calendar_event_carries_no_manage_link(booking):
    services.cancel_booking(booking_id=booking.pk)
    booking.refresh_from_db()

    data = booking_ics(booking, cfg=ConsultSettings.load())

    event = Calendar.from_ical(data).walk("VEVENT")[0]
    assert "/book/manage/" not in str(event["DESCRIPTION"])


def test_cancel_page_does_not_offer_add_to_calendar(client, booking, token):
    html = client.get(f"/book/manage/{token}/cancel/").content.decode()

    assert "Yes, cancel my call" in html
    assert "Add to my calendar" not in html
    assert "Add to Google Calendar" not in html


def test_reschedule_page_ends_the_now_booked_sentence_once(client, booking, token):
    html = client.get(f"/book/manage/{token}/reschedule/").content.decode()

    assert "3:00 p.m.</strong> Tap" in html
    assert "p.m.." not in html
