import pytest
from django.urls import reverse

from outbox.models import Message
from tests.factories import MessageFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:outbox_message_changelist")


def test_changelist_lists_failed_messages_first(admin_client):
    MessageFactory(status="sent")
    failed = MessageFactory(status="failed", last_error="recipient refused (550)")
    MessageFactory()

    response = admin_client.get(CHANGELIST)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list)[0] == failed


@pytest.mark.parametrize(
    "query", ["status__exact=failed", "stream__exact=newsletter", "q=ann@example"]
)
def test_changelist_filters_and_search(admin_client, query):
    MessageFactory(to_email="ann@example.org", status="failed", stream="newsletter")

    response = admin_client.get(f"{CHANGELIST}?{query}")

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_change_page_is_read_only(admin_client):
    message = MessageFactory()

    response = admin_client.get(
        reverse("admin:outbox_message_change", args=[message.pk])
    )

    assert response.status_code == 200
    assert b'name="to_email"' not in response.content


def test_resend_action_requeues_failed_messages(
    admin_client, django_capture_on_commit_callbacks, published
):
    failed = MessageFactory(status="failed")
    sent = MessageFactory(status="sent")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            CHANGELIST,
            {"action": "resend", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )

    failed.refresh_from_db()
    sent.refresh_from_db()
    assert failed.status == Message.Status.PENDING
    assert sent.status == Message.Status.SENT
    assert published == [[failed.pk]]
    assert "1 email queued to send again" in response.content.decode()


def test_emails_list_filters_speak_her_words(admin_client):
    MessageFactory(kind="booking.confirmation", status="failed")
    confirmation = Message.objects.get()
    MessageFactory(kind="booking.reminder", context={"hours": 24})

    html = admin_client.get(CHANGELIST).text
    only_confirmations = admin_client.get(f"{CHANGELIST}?kind=booking.confirmation")

    assert ">Could not be sent</a>" in html
    assert ">Waiting to be sent</a>" in html
    assert "<summary>Which email</summary>" in html
    assert ">Reminder</a>" in html
    for code in ("booking.confirmation", "Transactional", "Pending", "Void"):
        assert f">{code}</a>" not in html
    assert list(only_confirmations.context["cl"].result_list) == [confirmation]
