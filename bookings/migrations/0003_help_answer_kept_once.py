"""A moved call's help answer lives on the booking that replaced it, not on both."""

from django.db import migrations


def keep_answer_once(apps, schema_editor):
    Booking = apps.get_model("bookings", "Booking")
    moved = Booking.objects.filter(rescheduled_to__isnull=False).exclude(help_with="")
    for old in moved.select_related("rescheduled_to").order_by("starts_at"):
        new = old.rescheduled_to
        if new.help_with and new.help_with != old.help_with:
            continue  # Edited since the move: not a copy, so both are kept.
        if not new.help_with:
            new.help_with = old.help_with
            new.save(update_fields=["help_with"])
        old.help_with = ""
        old.save(update_fields=["help_with"])


class Migration(migrations.Migration):
    dependencies = [("bookings", "0002_help_answer_optional")]

    operations = [migrations.RunPython(keep_answer_once, migrations.RunPython.noop)]
