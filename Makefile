# The two commands the README promises: `make demo` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: bootstrap install install-dev demo test lock bench lint

$(BIN)/python:
	$(PY) -m venv $(VENV)

# The installer first, from its own hash-locked pin, so the locks below never meet a pip that
# reads them differently (the venv's bundled pip is whatever the Python release shipped).
bootstrap: $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-bootstrap.lock

# Hash-locked: pip refuses any file whose sha256 is not in the lock.
install: bootstrap
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .

install-dev: bootstrap
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

# Regenerate the locks (requirements-bootstrap.lock, the installer, is pinned by hand: `pip download
# --no-deps pip==X` for the wheel and with `--no-binary :all:` for the sdist, then `pip hash` each); only the wheel of the spaCy pipeline is allowed (its sdist hash is dropped).
lock:
	uv pip compile -q --generate-hashes --python-version 3.11 requirements.in -o requirements.lock
	uv pip compile -q --generate-hashes --python-version 3.11 requirements-dev.in -o requirements-dev.lock
	sed -i '/f237882f9c6ff55334232036e0d07a9d995564dafbed53a7898b935297df7c2e/d' requirements.lock requirements-dev.lock
	sed -i 's/^\(    --hash=sha256:e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779\) \\$$/\1/' requirements.lock requirements-dev.lock
