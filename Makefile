# Casefile: `make run` opens the app, `make test` runs the whole test suite headless.
# Both install whatever is missing first (system packages, then a virtual environment).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.casefile-installed

.PHONY: run test setup system venv screenshots translations bundle clean-venv

run: setup
	$(PY) main.py

test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

setup: system venv

system:
	@scripts/setup-system.sh

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Casefile needs Python 3.11 or newer (found: $$($(PYTHON) --version))"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install -q --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

screenshots: setup
	xvfb-run -a $(PY) scripts/screenshot.py
	xvfb-run -a -s "-screen 0 1366x768x24" $(PY) scripts/sample_screenshots.py --out docs

# Translation sources for translators (Qt Linguist): every tr()/translate() string of the
# window. Then `make translations` again after the code changes; .qm files are compiled next to
# them and loaded by the app for the person's language.
TS_FILES := translations/casefile_th.ts translations/casefile_my.ts
translations: setup
	@mkdir -p translations
	$(VENV)/bin/pyside6-lupdate ui/*.py -target-language th_TH -ts translations/casefile_th.ts
	$(VENV)/bin/pyside6-lupdate ui/*.py -target-language my_MM -ts translations/casefile_my.ts
	$(VENV)/bin/pyside6-lrelease $(TS_FILES)

# A standalone application folder, dist/Casefile/, that runs without Python (Tesseract stays
# a system program). scripts/check-bundle.sh proves it starts from a copy outside the repo.
bundle: setup
	$(PY) -m pip install -q --disable-pip-version-check -e '.[bundle]'
	-$(VENV)/bin/pyside6-lrelease translations/*.ts
	$(VENV)/bin/pyinstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller \
	  packaging/casefile.spec
	@du -sh dist/Casefile

clean-venv:
	rm -rf $(VENV)
