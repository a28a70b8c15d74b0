# Two commands on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
INSTALLED := $(VENV)/.installed

.PHONY: install run test lint bench clean

$(INSTALLED): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(INSTALLED)

# From the npm registry, pinned in package-lock.json: the post editor's libraries
# (EasyMDE, turndown; served by the site through STATICFILES_DIRS) and axe-core
# for the accessibility browser tests. Without npm the install goes on: the post
# body stays a plain Markdown box and those tests skip (fail with
# REQUIRE_SERVICES=1).
AXE := node_modules/axe-core/axe.min.js
$(AXE): package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $(AXE); \
	else \
		echo "npm not found: no post editor (plain text box); the accessibility tests will skip"; \
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
