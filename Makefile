# Switchboard: install what is missing, build, test, run.
# Needs Debian 12 with Swift 6.3. Installing packages needs root (no sudo is used).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

SWIFT ?= swift
# System libraries the package links (libpq, OpenSSL, LZ4), the PostgreSQL 15 server the
# embedded cluster runs, and pkg-config, which SwiftPM asks for their compiler flags.
DEBIAN_PACKAGES := postgresql libpq-dev libssl-dev liblz4-dev pkg-config
RELEASE_BINARY := .build/release/switchboard
# Extra arguments for `make run` / `make bench`, e.g. make bench ARGS="--events 100000".
ARGS ?=

.PHONY: help deps build release test run bench bench-rebuild clean

help:
	@echo "make run     install what is missing, build (release), start the gateway: switchboard serve"
	@echo "make test    install what is missing, build with tests, run every test"
	@echo "make build   debug build of everything, tests included"
	@echo "make bench   release build, then switchboard bench append"
	@echo "make bench-rebuild  release build, then switchboard bench rebuild (ARGS=\"--events 100000\")"
	@echo "make clean   remove build products (.build); ./data is kept"

# Calls apt only when dpkg reports a package missing; apt-get update always runs first.
deps:
	@missing=""; \
	for package in $(DEBIAN_PACKAGES); do \
	  case "$$(dpkg -s "$$package" 2>/dev/null || true)" in \
	    *"Status: install ok installed"*) ;; \
	    *) missing="$$missing $$package" ;; \
	  esac; \
	done; \
	if [ -z "$$missing" ]; then echo "==> Debian packages present: $(DEBIAN_PACKAGES)"; exit 0; fi; \
	echo "==> installing Debian packages:$$missing"; \
	if [ "$$(id -u)" -ne 0 ]; then \
	  echo "error: installing$$missing needs root; run make as root or install them first" >&2; exit 1; \
	fi; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get update; \
	apt-get install -y --no-install-recommends $$missing

build: deps
	$(SWIFT) build --build-tests

release: deps
	$(SWIFT) build -c release --product switchboard

test: deps
	@if ! $(SWIFT) build --build-tests; then \
	  echo "==> make test: FAILED (the build failed)"; exit 1; \
	fi; \
	status=0; $(SWIFT) test --skip-build || status=$$?; \
	if [ "$$status" -eq 0 ]; then \
	  echo "==> make test: PASSED (all test targets)"; \
	else \
	  echo "==> make test: FAILED (swift test exited with status $$status)"; \
	fi; \
	exit "$$status"

# With no DATABASE_URL, serve starts its own PostgreSQL cluster in SWITCHBOARD_DATA_DIR (./data).
run: release
	$(RELEASE_BINARY) serve $(ARGS)

bench: release
	$(RELEASE_BINARY) bench append $(ARGS)

bench-rebuild: release
	$(RELEASE_BINARY) bench rebuild $(ARGS)

clean:
	rm -rf .build
