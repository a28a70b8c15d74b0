from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Newsletter"

    def ready(self):
        from bookings import client_parts
        from newsletter import emails, webhooks
        from newsletter.services import privacy, subscriptions
        from outbox import builders

        builders.register(
            "newsletter.",
            build=emails.build,
            on_permanent_failure=subscriptions.leave_after_refusal,
        )
        # Her subscription is part of her client record's booking, export and
        # erasure; bookings runs these parts without knowing the newsletter.
        client_parts.register(
            "newsletter",
            export=privacy.export_client_subscription,
            erase=privacy.erase_client_subscription,
            on_booking=subscriptions.subscribe_from_booking,
        )
        webhooks.connect()
