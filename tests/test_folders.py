"""Settings name the local folders; the processes that write there make them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import os, sys
from pathlib import Path
import django
from django.conf import settings

broker, database = Path(sys.argv[1]), Path(sys.argv[2])
settings.DEBUG  # imports the settings module
print("after settings:", broker.exists(), database.parent.exists())
django.setup()
print("after start-up:", database.parent.exists())
from coaching.celery import app
app.connection_for_write().release()  # as the first published task does
print("after celery:", (broker / "queue").is_dir(), (broker / "control").is_dir())
"""


def _run(tmp_path):
    broker = tmp_path / "celery"
    database = tmp_path / "db" / "site.sqlite3"
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="coaching.settings",
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{database}",
        CELERY_BROKER_URL="filesystem://",
        CELERY_FILE_BROKER_DIR=str(broker),
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(broker), str(database)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_importing_settings_makes_no_folder_and_start_up_makes_them(tmp_path):
    assert _run(tmp_path) == [
        "after settings: False False",
        "after start-up: True",
        "after celery: True True",
    ]


def test_site_name_is_read_once():
    source = (ROOT / "coaching" / "settings.py").read_text()

    assert source.count('"SITE_NAME"') == 1
