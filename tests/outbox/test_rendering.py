"""Every app's emails are rendered from three templates by one helper."""

from django.core.mail import EmailMultiAlternatives

from outbox.rendering import render_message


def test_render_message_reads_the_three_templates_and_folds_the_subject():
    email = render_message(
        "newsletter/email/confirm",
        {"SITE_NAME": "Thrive with MS", "confirm_url": "https://x.example/c/"},
        to=["ann@example.com"],
        reply_to=["coach@example.com"],
    )

    assert isinstance(email, EmailMultiAlternatives)
    assert "\n" not in email.subject and email.subject == email.subject.strip()
    assert "https://x.example/c/" in email.body
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    assert "https://x.example/c/" in html
    assert email.to == ["ann@example.com"]
    assert email.reply_to == ["coach@example.com"]
