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
        self._add_to_client_record()

    def _add_to_client_record(self):
        # Her subscription shows on her client record, which bookings owns.
        from bookings.admin.record import add_record_part
        from newsletter import admin

        add_record_part(
            inline=admin.SubscriberInline,
            timeline=admin.subscription_timeline,
            erase_note=admin.ERASE_NOTE,
        )
