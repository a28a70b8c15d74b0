"""The back office's lists are named as she names them."""

from datetime import UTC, datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client as HttpClient
from django.urls import reverse

from bookings.models import Client
from tests.factories import BookingFactory, ClientFactory, PostFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def test_every_list_is_titled_by_what_it_holds(admin_client):
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        response = admin_client.get(url, follow=True)
        html = response.content.decode()

        assert "to change</h1>" not in html, url
        assert "to view</h1>" not in html, url


def test_clients_list_says_clients_and_shows_nothing_yet_as_a_dash(admin_client):
    ClientFactory(name="Ada Example")

    html = admin_client.get(reverse("admin:bookings_client_changelist")).text

    assert "<h1>Clients</h1>" in html
    assert '<td class="field-came_from">–</td>' in html  # not "-"


def test_a_list_has_the_name_her_menu_gives_it(admin_client):
    html = admin_client.get(reverse("admin:bookings_booking_changelist")).text

    assert "<h1>Calls</h1>" in html


def test_list_filters_are_headed_by_what_they_filter(admin_client):
    ClientFactory(name="Ada Example")

    html = admin_client.get(reverse("admin:bookings_client_changelist")).text

    assert "<summary>Agreed to news emails</summary>" in html
    assert "By agreed" not in html
    for model in apps.get_models():
        if admin.site.is_registered(model):
            meta = model._meta
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
            assert "<summary>\n    By " not in admin_client.get(url).text, url


def test_a_long_post_title_is_cut_short_in_the_clients_list(admin_client):
    title = "MSMonday: What is leaky gut, and why might it matter with MS?"
    post = PostFactory(title=title)
    ClientFactory(name="Ada Example", source_post=post)
    ClientFactory(name="Bea Example")

    html = admin_client.get(reverse("admin:bookings_client_changelist")).text

    cells = [c.split("</td>")[0] for c in html.split('<td class="field-came_from">')]
    cell = next(c for c in cells[1:] if c != "–")
    assert f'title="{title}"' in cell.replace("&#x27;", "'")
    assert ">MSMonday: What is leaky gut, and why…<" in cell
    assert "<summary>Came from post</summary>" in html
    assert ">Not from a post</a>" in html


def test_posts_list_filters_name_what_is_missing_and_dates_read_plainly(admin_client):
    PostFactory(series=SeriesFactory()).tags.add("sleep")
    PostFactory(series=None)

    html = admin_client.get(reverse("admin:articles_post_changelist")).text

    assert ">No series</a>" in html
    assert ">No tags</a>" in html
    assert "Show by date" in html
    assert "Filter by publish at" not in html


def test_clients_list_shows_the_day_she_was_added_in_the_coach_zone(
    admin_client, settings
):
    settings.COACH_TIME_ZONE = "America/Chicago"
    client = ClientFactory(name="Ada Example")
    # 03:30 UTC on 2 December is still 1 December in Chicago.
    Client.objects.filter(pk=client.pk).update(
        created_at=datetime(2026, 12, 2, 3, 30, tzinfo=UTC)
    )

    html = admin_client.get(reverse("admin:bookings_client_changelist")).text

    assert '<td class="field-added_on">Tue 1 Dec 2026</td>' in html


def test_calls_are_calls_in_the_breadcrumbs_and_the_count(admin_client):
    BookingFactory()

    html = admin_client.get(reverse("admin:bookings_booking_changelist")).text

    assert '<li aria-current="page">Calls</li>' in html
    assert "1 call\n" in html
    assert "Bookings" not in html
    assert "1 booking" not in html


def test_an_empty_list_offers_no_dates_to_pick(admin_client):
    html = admin_client.get(reverse("admin:outbox_message_changelist")).text

    assert "Show by date" not in html


def test_a_calls_page_has_her_labels_and_no_save_button_to_wonder_about(admin_client):
    booking = BookingFactory()

    html = admin_client.get(
        reverse("admin:bookings_booking_change", args=[booking.pk])
    ).text

    assert "<h1>Call</h1>" in html
    for label in ("Came from post", "Moved from", "Booked on", "Cancelled on"):
        assert f">{label}:</label>" in html or f">{label}:<" in html, label
    assert 'name="_save"' not in html
    assert 'name="_continue"' not in html
    assert "Created at" not in html


