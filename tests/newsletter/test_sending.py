"""Emailing a post: planned once, never twice, never old posts; the email itself."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from newsletter import emails, services, tasks
from newsletter.models import PostSend, Recipient, Subscriber
from outbox.builders import Skip
from outbox.models import Message
from tests.factories import PostFactory, SeriesFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def msmonday():
    return SeriesFactory(slug="msmonday", title="MSMonday")


@pytest.fixture
def new_post(msmonday):
    """An MSMonday post that went live a minute ago."""
    return PostFactory(
        series=msmonday,
        publish_at=timezone.now() - timedelta(minutes=1),
        body="See [the AIP guide](/blog/aip/) and ![gut](/media/gut.png).",
    )


def plan(post):
    """The send task and its queueing task, as a worker would run them."""
    send = services.start_post_send(post_id=post.pk)
    services.queue_post_emails(post_id=post.pk)
    return send


def post_message(post, subscriber):
    return Message.objects.get(key=emails.post_key(post.pk, subscriber.pk))


def test_start_post_send_plans_one_row_per_confirmed_subscriber(new_post):
    confirmed = SubscriberFactory.create_batch(3)
    SubscriberFactory(status="pending", confirmed_at=None)
    SubscriberFactory(status="unsubscribed")

    send = plan(new_post)

    assert send.status == PostSend.Status.SENDING
    assert send.recipient_count == 3
    assert set(Recipient.objects.values_list("subscriber_id", flat=True)) == {
        s.pk for s in confirmed
    }
    rows = Message.objects.filter(kind="newsletter.post")
    assert rows.count() == 3
    assert {row.stream for row in rows} == {"newsletter"}


def test_start_post_send_twice_makes_one_send(new_post):
    SubscriberFactory.create_batch(2)

    first = plan(new_post)
    SubscriberFactory()
    second = plan(new_post)

    assert first.pk == second.pk
    assert Recipient.objects.count() == 2
    assert Message.objects.filter(kind="newsletter.post").count() == 2


def test_task_delivered_twice_makes_one_send(new_post):
    SubscriberFactory.create_batch(2)

    for _ in range(2):
        tasks.start_post_send(post_id=new_post.pk)
        tasks.queue_post_emails(post_id=new_post.pk)

    assert PostSend.objects.count() == 1
    assert Message.objects.filter(kind="newsletter.post").count() == 2


def test_post_edited_after_sending_is_not_sent_again(new_post):
    SubscriberFactory()
    plan(new_post)
    new_post.title = "Edited"
    new_post.save()

    assert services.due_post_ids() == []


@pytest.mark.parametrize(
    ("series_slug", "choice", "expected"),
    [
        ("msmonday", None, True),
        ("other", None, False),
        ("other", True, True),
        ("msmonday", False, False),
    ],
)
def test_due_post_ids_follow_the_email_choice(series_slug, choice, expected):
    series = SeriesFactory(slug=series_slug)
    post = PostFactory(
        series=series,
        is_for_subscribers=choice,
        publish_at=timezone.now() - timedelta(minutes=1),
    )

    assert (post.pk in services.due_post_ids()) is expected


def test_old_posts_are_never_emailed(msmonday, settings):
    old = PostFactory(
        series=msmonday,
        publish_at=timezone.now()
        - timedelta(hours=settings.NEWSLETTER_SEND_WINDOW_HOURS + 1),
    )
    SubscriberFactory()

    assert services.start_post_send(post_id=old.pk) is None
    assert not PostSend.objects.exists()


def test_scheduled_and_draft_posts_are_not_due(msmonday):
    PostFactory(series=msmonday, publish_at=timezone.now() + timedelta(hours=1))
    PostFactory(series=msmonday, status="draft")

    assert services.due_post_ids() == []


def test_data_migration_marks_posts_live_at_start_as_not_to_send(new_post, msmonday):
    scheduled = PostFactory(
        series=msmonday, publish_at=timezone.now() + timedelta(hours=1)
    )
    migration = importlib.import_module(
        "newsletter.migrations.0002_skip_posts_live_at_start"
    )

    migration.skip_live_posts(apps, None)

    assert PostSend.objects.get().post == new_post
    assert PostSend.objects.get().status == PostSend.Status.SKIPPED
    assert services.due_post_ids() == []
    assert scheduled.pk not in services.due_post_ids()


def test_post_email_has_unsubscribe_headers_and_absolute_links(new_post, settings):
    settings.SITE_URL = "https://coach.example.org"
    subscriber = SubscriberFactory()
    plan(new_post)

    email = emails.build(post_message(new_post, subscriber))

    leave = email.extra_headers["List-Unsubscribe"]
    assert leave.startswith("<https://coach.example.org/newsletter/unsubscribe/")
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = email.alternatives[0].content
    assert 'href="https://coach.example.org/blog/aip/"' in html
    assert 'src="https://coach.example.org/media/gut.png"' in html
    assert leave[1:-1] in html and leave[1:-1] in email.body
    assert "(https://coach.example.org/blog/aip/)" in email.body
    assert settings.NEWSLETTER_POSTAL_ADDRESS in html
    assert settings.NEWSLETTER_POSTAL_ADDRESS in email.body
    assert "not medical advice" in html and "not medical advice" in email.body
    assert "/book/?from=" in html
    assert email.subject == new_post.title


def test_post_email_skips_a_subscriber_who_left(new_post):
    subscriber = SubscriberFactory()
    plan(new_post)
    services.leave_list(subscriber_id=subscriber.pk)

    with pytest.raises(Skip):
        emails.build(post_message(new_post, subscriber))


def test_confirm_email_links_to_the_confirm_page(sign_up, queued):
    sign_up(first_name="Ann")

    email = emails.build(queued("newsletter.confirm")[0])

    assert "/newsletter/confirm/" in email.body
    assert "Ann" in email.body
    assert "List-Unsubscribe" not in email.extra_headers


def test_permanent_refusal_marks_the_subscriber_bounced(new_post):
    subscriber = SubscriberFactory()
    plan(new_post)

    services.leave_after_refusal(post_message(new_post, subscriber), "550 no such user")

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.BOUNCED


def test_send_test_copy_goes_to_the_coach_only(new_post, queued):
    SubscriberFactory()

    services.send_test_copy(post=new_post, to_email="coach@example.com")

    [message] = queued("newsletter.test")
    assert message.to_email == "coach@example.com"
    email = emails.build(message)
    assert email.subject.startswith("[Test]")
    assert not PostSend.objects.exists()


def test_admin_send_shows_progress(admin_client, new_post):
    SubscriberFactory.create_batch(2)
    send = plan(new_post)

    html = admin_client.get("/admin/newsletter/postsend/").content.decode()

    assert services.send_progress(send)["pending"] == 2
    assert "0 sent, 2 queued, 0 failed" in html


def test_queueing_resumes_where_a_crash_stopped_it(new_post):
    SubscriberFactory.create_batch(5)
    services.start_post_send(post_id=new_post.pk)

    services.queue_post_chunk(post_id=new_post.pk, size=2)
    resumable = services.sends_to_resume()
    services.queue_post_emails(post_id=new_post.pk)
    services.queue_post_emails(post_id=new_post.pk)

    assert resumable == [new_post.pk]
    assert services.sends_to_resume() == []
    assert Message.objects.filter(kind="newsletter.post").count() == 5


def test_start_post_send_queues_the_emails_after_commit(
    new_post, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(
        tasks.queue_post_emails, "delay", lambda **kwargs: queued.append(kwargs)
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.start_post_send(post_id=new_post.pk)

    assert queued == [{"post_id": new_post.pk}]


def test_imported_posts_are_never_emailed(new_post):
    new_post.imported_from = "wordpress"
    new_post.save()
    SubscriberFactory()

    assert services.due_post_ids() == []
    assert services.start_post_send(post_id=new_post.pk) is None
