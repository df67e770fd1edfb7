# `make run` and `make test` install everything they need (apt packages when run as
# root on Debian, a .venv with the project, npm's test tools in node_modules) and then do
# their one job.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA_DIR ?= data
PORT ?= 8080
APT_PACKAGES := python3 python3-venv python3-dev gcc ca-certificates sqlite3 chromium \
	fonts-dejavu-core xvfb xauth libgl1 libgl1-mesa-dri libmtdev1 espeak-ng \
	opennds php-cli iptables nftables iproute2 curl util-linux xinit nginx-light

.PHONY: run test install system-deps lint format bench wheel provision-test e2e mutants

run: install
	$(BIN)/infomat demo --data-dir $(DATA_DIR) --host 127.0.0.1 --port $(PORT)

test: install lint
	$(BIN)/pytest -n 4 --dist loadgroup

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	@command -v rsync >/dev/null || apt-get install -y -qq rsync
	@test -x /usr/bin/prometheus-node-exporter || apt-get install -y -qq prometheus-node-exporter
	$(BIN)/python -m bench.sync.run
	$(BIN)/python -m bench.kiosk.run
	$(BIN)/python -m bench.fleet.run
	@command -v nginx >/dev/null || apt-get install -y -qq nginx-light
	$(BIN)/python -m bench.portal.run
	$(BIN)/python -m bench.portal.opennds
	@command -v wrk >/dev/null || apt-get install -y -qq wrk
	$(BIN)/python -m bench.portal_web.run

# The release wheel the playbooks install (provisioning/inventory/group_vars/all.yml).
wheel: install
	rm -rf dist build/lib build/bdist.*
	$(BIN)/pip wheel -q --no-deps -w dist .

# The whole county in network namespaces (also part of `make test`; about 30 s).
e2e: install
	$(BIN)/pytest -s tests/e2e/test_county.py

# server.yml, kiosk.yml and hotspot.yml applied twice into debootstrap roots (minutes; not
# in `make test`).
provision-test: install
	@command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap
	$(BIN)/pytest -m provision -s -p no:cacheprovider tests/provisioning/test_apply_in_debian_root.py

# Realistic faults (mutants/*.diff), each applied to a scratch copy of the tree: the tests
# it names must catch it (minutes; not in `make test`). See mutants/README.md.
mutants: install
	$(BIN)/python mutants/run.py $(MUTANTS_ARGS)

install: system-deps $(VENV)/.installed node_modules/.installed

system-deps:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	  command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	  if [ -n "$$missing" ]; then \
	    echo "apt: installing $$missing"; \
	    if [ -d /run/systemd/system ]; then systemctl mask opennds.service >/dev/null 2>&1 || true; fi; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	      apt-get install -y -qq --no-install-recommends $$missing; \
	  fi; \
	else \
	  echo "not root on Debian: make sure these are installed: $(APT_PACKAGES)"; \
	fi

$(VENV)/.installed: setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e '.[server,agent,kiosk,dev]'
	touch $@

# Test tools from npm (package.json, pinned by package-lock.json): axe-core, which the
# accessibility tests inject into every page.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@
