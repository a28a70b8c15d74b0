"""Joining and leaving the list: states, the hourly confirmation, clients."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from newsletter import services
from newsletter.models import Subscriber
from newsletter.tokens import make_confirm_token
from tests.factories import ClientFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def test_request_subscription_creates_a_pending_sign_up_with_consent(sign_up):
    now = timezone.now()

    subscriber = sign_up(first_name="Ann", source="home", now=now)

    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.source == "home"
    assert subscriber.requested_at == now
    assert subscriber.confirmation_sent_at == now
    assert subscriber.confirmed_at is None


def test_request_subscription_sends_one_confirmation_per_hour(sign_up, queued):
    now = timezone.now()

    sign_up(now=now)
    sign_up(email="ANN@example.com", now=now + timedelta(minutes=30))
    sign_up(now=now + timedelta(minutes=61))

    assert Subscriber.objects.count() == 1
    assert len(queued("newsletter.confirm")) == 2


def test_request_subscription_of_a_subscribed_address_sends_nothing(sign_up, queued):
    SubscriberFactory(email="ann@example.com")

    subscriber = sign_up()

    assert subscriber.status == Subscriber.Status.SUBSCRIBED
    assert queued("newsletter.confirm") == []


def test_request_subscription_after_leaving_needs_a_new_confirmation(sign_up):
    SubscriberFactory(email="ann@example.com", status="unsubscribed")

    subscriber = sign_up()

    assert subscriber.status == Subscriber.Status.PENDING


@pytest.mark.parametrize(
    ("email", "first_name"),
    [("nope", ""), ("ann@example.com", "Ann\nBcc: x"), ("a@b.co", "A" * 101)],
)
def test_request_subscription_refuses_bad_input(sign_up, email, first_name):
    with pytest.raises(ValidationError):
        sign_up(email=email, first_name=first_name)

    assert not Subscriber.objects.exists()


def test_confirm_subscription_links_her_client_record_and_news_consent():
    client = ClientFactory(email="ann@example.com")
    subscriber = SubscriberFactory(
        email="Ann@Example.com", status="pending", confirmed_at=None
    )

    services.confirm_subscription(token=make_confirm_token(subscriber))

    subscriber.refresh_from_db()
    client.refresh_from_db()
    assert subscriber.client == client
    assert client.has_news_consent is True


def test_confirm_subscription_is_repeat_safe():
    subscriber = SubscriberFactory(status="pending", confirmed_at=None)
    token = make_confirm_token(subscriber)

    first = services.confirm_subscription(token=token)
    second = services.confirm_subscription(token=token)

    assert first.confirmed_at == second.confirmed_at


def test_confirm_subscription_refuses_an_address_that_left():
    subscriber = SubscriberFactory(status="unsubscribed")

    with pytest.raises(services.InvalidLink):
        services.confirm_subscription(token=make_confirm_token(subscriber))


def test_confirm_token_expires_with_the_sign_up(settings, time_machine):
    subscriber = SubscriberFactory(status="pending", confirmed_at=None)
    token = make_confirm_token(subscriber)
    time_machine.move_to(
        timezone.now() + timedelta(days=settings.NEWSLETTER_CONFIRM_DAYS + 1)
    )

    with pytest.raises(services.InvalidLink):
        services.confirm_subscription(token=token)


def test_leave_list_turns_off_her_client_news_consent():
    client = ClientFactory(has_news_consent=True)
    subscriber = SubscriberFactory(email=client.email, client=client)

    services.leave_list(subscriber_id=subscriber.pk)

    client.refresh_from_db()
    assert client.has_news_consent is False


def test_expire_sign_ups_forgets_unconfirmed_and_keeps_past_subscribers(settings):
    old = timezone.now() - timedelta(days=settings.NEWSLETTER_CONFIRM_DAYS + 1)
    SubscriberFactory(status="pending", confirmed_at=None, requested_at=old)
    came_back = SubscriberFactory(status="pending", requested_at=old)
    fresh = SubscriberFactory(status="pending", confirmed_at=None)

    expired = services.expire_sign_ups()

    assert expired == 2
    assert set(Subscriber.objects.values_list("pk", "status")) == {
        (came_back.pk, "unsubscribed"),
        (fresh.pk, "pending"),
    }


def test_subscribe_from_booking_links_an_existing_subscriber():
    subscriber = SubscriberFactory(email="ann@example.com")
    client = ClientFactory(email="ANN@example.com")

    services.subscribe_from_booking(client=client, wants_news=False, wording="")

    subscriber.refresh_from_db()
    assert subscriber.client == client


def test_subscribe_from_booking_with_news_box_starts_double_opt_in(queued):
    client = ClientFactory(name="Ann Example", email="ann@example.com")

    subscriber = services.subscribe_from_booking(
        client=client, wants_news=True, wording="Send me news."
    )

    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.source == Subscriber.Source.BOOKING
    assert subscriber.first_name == "Ann"
    assert subscriber.client == client
    assert len(queued("newsletter.confirm")) == 1
