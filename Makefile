# Two commands on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
INSTALLED := $(VENV)/.installed

.PHONY: install run test lint bench clean

$(INSTALLED): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(INSTALLED)

# axe-core for the accessibility browser tests, from the npm registry, pinned in
# package-lock.json. Without npm the install goes on and those tests skip (fail
# with REQUIRE_SERVICES=1).
AXE := node_modules/axe-core/axe.min.js
$(AXE): package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $(AXE); \
	else \
		echo "npm not found: the accessibility tests will skip"; \
	fi

install: $(INSTALLED) $(AXE)

run: install
	bin/run

lint: install
	$(VENV)/bin/ruff check .

test: install lint
	$(VENV)/bin/pytest

bench: install
	$(VENV)/bin/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) var node_modules
