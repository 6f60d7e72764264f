# ioimpact: two commands for a newcomer: `make run` and `make test`.
SHELL := /bin/bash
APT_PACKAGES := liblapack-dev libopenblas-dev
SWIFT ?= swift
BIN := .build/release/ioimpact

.PHONY: deps build run test bench materials clean

## deps: install the Debian packages the LAPACK module links against, if missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "installing$$missing"; \
	    (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	    echo "installing$$missing (sudo)"; \
	    (sudo -n apt-get update -qq || true) && sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "missing Debian packages:$$missing. Run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

## build: the release binary.
build: deps
	$(SWIFT) build -c release --product ioimpact

## run: build, run every reference case, regenerate Reports/ and print a summary.
run: build
	@./scripts/run-reference-cases.sh $(BIN)

## test: unit, golden-file and end-to-end tests.
test: deps
	$(SWIFT) test

## bench: LAPACK against numpy/scipy, dgemm ceiling, whole-command comparison with pymrio (never part of test).
bench: deps
	$(SWIFT) build -c release --product ioimpact
	$(SWIFT) build -c release --product ioimpact-bench
	@./scripts/bench.sh

## materials: rebuild the material satellites from Tables/materials and print tonnes by use against the published totals.
materials:
	python3 Tables/build/build_materials.py

clean:
	rm -rf .build
