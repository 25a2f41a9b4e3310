# incident-mapper: `make demo` maps the example reports, `make test` runs the whole suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The package is byte-compiled after its editable install, as a regular install compiles it
# (where PYTHONDONTWRITEBYTECODE is set, every start would compile each module again).
$(VENV)/.installed-runtime: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	$(BIN)/python -m compileall -q mapper gazetteer
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[test]'
	$(BIN)/python -m compileall -q mapper gazetteer
	@touch $@ $(VENV)/.installed-runtime

demo: $(VENV)/.installed-runtime
	$(BIN)/incident-mapper map examples/*.md examples/*.txt examples/*.html -o outputs/demo --format geojson --format html --format csv --title "incident-mapper demo: example reports"
	@echo
	@echo "map:       $(CURDIR)/outputs/demo/map.html"
	@echo "incidents: $(CURDIR)/outputs/demo/incidents.geojson"

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q

lint: $(VENV)/.installed-test
	$(BIN)/ruff check mapper gazetteer tests benchmarks tools

bench: $(VENV)/.installed-test
	$(BIN)/python -m compileall -q mapper gazetteer
	for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) outputs/demo .pytest_cache
