"""An in-process SMTP server (aiosmtpd) for tests: accepts or refuses per address."""

import email
import email.policy
import socket
import threading
from collections import Counter

from aiosmtpd.controller import Controller

REPLIES = {
    "temp": "450 4.2.1 Mailbox busy, try again later",
    "perm": "550 5.1.1 Mailbox does not exist",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpServer:
    """Counts messages per recipient; `set_mode(address, "accept"|"temp"|"perm")`."""

    def __init__(self):
        self.port = free_port()
        self.modes: dict[str, str] = {}
        self.received: Counter[str] = Counter()
        self.messages: list[email.message.EmailMessage] = []
        self._lock = threading.Lock()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def start(self):
        self._controller.start()

    def stop(self):
        self._controller.stop()

    def set_mode(self, address: str, mode: str) -> None:
        assert mode in ("accept", "temp", "perm")
        self.modes[address.lower()] = mode

    def count(self, address: str) -> int:
        with self._lock:
            return self.received[address.lower()]

    def mailer(self) -> dict:
        """A MAILERS entry that sends here."""
        return {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 5},
        }

    # aiosmtpd handler hooks (run in the server's own thread).
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        mode = self.modes.get(address.lower(), "accept")
        if mode in REPLIES:
            return REPLIES[mode]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            for address in envelope.rcpt_tos:
                self.received[address.lower()] += 1
            self.messages.append(parsed)
        return "250 Message accepted for delivery"
