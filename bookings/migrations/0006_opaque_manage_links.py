"""Manage links become a random key kept on each booking; old signed links stop."""

import secrets

from django.db import migrations, models

import bookings.models.bookings


def give_every_booking_a_key(apps, schema_editor):
    Booking = apps.get_model("bookings", "Booking")
    for booking in Booking.objects.filter(manage_key__isnull=True).only("pk"):
        booking.manage_key = secrets.token_urlsafe(24)
        booking.save(update_fields=["manage_key"])


class Migration(migrations.Migration):
    dependencies = [("bookings", "0005_name_and_phone_on_one_line")]

    operations = [
        migrations.AddField(
            model_name="booking",
            name="manage_key",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(give_every_booking_a_key, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="booking",
            name="manage_key",
            field=models.CharField(
                default=bookings.models.bookings.new_manage_key,
                editable=False,
                max_length=64,
                unique=True,
            ),
        ),
        migrations.RemoveField(model_name="booking", name="token_version"),
    ]
