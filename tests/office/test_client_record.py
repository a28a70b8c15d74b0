import csv
import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from bookings import services
from bookings.models import Client, ClientNote, ClientStatusChange
from coaching.spreadsheets import safe_cell
from tests.factories import BookingFactory, ClientFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def _change_data(client, **overrides):
    """The client page's form as the browser sends it."""
    data = {
        "name": client.name,
        "email": client.email,
        "phone": client.phone,
        "time_zone": client.time_zone,
        "status": client.status,
        "follow_up_on": "",
        "follow_up_reason": "",
    }
    for prefix in [
        "notes",
        "notes-2",
        "status_changes",
        "bookings",
        "consents",
        "subscriber",
    ]:
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    data.update(overrides)
    return data


def _page(client):
    return reverse("admin:bookings_client_change", args=[client.pk])


def test_client_list_shows_the_columns_she_works_from(admin_client):
    post = PostFactory(title="Gut bacteria 101")
    client = ClientFactory(name="Nora", source_post=post, follow_up_on=date(2030, 2, 1))
    BookingFactory(client=client, starts_at=timezone.now() + timedelta(days=3))

    response = admin_client.get(reverse("admin:bookings_client_changelist"))

    assert response.status_code == 200
    text = response.text
    for heading in ["Next consult", "Came from post", "Follow up on", "Status"]:
        assert heading.lower() in text.lower()
    assert "Gut bacteria 101" in text


def test_client_list_searches_by_email_and_filters_by_source(admin_client):
    post = PostFactory()
    ClientFactory(name="Found", email="found@example.com", source_post=post)
    ClientFactory(name="Other")
    url = reverse("admin:bookings_client_changelist")

    by_email = admin_client.get(url, {"q": "found@example"})
    by_post = admin_client.get(url, {"source_post__id__exact": post.pk})
    by_news = admin_client.get(url, {"has_news_consent__exact": "1"})

    assert by_email.context["cl"].result_count == 1
    assert by_post.context["cl"].result_count == 1
    assert by_news.context["cl"].result_count == 0


def test_adding_a_note_signs_and_timestamps_it(admin_client, admin_user):
    client = ClientFactory()
    data = _change_data(client, **{"notes-TOTAL_FORMS": "1", "notes-0-body": "Call"})

    response = admin_client.post(_page(client), data)

    assert response.status_code == 302
    note = ClientNote.objects.get()
    assert note.author == admin_user
    assert note.body == "Call"
    assert note.created_at is not None


def test_note_with_html_is_shown_escaped(admin_client):
    client = ClientFactory()
    services.add_client_note(
        client_id=client.pk, body="<script>alert(1)</script><b>x</b>"
    )

    response = admin_client.get(_page(client))

    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_empty_note_is_refused_by_the_service():
    client = ClientFactory()

    with pytest.raises(ValidationError):
        services.add_client_note(client_id=client.pk, body="   ")


def test_follow_up_is_set_from_her_page(admin_client):
    client = ClientFactory()
    data = _change_data(
        client, follow_up_on="2030-03-01", follow_up_reason="Ask about sleep"
    )

    admin_client.post(_page(client), data)

    client.refresh_from_db()
    assert client.follow_up_on == date(2030, 3, 1)
    assert client.follow_up_reason == "Ask about sleep"


def test_set_follow_up_clears_the_reason_with_the_date():
    client = ClientFactory(follow_up_on=date(2030, 1, 1), follow_up_reason="x")

    services.set_follow_up(client_id=client.pk, on=None, reason="ignored")

    client.refresh_from_db()
    assert (client.follow_up_on, client.follow_up_reason) == (None, "")


def test_status_change_on_her_page_is_recorded_with_who(admin_client, admin_user):
    client = ClientFactory(status=Client.Status.CONSULT_HELD)

    admin_client.post(_page(client), _change_data(client, status="client"))

    change = ClientStatusChange.objects.get()
    assert (change.from_status, change.to_status) == ("consult_held", "client")
    assert change.changed_by == admin_user
    page = admin_client.get(_page(client))
    assert "Consult held" in page.text


def test_status_service_records_site_changes_without_a_user():
    booking = BookingFactory(starts_at=timezone.now() - timedelta(hours=2))
    Client.objects.filter(pk=booking.client_id).update(status="consult_booked")

    services.mark_booking_held(booking_id=booking.pk)

    change = ClientStatusChange.objects.get()
    assert change.to_status == "consult_held"
    assert change.changed_by is None


def test_status_service_refuses_an_unknown_status():
    client = ClientFactory()

    with pytest.raises(ValidationError):
        services.change_client_status(client=client, to_status="vip", by=UserFactory())


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+1 555", "'+1 555"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("Anna", "Anna"),
        (None, ""),
    ],
)
def test_csv_cells_are_neutralised(value, expected):
    assert safe_cell(value) == expected


def test_csv_export_of_odd_names_is_safe(admin_client):
    odd = [
        '=HYPERLINK("http://evil.example","x")',
        "@SUM(1+1)",
        'Zoë "Quotes", Comma',
        "Line\nBreak",
        "-10",
    ]
    clients = [
        ClientFactory(name=name, email=f"odd{n}@example.com")
        for n, name in enumerate(odd)
    ]

    response = admin_client.post(
        reverse("admin:bookings_client_changelist"),
        {"action": "export_csv", "_selected_action": [c.pk for c in clients]},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    names = sorted(row[0] for row in rows[1:])
    assert all(not n.startswith(("=", "+", "-", "@")) for n in names)
    assert '\'=HYPERLINK("http://evil.example","x")' in names
    assert 'Zoë "Quotes", Comma' in names
    assert "Line\nBreak" in names
