from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = "Consult calls and clients"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from bookings import emails
        from bookings.models import Booking, ConsultSettings, TimeOff, WeeklyWindow
        from bookings.times_cache import bump_calendar_version
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
