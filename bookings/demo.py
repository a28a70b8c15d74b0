"""Demo availability for `manage.py load_demo`: weekday hours in the coach's zone."""

from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from bookings.models import Booking, Client, ClientNote, ConsultSettings, WeeklyWindow
from bookings.services import change_client_status
from coaching.zones import coach_zone

DEMO_CALL_DETAILS = (
    "Demo: I'll send you the video link by email the day before our call."
)
MORNING = (time(9), time(12))
AFTERNOON = (time(14), time(17))
DEMO_WINDOWS = {
    WeeklyWindow.Weekday.MONDAY: [MORNING, AFTERNOON],
    WeeklyWindow.Weekday.TUESDAY: [MORNING, AFTERNOON],
    WeeklyWindow.Weekday.WEDNESDAY: [MORNING, AFTERNOON],
    WeeklyWindow.Weekday.THURSDAY: [MORNING, AFTERNOON],
    WeeklyWindow.Weekday.FRIDAY: [MORNING],
}


# This week's demo consults: (weekday, hour, client name, her answer).
DEMO_CONSULTS = [
    (0, 10, "Anna Demo", "Energy in the afternoons."),
    (1, 15, "Beth Demo", "Brain fog at work."),
    (2, 10, "Cara Demo", "Where to start with the AIP diet."),
    (3, 15, "Dana Demo", "Sleep and fatigue."),
    (4, 10, "Emma Demo", "Gut health after a relapse."),
]


def _demo_consults(*, coach) -> None:
    """This week's demo calls (in the coach's zone), one per weekday."""
    from articles.models import Post

    zone = coach_zone()
    today = timezone.localdate(timezone=zone)
    post = Post.objects.published().order_by("publish_at").first()
    monday = today - timedelta(days=today.weekday())
    for weekday, hour, name, answer in DEMO_CONSULTS:
        email = name.lower().replace(" ", ".") + "@example.com"
        client, created = Client.objects.get_or_create(
            email=email,
            defaults={
                "name": name,
                "time_zone": zone.key,
                "status": Client.Status.CONSULT_BOOKED,
                "source_post": post if weekday % 2 == 0 else None,
            },
        )
        if created and weekday == 0:
            ClientNote.objects.create(
                client=client, author=coach, body="Demo note: prefers mornings."
            )
            client.follow_up_on = today
            client.follow_up_reason = "Send the AIP starter list (demo)."
            client.save(update_fields=["follow_up_on", "follow_up_reason"])
        starts_at = datetime.combine(
            monday + timedelta(days=weekday), time(hour), tzinfo=zone
        )
        ends_at = starts_at + timedelta(minutes=30)
        taken = Booking.objects.exclude(status=Booking.Status.CANCELLED).filter(
            Q(client=client) | Q(starts_at__lt=ends_at, ends_at__gt=starts_at),
            starts_at__gte=starts_at - timedelta(days=weekday),
            starts_at__lt=starts_at + timedelta(days=7 - weekday),
        )
        if (
            taken.filter(client=client).exists()
            or taken.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).exists()
        ):
            _after_held_call(client)
            continue
        # Calls earlier this week show as held, as they would in her diary.
        held = starts_at < timezone.now()
        Booking.objects.create(
            client=client,
            starts_at=starts_at,
            ends_at=ends_at,
            status=Booking.Status.COMPLETED if held else Booking.Status.CONFIRMED,
            help_with=answer,
            time_zone=client.time_zone,
            source_post=client.source_post,
        )
        _after_held_call(client)


def _after_held_call(client) -> None:
    """A client whose call was held is at "Consult held", as marking it does."""
    held = client.bookings.filter(status=Booking.Status.COMPLETED).exists()
    early = (Client.Status.LEAD, Client.Status.CONSULT_BOOKED)
    if held and client.status in early:
        change_client_status(client=client, to_status=Client.Status.CONSULT_HELD)


def load(*, coach):
    """Create or update this app's demo rows; safe to run repeatedly."""
    _demo_consults(coach=coach)
    cfg = ConsultSettings.load()
    default_details = ConsultSettings._meta.get_field("call_details").default
    if cfg.call_details in ("", default_details):
        cfg.call_details = DEMO_CALL_DETAILS
        cfg.save(update_fields=["call_details"])
    if WeeklyWindow.objects.exists():
        # The coach (or an earlier run) has set hours already: leave them alone.
        return
    WeeklyWindow.objects.bulk_create(
        WeeklyWindow(weekday=weekday, starts_at=start, ends_at=end)
        for weekday, windows in DEMO_WINDOWS.items()
        for start, end in windows
    )
