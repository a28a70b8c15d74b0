from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = "Consult calls and clients"

    def ready(self):
        from bookings import emails
        from outbox import builders

        builders.register(emails.KIND_PREFIX, build=emails.build)
