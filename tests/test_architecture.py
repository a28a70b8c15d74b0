"""Apps point one way (STYLE §11), and the project uses no one else's private names.

Read from the source with `ast`, imports inside functions included: a lazy
import is still a dependency. The layers, lowest first:

    coaching (site-wide), outbox  <  articles  <  bookings  <  newsletter
    coaching (site-wide), outbox  <  calendars  <  bookings

An app below offers a registry that apps above fill in AppConfig.ready()
(`outbox.builders`, `bookings.client_parts`) instead of importing them.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("articles", "bookings", "calendars", "coaching", "newsletter", "outbox")


def _modules(app: str, *, except_files: tuple[str, ...] = ()):
    for path in sorted((ROOT / app).rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative not in except_files:
            yield relative, ast.parse(path.read_text(), filename=relative)


def _imported(tree: ast.AST):
    """Every absolute module name the tree imports, with its line."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module, node.lineno
            for alias in node.names:
                yield f"{node.module}.{alias.name}", node.lineno


def imports_of(app: str, forbidden: tuple[str, ...], **kwargs) -> list[str]:
    """`file:line module` for every import of a forbidden app from `app`."""
    found = []
    for relative, tree in _modules(app, **kwargs):
        for module, line in _imported(tree):
            if module.split(".")[0] in forbidden:
                found.append(f"{relative}:{line} {module}")
    return sorted(set(found))


def test_outbox_imports_no_app():
    others = tuple(app for app in APPS if app != "outbox")

    assert imports_of("outbox", others) == []


def test_articles_imports_neither_bookings_nor_newsletter():
    assert imports_of("articles", ("bookings", "newsletter")) == []


def test_calendars_imports_no_app_above_it():
    # Her calendars sit below bookings: bookings asks them, and hears of
    # changed busy times through calendars.signals.
    assert imports_of("calendars", ("articles", "bookings", "newsletter")) == []


def test_bookings_does_not_import_newsletter():
    assert imports_of("bookings", ("newsletter",)) == []


def test_coaching_imports_no_app_outside_its_pages_urls_and_admin_site():
    allowed = (
        "coaching/urls.py",
        "coaching/views.py",
        "coaching/admin.py",
        "coaching/admin_site.py",
    )

    found = imports_of(
        "coaching", ("articles", "bookings", "newsletter"), except_files=allowed
    )

    assert found == []


def test_newsletter_takes_from_bookings_only_what_it_shares():
    # Her client record (the model its subscriber points to) and the registry
    # through which it adds its part to her booking, export and erasure.
    shared = ("bookings.models", "bookings.client_parts")
    found = [
        entry
        for entry in imports_of(
            "newsletter", ("bookings",), except_files=("newsletter/admin.py",)
        )
        if not entry.split()[1].startswith(shared)
        and entry.split()[1] not in ("bookings",)
    ]

    assert found == []


def test_no_private_name_is_imported_from_another_package():
    found = []
    for app in APPS:
        for relative, tree in _modules(app):
            for node in ast.walk(tree):
                if not isinstance(node, ast.ImportFrom) or node.level:
                    continue
                if (node.module or "").split(".")[0] in APPS:
                    continue
                private = [a.name for a in node.names if a.name.startswith("_")]
                found += [f"{relative}:{node.lineno} {name}" for name in private]

    assert found == []
