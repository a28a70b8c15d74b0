"""Run axe-core (installed from npm by `make install`) in a Playwright page."""

import json
import os
from pathlib import Path

import pytest

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js"


def axe_source() -> str:
    """The axe-core script, or a skip (a failure with REQUIRE_SERVICES=1)."""
    if not AXE_JS.exists():
        reason = "needs axe-core: run `make install` (npm ci)"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"REQUIRE_SERVICES=1 but this test {reason}", pytrace=False)
        pytest.skip(reason)
    return AXE_JS.read_text()


def axe_violations(page, source: str, *, enhanced_contrast: bool) -> list[str]:
    """Every axe violation on the page, one readable line per failing element."""
    # Evaluated through the DevTools protocol, so the site's CSP does not block it.
    page.evaluate(source)
    options = {"rules": {"color-contrast-enhanced": {"enabled": enhanced_contrast}}}
    result = page.evaluate(
        "options => axe.run(document, options)",
        {"resultTypes": ["violations"]} | options,
    )
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} "
        f"{json.dumps(node['failureSummary'])[:300]}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]
