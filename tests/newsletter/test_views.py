"""The newsletter pages: subscribe forms, confirm by POST, leaving the list."""

import pytest
from django.core import signing
from django.test import Client as HttpClient

from newsletter.forms import new_stamp
from newsletter.models import CONSENT_WORDING, Subscriber
from newsletter.tokens import (
    CONFIRM_SALT,
    make_confirm_token,
    make_unsubscribe_token,
)
from tests.factories import PostFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def form(**overrides):
    data = {
        "email": "ann@example.com",
        "first_name": "Ann",
        "source": "post",
        "from": "some-post",
        "stamp": new_stamp(),
        "website": "",
    }
    return data | overrides


def test_subscribe_page_shows_the_form_and_consent_wording(client):
    response = client.get("/newsletter/")

    assert response.status_code == 200
    assert CONSENT_WORDING in response.content.decode()


def test_post_page_form_has_no_csrf_token_so_it_can_be_cached(client):
    post = PostFactory()

    html = client.get(post.get_absolute_url()).content.decode()

    assert 'action="/newsletter/subscribe/"' in html
    assert 'value="post"' in html
    form_html = html.split('action="/newsletter/subscribe/"')[1].split("</form>")[0]
    assert "csrfmiddlewaretoken" not in form_html


def test_home_page_has_the_subscribe_form(client, site_pages):
    html = client.get("/").content.decode()

    assert 'action="/newsletter/subscribe/"' in html
    assert 'value="home"' in html


def test_subscribe_post_without_cookies_starts_double_opt_in():
    browser = HttpClient(enforce_csrf_checks=True)

    response = browser.post("/newsletter/subscribe/", form())

    assert response.status_code == 302
    assert response["Location"] == "/newsletter/check-your-email/"
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.source == "post"
    assert subscriber.source_detail == "some-post"
    assert subscriber.consent_wording == CONSENT_WORDING


def test_subscribe_known_address_gets_the_same_answer(client):
    SubscriberFactory(email="ann@example.com")

    response = client.post("/newsletter/subscribe/", form(email="ANN@example.com"))

    assert response.status_code == 302
    assert response["Location"] == "/newsletter/check-your-email/"
    assert Subscriber.objects.get().status == Subscriber.Status.SUBSCRIBED


def test_subscribe_honeypot_is_refused_and_saves_nothing(client):
    response = client.post("/newsletter/subscribe/", form(website="http://spam"))

    assert response.status_code == 400
    assert not Subscriber.objects.exists()


def test_subscribe_too_fast_asks_to_send_again(client, settings):
    settings.NEWSLETTER_MIN_FILL_SECONDS = 60

    response = client.post("/newsletter/subscribe/", form())

    assert response.status_code == 200
    assert "take a moment" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_subscribe_rate_limit_answers_429(client, settings):
    settings.NEWSLETTER_RATE_LIMIT = "2/h"
    for n in range(2):
        client.post("/newsletter/subscribe/", form(email=f"r{n}@example.com"))

    response = client.post("/newsletter/subscribe/", form(email="r9@example.com"))

    assert response.status_code == 429
    assert Subscriber.objects.count() == 2


@pytest.mark.parametrize(
    "overrides",
    [
        {"email": "not-an-email"},
        {"email": "ann@example.com\r\nBcc: x@example.com"},
        {"email": "a" * 100_000 + "@example.com"},
        {"first_name": "Ann\r\nBcc: x@example.com"},
        {"first_name": "A" * 100_000},
        {"source": "x" * 100_000, "from": "../../etc"},
        {"stamp": "x" * 100_000},
    ],
)
def test_subscribe_bad_input_is_a_clear_message(client, overrides):
    response = client.post("/newsletter/subscribe/", form(**overrides))

    assert response.status_code == 200
    assert "Please" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_subscribe_get_goes_to_the_page(client):
    response = client.get("/newsletter/subscribe/")

    assert response.status_code == 302


def test_confirm_get_shows_a_button_and_changes_nothing(client):
    subscriber = SubscriberFactory(status="pending", confirmed_at=None)
    token = make_confirm_token(subscriber)

    response = client.get(f"/newsletter/confirm/{token}/")

    assert response.status_code == 200
    assert '<form method="post"' in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.confirmed_at is None


def test_confirm_post_subscribes(client):
    subscriber = SubscriberFactory(status="pending", confirmed_at=None)
    token = make_confirm_token(subscriber)

    response = client.post(f"/newsletter/confirm/{token}/")

    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED
    assert subscriber.confirmed_at is not None


@pytest.mark.parametrize("token", ["nonsense", "1:abc:def", "x" * 5000])
def test_confirm_bad_token_is_a_404_and_changes_nothing(client, token):
    subscriber = SubscriberFactory(status="pending", confirmed_at=None)

    get = client.get(f"/newsletter/confirm/{token}/")
    post = client.post(f"/newsletter/confirm/{token}/")

    assert get.status_code == post.status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


@pytest.mark.parametrize("link", ["current", "old"])
def test_confirm_tampered_token_of_another_subscriber_is_a_404(client, link):
    """Her link with the signed part swapped for another reader's key (or, in a
    link sent before keys, another reader's id) and her signature kept."""
    subscriber = SubscriberFactory(status="pending", confirmed_at=None)
    other = SubscriberFactory(status="pending", confirmed_at=None)
    if link == "current":
        token, theirs = make_confirm_token(subscriber), other.link_key
    else:
        signer = signing.TimestampSigner(salt=CONFIRM_SALT)
        token, theirs = signer.sign(str(subscriber.pk)), str(other.pk)
    _, stamp, signature = token.split(":")
    tampered = f"{theirs}:{stamp}:{signature}"
    assert tampered != token

    response = client.post(f"/newsletter/confirm/{tampered}/")

    assert response.status_code == 404
    for reader in (subscriber, other):
        reader.refresh_from_db()
        assert reader.status == Subscriber.Status.PENDING


def test_unsubscribe_get_shows_one_button_and_changes_nothing(client):
    subscriber = SubscriberFactory()

    response = client.get(
        f"/newsletter/unsubscribe/{make_unsubscribe_token(subscriber)}/"
    )

    assert response.status_code == 200
    assert response.content.decode().count('type="submit"') == 1
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED


def test_one_click_post_without_cookies_or_csrf_unsubscribes():
    subscriber = SubscriberFactory()
    provider = HttpClient(enforce_csrf_checks=True)

    response = provider.post(
        f"/newsletter/unsubscribe/{make_unsubscribe_token(subscriber)}/",
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.left_at is not None


def test_one_click_post_with_an_old_token_still_answers_200(client):
    subscriber = SubscriberFactory(status="unsubscribed")
    token = make_unsubscribe_token(subscriber)
    subscriber.delete()

    response = client.post(f"/newsletter/unsubscribe/{token}/")

    assert response.status_code == 200


def test_unsubscribe_tampered_token_is_a_404_and_changes_nothing(client):
    subscriber = SubscriberFactory()
    token = make_unsubscribe_token(subscriber) + "x"

    response = client.post(f"/newsletter/unsubscribe/{token}/")

    assert response.status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED
