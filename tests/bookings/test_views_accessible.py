"""What the booking, post and back-office pages say for readers who need it plain."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings import tokens
from bookings.models import Consent
from tests.bookings.conftest import SLOT, SLOT_PATH
from tests.factories import BookingFactory, PostFactory

pytestmark = pytest.mark.django_db

HEADER_BOOK = 'class="btn btn-primary btn-book"'


def test_book_page_shows_days_first_with_the_first_day_open(client, schedule):
    response = client.get("/book/", {"tz": "Australia/Sydney", "week": 1})

    html = response.content.decode()
    days = re.findall(r'<details class="slot-day" name="slot-day"( open)?>', html)
    assert days == [" open", ""]  # Tuesday 8 and Thursday 10 January in Sydney
    assert "Night: early morning for you" in html
    assert "Tuesday 8 January, </span>2:00 a.m.<" in html


def test_details_page_marks_optional_fields_and_no_asterisks(client, schedule):
    html = client.get(SLOT_PATH).content.decode()

    assert html.count("(optional)") == 2  # phone and "what would you like help with"
    assert "asteriskField" not in html
    labels = re.findall(r"<label[^>]*>(.*?)</label>", html, flags=re.S)
    assert "*" not in "".join(labels)


def test_confirmation_has_short_manage_button_and_copyable_address(client, schedule):
    booking = BookingFactory()
    token = tokens.manage_token(booking)

    html = client.get(reverse("bookings:confirmed", args=[token])).content.decode()

    assert ">Change or cancel my call</a>" in html
    assert re.search(r'<input[^>]*id="manage-url"[^>]*readonly', html)
    assert f'value="http://testserver/book/manage/{token}/"' in html
    assert HEADER_BOOK not in html


def test_confirmation_says_plainly_when_the_call_is_in_her_night(client, schedule):
    booking = BookingFactory(  # 2:00 a.m. in Sydney
        starts_at=SLOT, client__time_zone="Australia/Sydney"
    )
    token = tokens.manage_token(booking)

    html = client.get(reverse("bookings:confirmed", args=[token])).content.decode()

    assert "at 2:00 a.m." in html
    assert "Sydney time (Australia/Sydney) (early morning for you)" in html


@pytest.mark.parametrize("name", ["manage", "cancel", "reschedule"])
def test_manage_pages_leave_out_the_header_booking_button(client, schedule, name):
    token = tokens.manage_token(BookingFactory())

    html = client.get(reverse(f"bookings:{name}", args=[token])).content.decode()

    assert HEADER_BOOK not in html


def test_other_pages_keep_the_header_booking_button(client, schedule):
    assert HEADER_BOOK in client.get("/book/").content.decode()


def test_post_page_shows_the_health_disclaimer_once(client):
    post = PostFactory()

    html = client.get(post.get_absolute_url()).content.decode()

    assert html.count("not medical advice") == 1
    assert 'class="post-disclaimer"' in html


def test_admin_login_page_has_a_level_one_heading(client):
    html = client.get(reverse("admin:login")).content.decode()

    assert "<h1>Log in</h1>" in html


def test_admin_client_page_has_no_empty_table_headers(admin_client):
    booking = BookingFactory()
    Consent.objects.create(
        client=booking.client,
        kind=Consent.Kind.values[0],
        wording="I agree to be contacted about my call.",
        given_at=timezone.now(),
    )

    response = admin_client.get(
        reverse("admin:bookings_client_change", args=[booking.client.pk])
    )

    html = response.content.decode()
    assert response.status_code == 200
    # Calls are on her timeline now; the consents table keeps a named first column.
    assert 'class="original">Consent</th>' in html
    assert re.findall(r"<th[^>]*>\s*</th>", html) == []


def test_admin_client_page_still_saves(admin_client):
    booking = BookingFactory()
    url = reverse("admin:bookings_client_change", args=[booking.client.pk])
    client = booking.client
    page = admin_client.get(url)
    data = {
        "name": "New Name",
        "email": client.email,
        "phone": "",
        "time_zone": client.time_zone,
        "status": client.status,
    }
    # Every inline's management form as the page sent it (its rows read-only).
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data |= {
            f"{formset.prefix}-TOTAL_FORMS": formset.initial_form_count(),
            f"{formset.prefix}-INITIAL_FORMS": formset.initial_form_count(),
        }
        for index, form in enumerate(formset.initial_forms):
            data[f"{formset.prefix}-{index}-id"] = form.instance.pk
            data[f"{formset.prefix}-{index}-client"] = client.pk

    response = admin_client.post(url, data)

    assert response.status_code == 302
    client.refresh_from_db()
    assert client.name == "New Name"
