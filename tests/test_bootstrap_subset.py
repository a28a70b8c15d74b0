"""The site loads only the Bootstrap rules it uses, and that file is current."""

from pathlib import Path

import pytest

pytest.importorskip("tinycss2")

import bootstrap  # noqa: E402

from bin.bootstrap_subset import OUTPUT, build  # noqa: E402

BASE_DIR = Path(__file__).resolve().parent.parent
FULL = Path(bootstrap.__file__).parent / "static/bootstrap/css/bootstrap.min.css"


def test_bootstrap_subset_is_current_with_the_templates():
    assert OUTPUT.read_text() == build(), "run .venv/bin/python bin/bootstrap_subset.py"


def test_bootstrap_subset_keeps_what_pages_use_and_is_a_fraction_of_the_whole():
    css = OUTPUT.read_text()

    for selector in (".btn-primary", ".form-control", ".visually-hidden-focusable"):
        assert selector in css
    assert ".carousel" not in css and ".dropdown-menu" not in css
    assert len(css) < FULL.stat().st_size / 4


def test_pages_load_the_subset_not_the_whole_of_bootstrap():
    for name in ("base.html", "errors/plain.html"):
        html = (BASE_DIR / "templates" / name).read_text()
        assert "css/bootstrap.site.css" in html
        assert "bootstrap.min.css" not in html
