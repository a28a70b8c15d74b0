"""A dummy builder for kinds starting with "test.", so the outbox is tested alone.

Loaded by the test process (fixture) and by real worker processes (the app
config below, through tests/worker_settings.py). The row's context drives it:
{"skip": "reason"} voids the row, {"fail_build": true} raises, and
{"pause_first_attempt": 30} sleeps on the first attempt (a worker to kill).
"""

import time

from django.apps import AppConfig
from django.core.mail import EmailMultiAlternatives

from outbox import builders

PREFIX = "test."
permanent_failures: list[tuple[int, str]] = []


def build(message):
    context = message.context
    if context.get("skip"):
        raise builders.Skip(context["skip"])
    if context.get("fail_build"):
        raise RuntimeError("builder broke")
    if context.get("pause_first_attempt") and message.attempts == 1:
        time.sleep(context["pause_first_attempt"])
    email = EmailMultiAlternatives(
        subject=f"Test message {message.pk}", body="Plain text body."
    )
    email.attach_alternative("<p>HTML body.</p>", "text/html")
    return email


def on_permanent_failure(message, error_text):
    permanent_failures.append((message.pk, error_text))


def register() -> None:
    builders.register(PREFIX, build=build, on_permanent_failure=on_permanent_failure)


class OutboxTestsConfig(AppConfig):
    """Registers the dummy builder in worker processes started by the tests."""

    name = "tests.outbox"
    label = "outbox_tests"

    def ready(self):
        register()
