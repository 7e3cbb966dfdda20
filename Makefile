# Two entry points, see README:
#   make serve  — install into .venv and node_modules, build the site, serve it locally
#   make test   — install test tools (Debian's Chromium, poppler-utils, zbar-tools and Java included) and run the whole suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: serve build check test install install-test chromium clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt requirements.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

install-test: install $(VENV)/.installed-test chromium

chromium:
	@sh scripts/install-chromium.sh

build: install
	$(PY) generator.py build

check: install
	$(PY) generator.py check

serve: build
	$(PY) generator.py serve --no-build --port $(PORT)

test: install-test
	$(PY) -m pytest -q

clean:
	rm -rf build
