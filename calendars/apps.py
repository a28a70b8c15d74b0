from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "calendars"
    verbose_name = "The coach's own calendars"

    def ready(self):
        from calendars import checks, emails  # noqa: F401 (registers the deploy check)
        from outbox import builders

        builders.register(emails.KIND_PREFIX, build=emails.build)
