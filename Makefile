# BHYTKit — `make demo` runs the main job on the samples; `make test` runs every test.
SWIFT ?= swift
PY := .venv/bin/python

.PHONY: deps build demo test test-swift test-interop bench clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

demo: build
	@scripts/demo.sh

test-swift: deps
	$(SWIFT) build
	$(SWIFT) test

test-interop: deps
	$(SWIFT) build
	BHYT=$$($(SWIFT) build --show-bin-path)/bhyt $(PY) -m pytest -q Tests/interop

test: test-swift test-interop

clean:
	rm -rf .build

# Benchmarks (not part of the tests): release build, peers in the same run, docs/PERFORMANCE.md.
bench: deps
	$(PY) scripts/bench.py
