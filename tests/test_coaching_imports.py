"""Site infrastructure does not know the apps above it."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The site-wide pages, the URL map and the admin site may use the apps.
ALLOWED = {"urls.py", "views.py", "admin_site.py"}
APPS_ABOVE = ("articles", "bookings", "newsletter")


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def test_coaching_imports_no_app_outside_its_pages_urls_and_admin_site():
    wrong = {
        f"{path.relative_to(ROOT)}: {module}"
        for path in (ROOT / "coaching").rglob("*.py")
        if path.name not in ALLOWED or path.parent.name != "coaching"
        for module in imported_modules(path)
        if module.split(".")[0] in APPS_ABOVE
    }

    assert wrong == set()
