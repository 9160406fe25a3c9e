# Two commands for a new user: `make demo` and `make test`. Each creates or
# updates .venv itself and skips the install when pyproject.toml is unchanged.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
BOOK_FLAGS := -W -n --keep-going

.PHONY: demo test lab book venv clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python >= 3.10 is required" if sys.version_info < (3, 10) else 0)'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

venv: $(STAMP)

demo: venv
	$(PY) -m kit demo --out out/demo
	$(PY) -m kit cohort datasets/trainees --out out/cohort
	$(MAKE) --no-print-directory book
	@echo
	@echo "Executed notebooks: out/demo/  (open the .html files in a browser)"
	@echo "Cohort dashboard:   out/cohort/dashboard.html  (every sample trainee file, every stage)"
	@echo "Book:               book/_build/html/index.html"

book: venv
	$(VENV)/bin/jupyter-book build book $(BOOK_FLAGS)

# pytest's exit code 5 ("no tests collected") is non-zero, so make fails on it.
test: venv
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

# JupyterLab reads overrides from the venv: no news or update pop-ups in class.
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json
$(LAB_OVERRIDES): workshops/.jupyterlab-overrides.json $(STAMP)
	@mkdir -p $(dir $@)
	cp $< $@

lab: venv $(LAB_OVERRIDES)
	$(VENV)/bin/jupyter lab --ServerApp.ip=127.0.0.1 --no-browser --notebook-dir=workshops $(if $(filter 0,$(shell id -u)),--allow-root,)

clean:
	rm -rf out book/_build
