"""Local folders the embedded defaults write to, made by the processes that write.

Settings only name these folders: importing them changes nothing on disk (a
`check`, a linter or a test collecting settings leaves no trace). Each folder is
made where it is first needed:

- the SQLite database's folder (`var/` by default), when Django starts
  (`CoachingConfig.ready`), before any connection opens the file;
- the file-system broker's folders (`var/celery/`), when the Celery app reads
  its configuration (`coaching/celery.py`), before a web process publishes a
  task or a worker or beat starts;
- `var/mail/` by the .eml mail backend when it writes, `var/cache/` by Django's
  file cache, `var/imports/` by the importer when it saves an upload.
"""

from pathlib import Path

SQLITE = "django.db.backends.sqlite3"


def _file_path(name) -> Path | None:
    text = str(name or "")
    if not text or text == ":memory:" or text.startswith("file:"):
        return None
    return Path(text)


def make_database_folders(databases: dict) -> None:
    """Make the folder of every SQLite database file (and of its test copy)."""
    for database in databases.values():
        if database.get("ENGINE") != SQLITE:
            continue
        test_name = (database.get("TEST") or {}).get("NAME")
        for name in (database.get("NAME"), test_name):
            if path := _file_path(name):
                path.parent.mkdir(parents=True, exist_ok=True)


def make_broker_folders(transport_options: dict) -> None:
    """Make the folders of Kombu's file-system transport (it expects them)."""
    for key in ("data_folder_in", "data_folder_out", "control_folder"):
        if folder := transport_options.get(key):
            Path(folder).mkdir(parents=True, exist_ok=True)
