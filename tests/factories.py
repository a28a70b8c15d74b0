"""factory_boy factories with valid defaults and unique values."""

from datetime import UTC, datetime, time, timedelta

import factory
from django.utils import timezone

# --- Blog ---------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    """A back-office user; `is_staff=True` for the coach."""

    class Meta:
        model = "coaching.User"
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    display_name = factory.Sequence(lambda n: f"Demo Author {n}")
    bio = "Health coach for women with MS."


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "articles.Series"

    title = factory.Sequence(lambda n: f"Series {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")


class PostFactory(factory.django.DjangoModelFactory):
    """A live post (published an hour ago); pass `tags=[...]` to tag it."""

    class Meta:
        model = "articles.Post"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Post number {n}")
    slug = factory.Sequence(lambda n: f"post-{n}")
    summary = "A short summary of the post."
    body = "Some **Markdown** text about the gut and MS."
    author = factory.SubFactory(UserFactory)
    status = "published"
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


# --- Bookings -----------------------------------------------------------------


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "bookings.Client"

    name = factory.Sequence(lambda n: f"Demo Client {n}")
    email = factory.Sequence(lambda n: f"client{n}@example.com")
    time_zone = "Europe/London"


class BookingFactory(factory.django.DjangoModelFactory):
    """A confirmed 30-minute call; pass starts_at to place it."""

    class Meta:
        model = "bookings.Booking"

    client = factory.SubFactory(ClientFactory)
    starts_at = factory.Sequence(
        lambda n: datetime(2030, 1, 7, 15, tzinfo=UTC) + timedelta(hours=n)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=30))
    help_with = "Energy for work and family."
    time_zone = factory.SelfAttribute("client.time_zone")


class WeeklyWindowFactory(factory.django.DjangoModelFactory):
    """Monday 09:00–12:00 in the coach's zone unless told otherwise."""

    class Meta:
        model = "bookings.WeeklyWindow"

    weekday = 0
    starts_at = time(9)
    ends_at = time(12)


class TimeOffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "bookings.TimeOff"

    starts_at = datetime(2030, 1, 1, tzinfo=UTC)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(days=1))
    note = "Holiday"


# --- Outbox -------------------------------------------------------------------


class MessageFactory(factory.django.DjangoModelFactory):
    """A pending "test.note" outbox row, due now (the tests' dummy builder)."""

    class Meta:
        model = "outbox.Message"

    kind = "test.note"
    key = factory.Sequence(lambda n: f"test:{n}")
    to_email = factory.Sequence(lambda n: f"person{n}@example.org")
    due_at = factory.LazyFunction(timezone.now)


# --- Newsletter -----------------------------------------------------------------


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed subscriber; pass status="pending" for a sign-up."""

    class Meta:
        model = "newsletter.Subscriber"

    email = factory.Sequence(lambda n: f"reader{n}@example.com")
    first_name = "Reader"
    status = "subscribed"
    source = "page"
    consent_wording = "Email me each new MSMonday post."
    requested_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    confirmed_at = factory.LazyFunction(timezone.now)
