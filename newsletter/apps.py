from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Newsletter"

    def ready(self):
        from articles import extensions
        from newsletter import admin, emails, plans, webhooks
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
            on_permanent_failure=emails.on_permanent_failure,
        )
        webhooks.connect()
