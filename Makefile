# Yiwang — `make run` serves the reference deployment locally; `make test` runs the whole suite.
# Everything is installed by these targets: a Python 3.11 venv from requirements/lock.txt and the
# front-end packages from package-lock.json (served locally, never from a CDN).

SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.DEFAULT_GOAL := help

.PHONY: help
help: ## List every target
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "} {printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements/lock.txt
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11 (Python 3.11 is required): $(PYTHON) not found"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements/lock.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

yiwang/static/vendor/.installed: node_modules/.installed frontend/vendor.mjs
	npm run -s vendor
	touch $@

.PHONY: install
install: $(VENV)/.installed yiwang/static/vendor/.installed ## Install pinned Python and front-end dependencies
	@mkdir -p var

.PHONY: system-deps
system-deps: ## Install Debian packages: chromium (browser tests), CJK fonts (宋 and 黑 from Noto CJK, 楷 and 仿宋 for 公文), Pango (PDF rendering), gettext (compilemessages), nginx and wrk (benchmarks)
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	   chromium fonts-noto-cjk fonts-arphic-gkai00mp fonts-cwtex-fs fonts-wqy-microhei libpango-1.0-0 libpangoft2-1.0-0 gettext nginx-light wrk >/dev/null; \
	 else echo "请以 root 运行或手动安装: sudo apt-get install chromium fonts-noto-cjk fonts-arphic-gkai00mp fonts-cwtex-fs fonts-wqy-microhei libpango-1.0-0 libpangoft2-1.0-0 gettext nginx-light wrk"; fi

.PHONY: demo
demo: install ## Migrate the database and load the 伊春市 reference deployment (idempotent)
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) load_reference

.PHONY: run
run: demo ## Serve on http://127.0.0.1:8000 with a background task worker, the scheduler and the search sync
	@$(MANAGE) demo_logins
	@trap 'kill 0' EXIT; \
	 $(MANAGE) db_worker --interval 1 >var/worker.log 2>&1 & \
	 $(MANAGE) run_scheduler >var/scheduler.log 2>&1 & \
	 $(MANAGE) search_sync >var/search.log 2>&1 & \
	 $(MANAGE) runserver $(HOST):$(PORT)

.PHONY: test
test: install ## The whole suite: unit, integration, browser and accessibility tests
	@test -x "$${CHROMIUM_PATH:-/usr/bin/chromium}" || { echo "浏览器测试需要 chromium (browser tests need chromium): run 'make system-deps' as root"; exit 1; }
	@# pytest exits 5 when it collected nothing: a failure here, never a pass.
	@$(VENV)/bin/pytest $(PYTEST_ARGS); status=$$?; \
	 if [ $$status = 5 ]; then echo "没有收集到任何测试 (no tests were collected) — failing"; exit 1; fi; exit $$status

.PHONY: lint
lint: install ## ruff (lint and format check) and the import-linter layer contracts
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

.PHONY: fmt
fmt: install ## Format and fix what ruff can
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

.PHONY: typecheck
typecheck: install ## mypy (strict on core)
	$(VENV)/bin/mypy yiwang

.PHONY: migrations-check
migrations-check: install ## Fail if a model change has no migration
	$(MANAGE) makemigrations --check --dry-run

.PHONY: bench
bench: install ## Benchmarks under gunicorn with production settings on loopback, the workflow engine and search (200,000 documents) in process, ticket intake and the 1,000,000-ticket staff list, rendering a five-page 公文 PDF, the 发文/收文 lists over 500,000 公文; JSON in bench/results/
	$(PY) -m bench.run
	$(PY) -m bench.workflow.run
	$(PY) -m bench.search.run
	$(PY) -m bench.tickets.run
	$(PY) -m bench.documents.render
	$(PY) -m bench.documents.lists

.PHONY: smoke
smoke: install ## Production-like run on loopback (nginx → gunicorn → PostgreSQL, Redis, task worker), smoke-tested over HTTP
	$(PY) -m scripts.smoke

.PHONY: restore-drill
restore-drill: install ## Back up, restore into an empty database and compare rows, file hashes and the audit chain
	$(MANAGE) restore_drill

.PHONY: security-report
security-report: install ## The 等保 level-3 self-assessment as HTML and PDF in var/reports/
	$(MANAGE) security_report

.PHONY: dependency-audit
dependency-audit: install ## pip-audit over the lock file and npm audit over package-lock.json (fails on a known vulnerability)
	$(PY) -m scripts.dependency_audit

.PHONY: lock
lock: ## Regenerate requirements/lock.txt from requirements/*.in
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock && .venv-lock/bin/pip install -q -r requirements/base.in -r requirements/dev.in
	.venv-lock/bin/pip freeze > requirements/lock.txt && rm -rf .venv-lock

.PHONY: clean
clean: ## Remove the local database, uploads and search index (not the venv)
	rm -rf var
