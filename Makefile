# Sales prospecting kit — the commands people expect.
#   make lab        open the course in JupyterLab (creates/reuses .venv)
#   make test       run every test (what CI runs)
# Everything below creates or reuses the project's virtual environment first.

# the first interpreter that really runs and is 3.11+ (pyenv shims may exist for inactive versions)
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11 python; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && command -v $$p && break; done)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export COURSE_PROGRESS_DB ?= $(HOME)/.course/progress.sqlite
export PYTHONHASHSEED := 0

.PHONY: help venv lab test test-fast lint format notebooks workbook data bench report clean hub hub-install hub-test hub-sweep sandbox

help:
	@echo "make lab        open the course in JupyterLab on the bundled data (LANG=zh: menus in Chinese)"
	@echo "make test       run the whole test suite (unit, notebooks, workbooks)"
	@echo "make notebooks  rebuild and re-execute the course notebooks (en + zh)"
	@echo "make workbook   regenerate trainee workbooks from the solution sources"
	@echo "make data       regenerate datasets/ from the seeded generator"
	@echo "make report     the prospect report on the bundled data (report.html)"
	@echo "make slides     reveal.js decks per chapter and language (build/slides/)"
	@echo "make test-browser  only the real-browser test of the course"
	@echo "make sandbox    install and check the grading sandbox (Debian's bubblewrap)"
	@echo "make bench      run the benchmarks and print their figures"
	@echo "make lint       ruff check + format check"
	@echo "make hub        the class's JupyterHub on 127.0.0.1:8000 (as root; a demo class if none yet)"
	@echo "make hub-test N=30  the classroom simulation: N trainees through the hub, graded, all removed after"

# the kit's `jupyter nbconvert --to html` shows each widget's still offline (course/exports.py)
NBCONVERT_CFG := $(VENV)/etc/jupyter/jupyter_nbconvert_config.json

venv: $(STAMP) $(NBCONVERT_CFG)

$(NBCONVERT_CFG): lab/config/jupyter_nbconvert_config.json $(STAMP)
	@mkdir -p $(dir $@)
	cp $< $@

$(STAMP): requirements.txt pyproject.toml deploy/pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed: install it, or run make PYTHON=/path/to/python3.11"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@# uv (from PyPI) installs the same versions as pip (checked: identical `pip freeze`) in ~20 s instead of
	@# ~80 s, bytecode compiled on both cores; pip does it when uv cannot be had or fails (a pip-only mirror)
	@if $(PY) -m pip install --quiet --disable-pip-version-check uv >/dev/null 2>&1 \
		&& $(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY) -r requirements.txt; then \
		echo "installed the requirements with uv"; \
	else \
		echo "uv is not available here: installing the requirements with pip (a minute or two)"; \
		$(PY) -m pip install --quiet --upgrade pip && $(PY) -m pip install --quiet -r requirements.txt; \
	fi
	@# rfc3987-syntax (pulled in by jupyter-events) adds ~1.3 s to every nbformat import; nothing here needs it
	-@$(PY) -m pip uninstall --quiet --yes rfc3987-syntax >/dev/null 2>&1
	@touch $(STAMP)

# make lab: English interface; make lab LANG=zh: JupyterLab's own menus in Chinese too (language pack).
#   lab/<en|zh>/overrides.json: no news pop-up, no update check, Markdown opens as a preview (START.md
#   starts no kernel), the interface language. lab/config/custom/custom.css marks each tab EN / 中文.
#   Your own JupyterLab settings and workspaces stay where they are.
LAB_LANG := $(if $(filter zh zh_% zh-% cn,$(LANG)),zh,en)
USER_JUPYTER := $(or $(JUPYTER_CONFIG_DIR),$(HOME)/.jupyter)
lab: $(STAMP) $(NBCONVERT_CFG)
	JUPYTER_CONFIG_DIR=$(CURDIR)/lab/config \
	JUPYTERLAB_SETTINGS_DIR=$(or $(JUPYTERLAB_SETTINGS_DIR),$(USER_JUPYTER)/lab/user-settings) \
	JUPYTERLAB_WORKSPACES_DIR=$(or $(JUPYTERLAB_WORKSPACES_DIR),$(USER_JUPYTER)/lab/workspaces) \
	LANG=C.UTF-8 \
	$(VENV)/bin/jupyter lab notebooks/START.md $(if $(filter 0,$(shell id -u)),--allow-root,) \
		--ServerApp.root_dir=$(CURDIR) --LabApp.app_settings_dir=$(CURDIR)/lab/$(LAB_LANG) --LabApp.custom_css=True \
		--LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate

# The kit's own modules are compiled once and the bytecode kept (__pycache__/, git-ignored), even where
# PYTHONDONTWRITEBYTECODE is set: otherwise every test worker, kernel and grader recompiles them (and
# pytest rewrites every test module again: measured 10.8 s instead of 3.5 s of CPU to collect the tests).
test test-suite test-side test-browser test-fast: export PYTHONDONTWRITEBYTECODE =

