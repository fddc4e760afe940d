# The two commands a newcomer needs: `make demo` and `make test`.
VENV ?= .venv
PYTHON := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup browser redis archive demo test lint clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# The browser tests drive Debian's Chromium (MUTUALS_CHROMIUM points at another one).
browser:
	@command -v chromium >/dev/null || [ -n "$$MUTUALS_CHROMIUM" ] || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

# The distributed crawling test starts Debian's redis-server (MUTUALS_REDIS_SERVER points at another one).
redis:
	@command -v redis-server >/dev/null || [ -n "$$MUTUALS_REDIS_SERVER" ] || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null)

# Build archive.db from the recorded corpus (MUTUALS_CORPUS, MUTUALS_DB, MUTUALS_TOPIC).
archive: setup
	$(PYTHON) scripts/build

# Build, then serve it with Datasette on http://127.0.0.1:8001/.
demo: archive
	$(PYTHON) scripts/serve

test: setup browser redis
	$(VENV)/bin/ruff check .
	$(PYTHON) -m pytest

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) archive.db archive.db-wal archive.db-shm .pytest_cache
