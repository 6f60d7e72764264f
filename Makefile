# ioimpact: two commands for a newcomer: `make run` and `make test`.
SHELL := /bin/bash
APT_PACKAGES := liblapack-dev libopenblas-dev librsvg2-bin
SWIFT ?= swift
BIN := .build/release/ioimpact
PREFIX ?= /usr/local
FUZZ_SECONDS ?= 60

.PHONY: deps build run test bench materials install uninstall fuzz clean

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

## materials: rebuild the material satellites from Tables/materials and print tonnes by use against the
## published totals; then the world satellite (national ones, converters, regions' own totals).
materials:
	python3 Tables/build/build_materials.py
	python3 Tables/build/build_world_satellite.py

## install: the command in $(PREFIX)/bin and the shipped tables and cases in $(PREFIX)/share/ioimpact/Tables
## (found there by the installed command; IOIMPACT_HOME overrides). PREFIX defaults to /usr/local.
install: build
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/ioimpact"
	install -m 755 $(BIN) "$(DESTDIR)$(PREFIX)/bin/ioimpact"
	rm -rf "$(DESTDIR)$(PREFIX)/share/ioimpact/Tables"
	cp -R Tables "$(DESTDIR)$(PREFIX)/share/ioimpact/Tables"
	@echo "installed $(DESTDIR)$(PREFIX)/bin/ioimpact and $(DESTDIR)$(PREFIX)/share/ioimpact/Tables"

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/ioimpact"
	rm -rf "$(DESTDIR)$(PREFIX)/share/ioimpact"

## fuzz: libFuzzer on the table, pymrio, case, parameter and spec parsers for FUZZ_SECONDS (default 60),
## seeded from the shipped files; never part of make test. A crash is saved as Fuzz/crash-*: copy it to
## Tests/IOImpactTests/Fixtures/fuzz-crashes/, where the tests replay it.
fuzz: deps
	cd Fuzz && $(SWIFT) build -c release --product ioimpact-fuzz \
	  -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING
	@rm -rf .build/fuzz-corpus && python3 scripts/fuzz-corpus.py .build/fuzz-corpus
	@mkdir -p .build/fuzz-found
	cd Fuzz && SWIFT_BACKTRACE=enable=no ./.build/release/ioimpact-fuzz ../.build/fuzz-found ../.build/fuzz-corpus \
	  ../Tests/IOImpactTests/Fixtures/fuzz-crashes -max_total_time=$(FUZZ_SECONDS) -max_len=262144 \
	  -timeout=10 -rss_limit_mb=2048 -print_final_stats=1

clean:
	rm -rf .build