test: $(STAMP) $(NBCONVERT_CFG)
	@# the grading sandbox (bubblewrap): installed when missing (apt-get, as root), else its tests skip saying why
	-@COURSE_PROGRESS_DB=off $(PY) -m course.grading.sandbox
	COURSE_PROGRESS_DB=off $(PY) -m ruff check .
	@# the hub tests run trainees' servers from a shared installation every account can read: their fixture
	@# installs or refreshes it (first time ~1 min, mostly waiting on downloads) while the other tests run
	@if [ "$$(id -u)" != 0 ]; then echo "not root: the classroom hub tests (tests/hub) will be skipped"; fi
	@# Two jobs side by side (their outputs are not mixed: each command's output comes when it ends):
	@#   1. the unit tests + strict nbval of the course notebooks (the longest part);
	@#   2. the course in a real browser (JupyterLab + Debian's Chromium), then the workbooks (nbval-lax).
	@#      Side by side, each fills the other's waits: both cores stay busy (vmstat: 0-2 % idle) and the
	@#      whole takes the CPU time of both, not the sum of their times alone.
	@echo "the suite and the browser test run side by side; each one's output shows when it ends"
	@$(MAKE) --no-print-directory -j2 --output-sync=line test-suite test-side

# --no-loadscope-reorder: files go out in collection order, the slowest first (tests/conftest.py)
test-suite: $(STAMP) $(NBCONVERT_CFG)
	COURSE_PROGRESS_DB=off $(PY) -m pytest -n 2 --dist loadfile --no-loadscope-reorder -p no:cacheprovider \
		tests \
		--nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg notebooks/en notebooks/zh

# the workbooks run even when the browser test failed; the job fails if either did
test-side: $(STAMP) $(NBCONVERT_CFG)
	COURSE_PROGRESS_DB=off $(PY) -m pytest -p no:cacheprovider -q -rs tests/browser; browser=$$?; \
	COURSE_PROGRESS_DB=off $(PY) -m pytest -n 2 --dist loadfile -p no:cacheprovider -q \
		--nbval-lax --nbval-current-env workbook/en workbook/zh && exit $$browser

.PHONY: slides test-browser test-suite test-side

# the grading sandbox: Debian's bubblewrap, installed with apt-get when missing (as root); says exactly what is wrong otherwise
sandbox: $(STAMP)
	COURSE_PROGRESS_DB=off $(PY) -m course.grading.sandbox

# reveal.js decks per chapter and language in build/slides/<lang>/ (reveal.js vendored from npm, works offline);
#   make slides CHAPTERS="01 02" for some chapters only
slides: $(STAMP)
	COURSE_PROGRESS_DB=off $(PY) -m course.slides $(CHAPTERS)

# only the real-browser test: installs Debian's chromium and playwright when missing; screenshots in tests/artifacts/browser/
test-browser: $(STAMP) $(NBCONVERT_CFG)
	COURSE_PROGRESS_DB=off $(PY) -m pytest -p no:cacheprovider -v -rs tests/browser

test-fast: $(STAMP)
	COURSE_PROGRESS_DB=off $(PY) -m pytest -n 2 --dist loadfile -m "not slow" tests

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check course tests benchmarks datasets deploy

format: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format course tests benchmarks datasets deploy

# ---- the classroom hub (deploy/, deploy/README.md); as root
# the kit once for every trainee account, in the class settings' hub.prefix (/opt/course-hub)
hub-install: $(STAMP)
	$(PY) -m course_hub install

# the hub on the loopback address of deploy/class.yaml; with no accounts yet, a demo class (codes printed)
hub: hub-install
	$(PY) -m course_hub run --demo

# the classroom simulation: N trainees through the hub (REST + kernel websockets), graded, everything removed
N ?= 30
hub-test: $(STAMP)
	$(PY) -m course_hub simulate --trainees $(N) --prefix dev

# remove what an interrupted simulation left behind (accounts, homes, processes of its manifest only)
hub-sweep: $(STAMP)
	$(PY) -m course_hub sweep

notebooks: $(STAMP)
	COURSE_PROGRESS_DB=off $(PY) -m course build notebooks

workbook: $(STAMP)
	COURSE_PROGRESS_DB=off $(PY) -m course build workbook

report: $(STAMP)
	COURSE_PROGRESS_DB=off $(PY) -m course report --out report.html

data: $(STAMP)
	$(PY) datasets/generate.py --out datasets

bench: $(STAMP)
	COURSE_PROGRESS_DB=off $(PY) benchmarks/bench_ch01.py
	COURSE_PROGRESS_DB=off $(PY) benchmarks/bench_ch04.py
	COURSE_PROGRESS_DB=off $(PY) benchmarks/bench_ch07.py
	COURSE_PROGRESS_DB=off $(PY) benchmarks/bench_grading.py
	COURSE_PROGRESS_DB=off $(PY) benchmarks/bench_report.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info
