from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Newsletter"

    def ready(self):
        from articles import extensions
        from bookings import client_parts
        from newsletter import admin, emails, plans, webhooks
        from newsletter.services import privacy, subscriptions
        from outbox import builders

        extensions.register_mailing(plan=plans.email_plan, sent=plans.emailed)
        extensions.register_post_admin_part(
            title="Newsletter",
            lines=[admin.newsletter_send],
            actions=[admin.send_test_to_me],
        )
        builders.register(
            "newsletter.",
            build=emails.build,
            on_permanent_failure=subscriptions.leave_after_refusal,
            describe=emails.describe,
            record=emails.record,
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
        # Her subscription shows on her client record page, which bookings owns.
        admin.add_to_client_record()
