"""Development mail backend: every message becomes one `.eml` file."""

import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class EmlFileBackend(BaseEmailBackend):
    """Write each message to its own file in `file_path`, readable in any mail app."""

    def __init__(self, *, file_path, **kwargs):
        super().__init__(**kwargs)
        self.file_path = Path(file_path)

    def send_messages(self, email_messages):
        self.file_path.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            target = self.file_path / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
            target.write_bytes(message.message().as_bytes())
            sent += 1
        return sent
