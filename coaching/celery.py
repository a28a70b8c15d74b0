"""The Celery app: configured from the `CELERY_`-prefixed Django settings."""

import os

from celery import Celery

from coaching.folders import make_broker_folders

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coaching.settings")

app = Celery("coaching")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _make_broker_folders(sender, **kwargs):
    """The file-system broker's folders, before the first task is published or
    a worker starts (a web process publishes too)."""
    if str(sender.conf.broker_url or "").startswith("filesystem://"):
        make_broker_folders(sender.conf.broker_transport_options or {})
