"""Calendar events per chain of moves, reminder hours; sent-at stamps go (the
outbox keeps every message now)."""

import uuid

from django.db import migrations, models

import bookings.models.availability
import bookings.models.bookings


def fill_calendar_uids(apps, schema_editor):
    """Each chain of moved calls shares its first booking's event UID."""
    Booking = apps.get_model("bookings", "Booking")
    uids: dict[int, str] = {}
    sequences: dict[int, int] = {}
    for booking in Booking.objects.order_by("pk").only("pk", "rescheduled_from_id"):
        parent = booking.rescheduled_from_id
        if parent in uids:
            uids[booking.pk] = uids[parent]
            sequences[booking.pk] = sequences[parent] + 1
        else:
            uids[booking.pk] = uuid.uuid4().hex
            sequences[booking.pk] = 0
        Booking.objects.filter(pk=booking.pk).update(
            calendar_uid=uids[booking.pk], calendar_sequence=sequences[booking.pk]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0007_one_booking_per_form"),
    ]

    operations = [
        migrations.RemoveField(model_name="booking", name="confirmation_sent_at"),
        migrations.RemoveField(model_name="booking", name="reminder_sent_at"),
        migrations.AddField(
            model_name="booking",
            name="calendar_uid",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="booking",
            name="calendar_sequence",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(fill_calendar_uids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="booking",
            name="calendar_uid",
            field=models.CharField(
                default=bookings.models.bookings.new_calendar_uid,
                editable=False,
                max_length=64,
            ),
        ),
        migrations.AddField(
            model_name="consultsettings",
            name="reminder_hours",
            field=models.CharField(
                blank=True,
                default="24, 1",
                help_text="Whole hours, separated by commas: “24, 1” sends one "
                "reminder a day before and one an hour before. Leave empty for no "
                "reminders.",
                max_length=40,
                validators=[bookings.models.availability.validate_reminder_hours],
                verbose_name="send reminders (hours before the call)",
            ),
        ),
    ]
