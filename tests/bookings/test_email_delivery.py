"""Booking emails end to end: from the booking page through the outbox to a mailer,
and with a real Celery worker on the real broker (marked `broker`)."""

import subprocess
import sys
import time
from datetime import datetime, timedelta
from datetime import time as clock_time

import pytest
import time_machine
from django.utils import timezone

from bookings import emails
from bookings.models import Booking, ConsultSettings
from bookings.services import book_consult, cancel_booking
from outbox import services as outbox
from outbox.models import Message
from tests.bookings.conftest import SLOT_PATH
from tests.factories import WeeklyWindowFactory

pytestmark = pytest.mark.django_db


def send_due(now: datetime | None = None) -> None:
    """What beat and the worker do: claim due rows and send each batch."""
    for batch in outbox.claim_due_messages(now=now):
        outbox.send_messages(message_ids=batch)


@pytest.fixture
def eager_tasks():
    """Tasks queued on commit run at once, in this process."""
    from coaching.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def calendar_part(email):
    for part in email.message().walk():
        if part.get_content_type() == "text/calendar":
            return part
    return None


def test_booking_page_sends_her_confirmation_and_the_coach_notice(
    client,
    schedule,
    form_data,
    settings,
    mailoutbox,
    eager_tasks,
    django_capture_on_commit_callbacks,
):
    settings.COACH_EMAIL = "coach@example.org"
    data = form_data(client, help_with="Tingling hands at night")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(SLOT_PATH, data)

    assert sorted(m.to[0] for m in mailoutbox) == [
        "coach@example.org",
        "visitor@example.com",
    ]
    confirmation = next(m for m in mailoutbox if m.to == ["visitor@example.com"])
    part = calendar_part(confirmation)
    assert part.get_param("method") == "REQUEST"
    assert confirmation.message()["Message-ID"] == (
        Message.objects.get(kind="booking.confirmation").message_id
    )
    for email in mailoutbox:
        assert "Tingling" not in str(email.message())


def test_cancelled_call_sends_no_reminder(client, schedule, form_data, mailoutbox):
    client.post(SLOT_PATH, form_data(client))
    booking = Booking.objects.get()
    cancel_booking(booking_id=booking.pk)

    with time_machine.travel(booking.starts_at - timedelta(minutes=30), tick=False):
        send_due()

    kinds = {m.subject.split(":")[0] for m in mailoutbox}
    assert not any(subject.startswith("Reminder") for subject in kinds)
    assert Message.objects.filter(kind="booking.reminder", status="sent").count() == 0


def test_reminder_is_sent_once_when_due(client, schedule, form_data, mailoutbox):
    client.post(SLOT_PATH, form_data(client))
    booking = Booking.objects.get()
    send_due()
    sent_before = len(mailoutbox)

    with time_machine.travel(booking.starts_at - timedelta(hours=12), tick=False):
        send_due()
        send_due()

    reminders = [m for m in mailoutbox[sent_before:] if "Reminder" in m.subject]
    assert len(reminders) == 1


# --- A real worker on the real broker ------------------------------------------


def wait_for(predicate, timeout: float = 20) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def open_calendar(transactional_db, settings):
    settings.COACH_EMAIL = "coach@example.org"
    cfg = ConsultSettings.load()
    cfg.min_notice_hours = 1
    cfg.reminder_hours = "1"
    cfg.save()
    for weekday in range(7):
        WeeklyWindowFactory(
            weekday=weekday, starts_at=clock_time(0), ends_at=clock_time(23, 30)
        )
    return cfg


def next_free_slot(cfg) -> datetime:
    """A free time far enough ahead for its one-hour reminder to be written."""
    from bookings.services import free_slots

    now = timezone.now()
    return free_slots(now + timedelta(hours=3), now + timedelta(days=3), cfg=cfg)[0]


def book_now(starts_at: datetime, email: str = "ann@example.com") -> Booking:
    return book_consult(
        starts_at=starts_at,
        name="Ann Example",
        email=email,
        time_zone="Europe/London",
        help_with="",
        has_storage_consent=True,
        storage_wording="I agree that you keep my details to arrange the call.",
    )


@pytest.mark.broker
def test_real_worker_delivers_the_confirmation_within_seconds(
    open_calendar, smtp_server, celery_worker_process
):
    celery_worker_process(TEST_SMTP_PORT=smtp_server.port)

    book_now(next_free_slot(open_calendar))

    assert wait_for(lambda: smtp_server.count("ann@example.com") == 1)
    assert wait_for(lambda: smtp_server.count("coach@example.org") == 1)
    time.sleep(1)
    assert smtp_server.count("ann@example.com") == 1


@pytest.mark.broker
def test_real_worker_sends_a_due_reminder_once_on_time(
    open_calendar, smtp_server, celery_worker_process, claim_loop
):
    celery_worker_process(TEST_SMTP_PORT=smtp_server.port)
    booking = book_now(next_free_slot(open_calendar), email="bea@example.com")
    assert wait_for(lambda: smtp_server.count("bea@example.com") == 1)
    reminder = Message.objects.get(key=emails.message_key(booking.pk, "reminder-1h"))
    # Time passes: the reminder falls due three seconds from now.
    due_at = timezone.now() + timedelta(seconds=3)
    Message.objects.filter(pk=reminder.pk).update(due_at=due_at)

    assert wait_for(lambda: smtp_server.count("bea@example.com") == 2, timeout=30)
    assert wait_for(
        lambda: Message.objects.filter(pk=reminder.pk, status="sent").exists()
    )
    reminder.refresh_from_db()
    assert reminder.sent_at >= due_at
    time.sleep(2)
    assert smtp_server.count("bea@example.com") == 2


BOOK_IN_ANOTHER_PROCESS = """
import sys, datetime, django
django.setup()
from tests.bookings.test_email_delivery import book_now
print(book_now(datetime.datetime.fromisoformat(sys.argv[1])).pk)
"""


def test_booking_succeeds_when_the_broker_is_down_and_mail_follows(
    open_calendar, mailoutbox
):
    from tests.workers import ROOT, worker_env

    # A web process whose broker does not answer (nothing listens on port 1).
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            BOOK_IN_ANOTHER_PROCESS,
            next_free_slot(open_calendar).isoformat(),
        ],
        cwd=ROOT,
        env=worker_env(CELERY_BROKER_URL="redis://127.0.0.1:1/0"),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    booking = Booking.objects.get(pk=int(result.stdout.split()[-1]))
    assert booking.status == Booking.Status.CONFIRMED
    row = Message.objects.get(key=emails.message_key(booking.pk, "confirmation"))
    # The publish failed, so the claim lease was dropped for the next beat tick.
    assert (row.status, row.lease_until) == (Message.Status.PENDING, None)
    assert "could not queue" in result.stderr
    send_due()  # the broker is back: beat claims the row, a worker sends it
    assert [m.to for m in mailoutbox].count(["ann@example.com"]) == 1
