from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = "Site"

    def ready(self):
        from coaching import checks  # noqa: F401  (registers the system checks)
