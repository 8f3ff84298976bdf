# BHYTKit — `make demo` runs the main job on the samples; `make test` runs every test.
SWIFT ?= swift
# A pipe fails when any command in it fails (swift test | tee).
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
PY := .venv/bin/python

.PHONY: deps build demo test test-swift docs test-sanitizers test-interop bench fuzz clean package

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

demo: build
	@scripts/demo.sh

test-swift: deps
	$(SWIFT) build
	$(SWIFT) test 2>&1 | tee .build/swift-test.log
	@grep -q "Suite ServiceRouterTests passed" .build/swift-test.log || { echo "the service's router tests did not run"; exit 1; }
	python3 scripts/check-docs.py
	mkdir -p .build/docc
	$(SWIFT) package generate-documentation --target BHYTVerifier --warnings-as-errors --output-path .build/docc/BHYTVerifier >/dev/null

# Examples/verify-card: a separate package on BHYTKit's public API (its own build folder).
EXAMPLE_BUILD := .build-example
test-interop: deps
	$(SWIFT) build
	$(SWIFT) build --package-path Examples/verify-card --scratch-path $(EXAMPLE_BUILD)
	BHYT=$$($(SWIFT) build --show-bin-path)/bhyt VERIFY_CARD=$(CURDIR)/$(EXAMPLE_BUILD)/debug/verify-card $(PY) -m pytest -q Tests/interop

# The concurrency tests under the thread sanitizer, the decoders under the address sanitizer
# (each in its own build folder; a data race or a memory error fails the run). Only the test
# product is built, without the service's router tests (BHYT_SANITIZER_BUILD=1, see Package.swift),
# so Hummingbird/NIO and HummingbirdTesting's HTTP client are not compiled three times.
TSAN_TESTS := ZlibTests|IdentityTests|CheckInRecordsTests|PipelineTests|CheckInLogTests|CardImageTests|VerifierTests|SoundnessTests|CardLayoutTests
ASAN_TESTS := CBORTests|COSETests|GenericCOSEAlgorithmTests|EncodingTests|FuzzCorpusTests|AdversarialTests|SoundnessTests|LegacyCodecTests|SignedCardTests|InputMethodTests|CardImageTests|CardJSONTests|ConformanceTests|JWSTests|SignedListTests|RevocationListTests|ListFilesTests
test-sanitizers: export BHYT_SANITIZER_BUILD = 1
test-sanitizers: deps
	$(SWIFT) build --product BHYTKitPackageTests --sanitize=thread --scratch-path .build-tsan
	TSAN_OPTIONS=halt_on_error=1 $(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan --filter '$(TSAN_TESTS)'
	$(SWIFT) build --product BHYTKitPackageTests --sanitize=address --scratch-path .build-asan
	ASAN_OPTIONS=detect_leaks=0:halt_on_error=1 $(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan --filter '$(ASAN_TESTS)'

test: test-swift test-sanitizers test-interop

# dist/bhyt_VERSION_amd64.deb (release build, Swift runtime linked statically; docs/INSTALL.md).
package: deps
	@scripts/package.sh

# The DocC documentation of the verification module (open .build/docc/BHYTVerifier).
docs: deps
	mkdir -p .build/docc
	$(SWIFT) package generate-documentation --target BHYTVerifier --output-path .build/docc/BHYTVerifier

clean:
	rm -rf .build .build-tsan .build-asan .build-example dist

# Benchmarks (not part of the tests): release build, peers in the same run, docs/PERFORMANCE.md.
bench: deps
	$(PY) scripts/bench.py

# Fuzzing (not part of the tests): every target for FUZZ_SECONDS (default 60) from the
# committed seeds; new inputs go to .build-fuzz/work, crashes to fuzz-artifacts/.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := legacy base10 cbor cose trustList revocationList png
fuzz: deps
	swift build -c debug --scratch-path .build-fuzz --product bhyt-fuzz \
	  -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld -Xswiftc -DFUZZING
	@mkdir -p fuzz-artifacts
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p .build-fuzz/work/$$t; \
	  echo "== fuzz $$t ($(FUZZ_SECONDS) s)"; \
	  SWIFT_BACKTRACE=enable=no BHYT_FUZZ_TARGET=$$t .build-fuzz/debug/bhyt-fuzz \
	    -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=fuzz-artifacts/$$t- .build-fuzz/work/$$t fuzz/corpus/$$t 2>&1 | grep -E "^#[0-9]+ +DONE|stat::number_of_executed_units|ERROR|SUMMARY|Test unit written" || true; \
	done
	@if ls fuzz-artifacts/* >/dev/null 2>&1; then echo "crashes found: see fuzz-artifacts/ (add each to fuzz/regressions/TARGET/)"; exit 1; fi
	@echo "fuzz: no crash in any target"
