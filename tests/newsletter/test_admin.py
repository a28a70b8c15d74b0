"""The coach's newsletter screens, CSV in and out, privacy and provider events."""

from types import SimpleNamespace

import pytest

from newsletter import services
from newsletter.models import ProviderEvent, Subscriber
from newsletter.webhooks import handle_tracking_event
from tests.factories import ClientFactory, PostFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

CSV = (
    b"Email,First_Name,Status\n"
    b"new@example.com,Nia,subscribed\n"
    b"gone@example.com,Gil,unsubscribed\n"
    b"known@example.com,Kay,subscribed\n"
    b"not an address,,subscribed\n"
    b"NEW@example.com,Nia,subscribed\n"
)


def test_import_adds_subscribers_and_keeps_unsubscribed_rows_so():
    SubscriberFactory(email="known@example.com", status="unsubscribed")

    result = services.import_subscribers(
        data=CSV, list_name="Old list 2025", wording="Monthly news from the coach."
    )

    assert (result.added, result.added_as_unsubscribed) == (1, 1)
    assert result.already_known == 2
    assert result.invalid_lines == [5]
    statuses = dict(Subscriber.objects.values_list("email", "status"))
    assert statuses == {
        "new@example.com": "subscribed",
        "gone@example.com": "unsubscribed",
        "known@example.com": "unsubscribed",
    }
    new = Subscriber.objects.get(email="new@example.com")
    assert (new.source, new.source_detail) == ("import", "Old list 2025")
    assert new.consent_wording == "Monthly news from the coach."


def test_admin_import_page_imports_a_file(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = admin_client.post(
        "/admin/newsletter/subscriber/import/",
        {
            "file": SimpleUploadedFile("list.csv", CSV, content_type="text/csv"),
            "list_name": "Old list",
            "wording": "News.",
        },
    )

    assert response.status_code == 302
    assert Subscriber.objects.count() == 3


def test_admin_import_without_email_column_says_so(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = admin_client.post(
        "/admin/newsletter/subscriber/import/",
        {
            "file": SimpleUploadedFile("list.csv", b"name\nAnn\n"),
            "list_name": "Old list",
            "wording": "News.",
        },
    )

    assert response.status_code == 200
    assert "column named" in response.content.decode()


def test_admin_export_is_formula_safe(admin_client):
    subscriber = SubscriberFactory(first_name="=HYPERLINK(1)", email="a@example.com")

    response = admin_client.post(
        "/admin/newsletter/subscriber/",
        {"action": "export_csv", "_selected_action": [subscriber.pk]},
    )

    body = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK(1)" in body
    assert ",=HYPERLINK" not in body


def test_admin_screens_show_subscriber_and_client_both_ways(admin_client):
    client = ClientFactory()
    subscriber = SubscriberFactory(email=client.email, client=client)

    client_page = admin_client.get(f"/admin/bookings/client/{client.pk}/change/")
    subscriber_page = admin_client.get(
        f"/admin/newsletter/subscriber/{subscriber.pk}/change/"
    )

    assert "newsletter subscription" in client_page.content.decode().lower()
    assert f"/admin/bookings/client/{client.pk}/change/" in (
        subscriber_page.content.decode()
    )


def test_admin_post_form_has_the_email_choice(admin_client):
    post = PostFactory()

    html = admin_client.get(f"/admin/articles/post/{post.pk}/change/").content

    assert b"email this post to subscribers" in html.lower()


def test_export_subscriber_returns_her_data_or_none():
    SubscriberFactory(email="ann@example.com", first_name="Ann")

    data = services.export_subscriber("ANN@example.com")

    assert data["email"] == "ann@example.com"
    assert data["first_name"] == "Ann"
    assert data["consent_wording"]
    assert services.export_subscriber("nobody@example.com") is None


def test_erase_subscriber_deletes_her_row():
    SubscriberFactory(email="ann@example.com")

    assert services.erase_subscriber("Ann@example.com") is True
    assert services.erase_subscriber("ann@example.com") is False
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize(
    ("event_type", "status"),
    [
        ("bounced", "bounced"),
        ("complained", "complained"),
        ("unsubscribed", "unsubscribed"),
    ],
)
def test_provider_event_takes_the_address_off_the_list(event_type, status):
    SubscriberFactory(email="ann@example.com")
    event = SimpleNamespace(
        event_type=event_type, recipient="ann@example.com", event_id="ev-1"
    )

    handle_tracking_event(event=event, esp_name="Postmark")

    assert Subscriber.objects.get().status == status


def test_provider_event_repeated_is_handled_once():
    subscriber = SubscriberFactory(email="ann@example.com")
    event = SimpleNamespace(
        event_type="bounced", recipient="ann@example.com", event_id="ev-1"
    )

    first = handle_tracking_event(event=event, esp_name="Postmark")
    subscriber.status = "subscribed"
    subscriber.save()
    second = handle_tracking_event(event=event, esp_name="Postmark")

    assert (first, second) == (True, False)
    assert ProviderEvent.objects.count() == 1
    assert Subscriber.objects.get().status == "subscribed"


def test_provider_event_of_other_kinds_changes_nothing():
    SubscriberFactory(email="ann@example.com")
    event = SimpleNamespace(
        event_type="delivered", recipient="ann@example.com", event_id="ev-2"
    )

    assert handle_tracking_event(event=event, esp_name="Postmark") is False
    assert Subscriber.objects.get().status == "subscribed"
