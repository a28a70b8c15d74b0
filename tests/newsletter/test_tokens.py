"""Newsletter links say nothing about her row; links sent before still work."""

import pytest
from django.core import signing

from newsletter import tokens
from newsletter.models import Subscriber
from tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def old_confirm_link(subscriber) -> str:
    """A confirm link as the site wrote them before: the row id, signed."""
    token = signing.TimestampSigner(salt=tokens.CONFIRM_SALT).sign(str(subscriber.pk))
    return f"/newsletter/confirm/{token}/"


def old_unsubscribe_link(subscriber) -> str:
    token = signing.Signer(salt=tokens.UNSUBSCRIBE_SALT).sign(str(subscriber.pk))
    return f"/newsletter/unsubscribe/{token}/"


def test_links_carry_no_subscriber_id():
    readers = [SubscriberFactory(status="pending") for _ in range(3)]

    for reader in readers:
        for url in (tokens.confirm_url(reader), tokens.unsubscribe_url(reader)):
            token = url.rstrip("/").rsplit("/", 1)[1]
            signed_value = token.split(":")[0]
            assert signed_value == reader.link_key, url  # random, not the row id
            assert not signed_value.isdigit()
            assert reader.email not in url
    assert len({r.link_key for r in readers}) == 3


def test_new_links_confirm_and_unsubscribe(client):
    reader = SubscriberFactory(status="pending", confirmed_at=None)
    confirm = tokens.confirm_url(reader).removeprefix("http://testserver")
    leave = tokens.unsubscribe_url(reader).removeprefix("http://testserver")

    assert client.post(confirm).status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.SUBSCRIBED
    assert client.post(leave).status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED


def test_links_sent_before_keep_working(client):
    reader = SubscriberFactory(status="pending", confirmed_at=None)

    assert client.get(old_confirm_link(reader)).status_code == 200
    assert client.post(old_confirm_link(reader)).status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.SUBSCRIBED
    assert client.post(old_unsubscribe_link(reader)).status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED


def test_a_link_works_only_for_its_own_purpose(client):
    reader = SubscriberFactory(status="pending", confirmed_at=None)
    confirm_token = tokens.make_confirm_token(reader)
    leave_token = tokens.make_unsubscribe_token(reader)

    assert client.post(f"/newsletter/unsubscribe/{confirm_token}/").status_code == 404
    assert client.post(f"/newsletter/confirm/{leave_token}/").status_code == 404
    forged = signing.Signer(salt=tokens.UNSUBSCRIBE_SALT).sign("not-a-key")
    assert client.post(f"/newsletter/confirm/{forged}/").status_code == 404
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.PENDING
