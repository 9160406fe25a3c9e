# Two commands for a new user: `make demo` and `make test`. Each creates or
# updates .venv itself and skips the install when pyproject.toml is unchanged.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
BOOK_FLAGS := -W -n --keep-going

.PHONY: demo test lab app book book-trainer book-pdf venv vendor hub clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python >= 3.10 is required" if sys.version_info < (3, 10) else 0)'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,hub]'
	@touch $(STAMP)

venv: $(STAMP)

# The book's offline assets (MathJax, widget scripts) from npm, once.
VENDOR := book/_vendor/mathjax/tex-chtml.js
$(VENDOR): book/vendor/package-lock.json book/vendor.py | $(STAMP)
	$(PY) book/vendor.py
	@touch $@

vendor: $(VENDOR)

# configurable-http-proxy for JupyterHub (deploy/jupyterhub/), from npm into the venv, once.
HUB_PROXY := $(VENV)/hub-npm/node_modules/.bin/configurable-http-proxy
$(HUB_PROXY): deploy/jupyterhub/proxy/package-lock.json | $(STAMP)
	@command -v npm >/dev/null || { echo "npm is needed once (Debian: apt-get install npm)"; exit 1; }
	@mkdir -p $(VENV)/hub-npm
	cp deploy/jupyterhub/proxy/package.json deploy/jupyterhub/proxy/package-lock.json $(VENV)/hub-npm/
	cd $(VENV)/hub-npm && npm ci --no-audit --no-fund --silent
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

# pytest's exit code 5 ("no tests collected") is non-zero, so make fails on it.
test: venv vendor hub
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

# JupyterLab reads overrides from the venv: no news or update pop-ups in class.
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json
$(LAB_OVERRIDES): workshops/.jupyterlab-overrides.json $(STAMP)
	@mkdir -p $(dir $@)
	cp $< $@

lab: venv $(LAB_OVERRIDES)
	$(VENV)/bin/jupyter lab --ServerApp.ip=127.0.0.1 --no-browser --notebook-dir=workshops $(if $(filter 0,$(shell id -u)),--allow-root,)

# A stage as a no-code web app (Voila) on 127.0.0.1: `make app STAGE=2`.
STAGE ?= 1
app: venv
	$(PY) -m kit app $(STAGE)

clean:
	rm -rf out book/_build