def test_a_client_record_says_in_words_when_a_box_has_nothing(admin_client):
    client = ClientFactory(name="Ada Example")

    html = admin_client.get(
        reverse("admin:bookings_client_change", args=[client.pk])
    ).text

    assert "<h1>Client</h1>" in html
    assert "Nothing recorded: she has not ticked a consent box on the site." in html
    assert "She is not on the newsletter list." in html
    for label in ("Came from post", "Last changed"):
        assert f">{label}:<" in html, label
    assert "Updated at" not in html


def test_the_note_box_is_one_plain_box(admin_client):
    client = ClientFactory(name="Ada Example")

    html = admin_client.get(
        reverse("admin:bookings_client_change", args=[client.pk])
    ).text

    assert "New note:" not in html
    assert "#1" not in html
    assert html.count('name="notes-0-body"') == 1
    assert "__prefix__" not in html


def test_parts_of_the_back_office_are_titled_by_their_names(admin_client):
    html = admin_client.get(reverse("admin:app_list", args=["articles"])).text

    assert "<h1>Blog</h1>" in html
    assert "administration" not in html.split("<h1>")[1].split("</h1>")[0]


def test_newsletter_mailings_and_series_in_her_words(admin_client):
    from newsletter.models import PostSend

    send = PostSend.objects.create(
        post=PostFactory(), status=PostSend.Status.SENDING, recipient_count=3
    )
    series = SeriesFactory()

    mailings = admin_client.get(reverse("admin:newsletter_postsend_changelist")).text
    mailing = admin_client.get(
        reverse("admin:newsletter_postsend_change", args=[send.pk])
    ).text
    series_page = admin_client.get(
        reverse("admin:articles_series_change", args=[series.pk])
    ).text
    subscribers = admin_client.get(
        reverse("admin:newsletter_subscriber_changelist")
    ).text

    assert "<h1>Newsletter mailings</h1>" in mailings
    assert "Post send" not in mailings + mailing
    assert "Recipient count" not in mailings
    assert 'name="_save"' not in mailing
    assert ">Web address:</label>" in series_page
    assert ">Slug:</label>" not in series_page
    assert "<summary>Asked to join</summary>" in subscribers
    assert "Requested at" not in subscribers


def test_a_page_her_account_cannot_open_says_so_and_leads_back(coach_client):
    response = coach_client.get(reverse("admin:auth_group_changelist"))
    # A public form sent without its cookie keeps the site's own words.
    public = HttpClient(enforce_csrf_checks=True).post("/book/", {})

    assert response.status_code == 403
    assert "This page is not open to your account" in response.text
    assert 'href="/admin/">Back to your week' in response.text
    assert public.status_code == 403
    assert "reload the page" in public.text


def test_a_subscribers_page_in_her_words(admin_client):
    from tests.factories import SubscriberFactory

    subscriber = SubscriberFactory()

    html = admin_client.get(
        reverse("admin:newsletter_subscriber_change", args=[subscriber.pk])
    ).text

    for label in ("Signed up on", "Which post or list", "Asked to join", "Left"):
        assert f">{label}:<" in html, label
    for word in ("Source:", "Requested at", "Left at", "Confirmation sent at"):
        assert word not in html, word


def test_the_mailings_list_cuts_a_long_post_title_short(admin_client):
    from newsletter.models import PostSend

    title = "MSMonday: Sleep and MS fatigue: small steps that add up"
    PostSend.objects.create(post=PostFactory(title=title), status="sending")

    html = admin_client.get(reverse("admin:newsletter_postsend_changelist")).text

    assert ">MSMonday: Sleep and MS fatigue…<" in html


def test_the_actions_menu_starts_with_choose_what_to_do(admin_client):
    booking = BookingFactory()

    calls = admin_client.get(reverse("admin:bookings_booking_changelist")).text
    call = admin_client.get(
        reverse("admin:bookings_booking_change", args=[booking.pk])
    ).text

    for html in (calls, call):
        assert '<option value="" selected>Choose what to do</option>' in html
        assert "- Select an option -" not in html
