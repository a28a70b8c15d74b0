"""The focus ring's colour: not the error red, and at least 3:1 on every surface."""

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).parent.parent / "static/css/site.css").read_text()


def _variable(name: str) -> str:
    return re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})", CSS).group(1)


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize(
    "surface", ["site-paper", "site-soft", "site-accent", "site-ink"]
)
def test_focus_colour_stands_out_on_every_surface(surface):
    assert _contrast(_variable("site-focus"), _variable(surface)) >= 3


def test_focus_colour_is_not_a_red():
    focus = _variable("site-focus")
    r, g, b = (int(focus[i : i + 2], 16) for i in (1, 3, 5))

    assert focus != _variable("site-error")
    assert r < max(g, b)
