from django.core.mail import EmailMultiAlternatives

from coaching.mail import EmlFileBackend


def test_eml_file_backend_writes_one_file_per_message(tmp_path):
    backend = EmlFileBackend(file_path=tmp_path)
    messages = [
        EmailMultiAlternatives(subject=f"Hello {n}", body="Body", to=["a@example.org"])
        for n in range(2)
    ]

    sent = backend.send_messages(messages)

    files = sorted(tmp_path.glob("*.eml"))
    assert sent == 2
    assert len(files) == 2
    assert "Subject: Hello" in files[0].read_text()


def test_newsletter_mailer_defaults_to_the_default_mailer():
    from coaching import settings as project_settings

    mailers = project_settings.MAILERS

    assert set(mailers) >= {"default", "newsletter"}
    assert mailers["newsletter"] == mailers["default"]


def test_mailer_from_an_smtp_url():
    from coaching.settings import _mailer

    mailer = _mailer("smtp+tls://user:secret@bulk.example.org:587")

    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"]["host"] == "bulk.example.org"
    assert mailer["OPTIONS"]["port"] == 587
    assert mailer["OPTIONS"]["use_tls"] is True


def test_outbox_streams_name_configured_mailers(settings):
    assert set(settings.OUTBOX_MAILERS.values()) <= set(settings.MAILERS)
