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
