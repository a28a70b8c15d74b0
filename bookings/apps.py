from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = "Consult calls and clients"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from bookings import emails
        from bookings.models import Booking, ConsultSettings, TimeOff, WeeklyWindow
        from bookings.times_cache import bump_calendar_version
        from calendars.signals import busy_times_changed
        from outbox import builders

        builders.register(
            emails.KIND_PREFIX,
            build=emails.build,
            describe=emails.describe,
            record=emails.record,
        )
        # Cache invalidation, not domain logic: any row the free times come from.
        for model in (Booking, ConsultSettings, TimeOff, WeeklyWindow):
            for signal in (post_save, post_delete):
                signal.connect(bump_calendar_version, sender=model, weak=False)
        # Her own calendars' busy times changed (a sync, a calendar added or removed).
        busy_times_changed.connect(bump_calendar_version, weak=False)
