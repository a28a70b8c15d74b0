from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Newsletter"

    def ready(self):
        from newsletter import emails, webhooks
        from outbox import builders

        builders.register(
            "newsletter.",
            build=emails.build,
            on_permanent_failure=emails.on_permanent_failure,
            describe=emails.describe,
            record=emails.record,
        )
        webhooks.connect()
