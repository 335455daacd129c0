"""Ticket benchmark: sustained intake through the web form and the Open311 API, then the staff
ticket list and its filters over 1,000,000 tickets — under gunicorn with production settings.

    .venv/bin/python -m bench.tickets.run [--database postgres|sqlite] [--duration 15]
        [--connections 16] [--workers N] [--threads 1] [--worker-class gthread] [--citizens 1000] [--tickets 1000000] [--only form|api|list] [--keep]

Steps: a fresh database (PostgreSQL `yiwang_bench_tickets`, dropped and recreated, or SQLite in a
temporary directory), `migrate`, `load_reference`, `collectstatic`, gunicorn as bench/run.py starts
it (deploy/gunicorn/gunicorn.conf.py, 2 × cores + 1 gthread workers × 1 thread, as deployed). Then:

- `form`: `--citizens` signed-in citizens (bench/tickets/data.py) POST the 我要写信 form
  (bench/tickets/intake.lua: a different citizen and title each request, X-Real-IP from 10/8 as
  nginx would pass it) for `--duration` seconds with wrk. Every 302 to the acknowledgement page is a
  stored ticket; afterwards the tickets are counted in the database (`lost` = acknowledged − stored).
- `api`: the same through `POST /api/tickets/open311/v2/requests.json` with an API key; every acknowledged
  `service_request_id` (the 查询码) is written down and looked up in the database afterwards.
- `list`: the database is filled to `--tickets` tickets (COPY / batched inserts), then the
  dispatcher's staff list (`/staff/tickets/`) and its filters are loaded with wrk.

Results: bench/results/tickets-<database>.json and a table on stdout. A measurement, never a
pass/fail test; targets (issue 6): intake ≥ 300 tickets/s with p99 < 200 ms; the list p99 < 100 ms.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import cpu
from bench.run import (
    PYTHON,
    REPO,
    RESULTS_DIR,
    Options,
    Stack,
    _run_logged,
    bench_env,
    flush_redis,
    free_port,
    machine_info,
    manage,
    recreate_database,
    start_gunicorn,
    terminate_on_sigterm,
)
from bench.wrk import REPORT_SCRIPT, build_command, run_wrk

INTAKE_SCRIPT = Path(__file__).with_name("intake.lua")
DEFAULT_DB_NAME = "yiwang_bench_tickets"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/6"
DATA_SETTINGS = "yiwang.settings.dev"  # demo people are loaded with the development settings (bench/run.py)
PHASES = ("form", "api", "list")
# The staff list as the dispatcher opens it, and its filters (the values are in the loaded data).
LIST_PAGES = (
    ("list", "/staff/tickets/"),
    ("status", "/staff/tickets/?status=handling"),
    ("channel+kind", "/staff/tickets/?channel=hotline_12345&kind=complaint"),
    ("overdue", "/staff/tickets/?overdue=on"),
    ("page 200", "/staff/tickets/?page=200"),
)
TARGETS = {"intake_per_s": 300.0, "intake_p99_ms": 200.0, "list_p99_ms": 100.0}


@dataclass
class Measured:
    phase: str
    name: str
    url: str
    requests: int = 0
    per_s: float = 0.0
    latency_ms: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, Any] = field(default_factory=dict)
    cpu_ms_per_request: dict[str, float] | None = None
    load_before: tuple[float, float, float] | None = None
    check: dict[str, Any] = field(default_factory=dict)
    error: str = ""


def _data(stack: Stack, *args: str, settings: str | None = None, timeout_s: float = 3600) -> dict[str, Any]:
    result = _run_logged(stack, [PYTHON, "-m", "bench.tickets.data", *args], timeout_s=timeout_s, settings=settings)
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def _load(
    measured: Measured,
    options: Options,
    meter: cpu.CpuMeter,
    *,
    headers: dict[str, str] | None = None,
    script: Path = REPORT_SCRIPT,
    script_args: tuple[str, ...] = (),
    warmup_s: float = 2.0,
    before_window: Callable[[], None] | None = None,
) -> int:
    """Warm up, then one bounded wrk run; returns the answers that were not errors."""
    env_ok = {"BENCH_REPORT_LUA": str(REPORT_SCRIPT)}
    common = {"headers": headers, "script": script, "script_args": script_args}
    warm = build_command(measured.url, threads=1, connections=16, duration_s=warmup_s, **common)  # type: ignore[arg-type]
    with suppress(subprocess.SubprocessError, OSError):
        subprocess.run(warm, capture_output=True, timeout=warmup_s + 60, check=False, env={**os.environ, **env_ok})
    meter.wait_idle("gunicorn", timeout_s=60)
    if before_window is not None:
        before_window()
    measured.load_before = os.getloadavg()
    command = build_command(
        measured.url,
        threads=options.wrk_threads,
        connections=options.connections,
        duration_s=options.duration_s,
        **common,  # type: ignore[arg-type]
    )
    before = meter.snapshot()
    os.environ.update(env_ok)
    result, output = run_wrk(command, duration_s=options.duration_s)
    cpu_s = cpu.delta(before, meter.snapshot())
    meter.wait_idle("gunicorn", timeout_s=60)
    if result is None:
        measured.error = "无法解析 wrk 输出 (could not parse wrk output): " + output[-500:]
        return 0
    measured.requests = result.requests
    measured.per_s = result.req_per_s
    measured.latency_ms = result.latency_ms
    measured.errors = {**result.errors, "non2xx_by_status": result.non2xx_by_status}
    measured.cpu_ms_per_request = (
        {name: round(seconds * 1000 / result.requests, 3) for name, seconds in cpu_s.items()}
        if result.requests
        else None
    )
    if result.error_count:
        measured.error = f"{result.error_count} 个错误 (errors): {result.errors}"
    return result.requests - result.error_count


def run_form(stack: Stack, options: Options, meter: cpu.CpuMeter, port: int, citizens: int) -> Measured:
    senders = stack.tmp / "form-senders.tsv"
    _data(stack, "senders", "--citizens", str(citizens), "--out", str(senders))
    measured = Measured("form", "我要写信 POST", f"http://127.0.0.1:{port}/hudong/tickets/")
    counted: dict[str, int] = {}

    def count_before() -> None:  # after the warm-up, whose tickets are stored too
        counted["before"] = _data(stack, "count")["tickets"]

    args = (f"senders={senders}", "ok=302")
    acknowledged = _load(measured, options, meter, script=INTAKE_SCRIPT, script_args=args, before_window=count_before)
    stored = _data(stack, "count")["tickets"] - counted.get("before", 0)
    measured.check = {"acknowledged": acknowledged, "stored": stored, "lost": max(0, acknowledged - stored)}
    return measured


def run_api(stack: Stack, options: Options, meter: cpu.CpuMeter, port: int) -> Measured:
    senders = stack.tmp / "api-senders.tsv"
    measured = Measured(
        "api", "Open311 POST requests.json", f"http://127.0.0.1:{port}/api/tickets/open311/v2/requests.json"
    )
    try:
        _data(stack, "api-senders", "--out", str(senders))
    except RuntimeError as error:
        measured.error = f"未测：没有 Open311 接口 (not run: no Open311 API) — {str(error).splitlines()[-1]}"
        return measured
    codes = stack.tmp / "api-codes"
    args = (f"senders={senders}", f"codes={codes}")
    _load(measured, options, meter, script=INTAKE_SCRIPT, script_args=args)
    measured.check = _data(stack, "verify", "--codes", str(codes))
    return measured


def run_list(
    stack: Stack, options: Options, meter: cpu.CpuMeter, port: int, tickets: int, list_connections: int
) -> list[Measured]:
    have = _data(stack, "count")["tickets"]
    if have < tickets:
        print(f"  写入历史工单 (writing {tickets - have:,} tickets)…", flush=True)
        _data(stack, "fill", "--tickets", str(tickets - have))
    session = _run_logged(stack, [PYTHON, "-m", "bench.staff_session", "--username", "dispatcher"], timeout_s=300)
    cookie = json.loads(session.stdout.strip().splitlines()[-1])["cookie"]
    headers = {"Cookie": cookie, "User-Agent": "yiwang-bench"}
    list_options = dataclasses.replace(options, connections=list_connections)
    (stack.tmp / "staff-cookie.txt").write_text(cookie, encoding="utf-8")  # for bench.portal_profile --cookie
    out = []
    for name, path in LIST_PAGES:
        measured = Measured("list", name, f"http://127.0.0.1:{port}{path}")
        print(f"  list {name}…", flush=True)
        _load(measured, list_options, meter, headers=headers)
        out.append(measured)
    return out


def table(rows: list[Measured]) -> str:
    lines = [("phase", "target", "req/s", "p50 ms", "p99 ms", "errors", "CPU ms/req", "check")]
    for m in rows:
        lat = m.latency_ms or {}
        cpu_cell = " + ".join(f"{k} {v:.1f}" for k, v in (m.cpu_ms_per_request or {}).items())
        check = ", ".join(f"{k}={v}" for k, v in m.check.items())
        lines.append(
            (
                m.phase,
                m.name,
                f"{m.per_s:.1f}",
                "-" if lat.get("p50") is None else f"{lat['p50']:.1f}",
                "-" if lat.get("p99") is None else f"{lat['p99']:.1f}",
                m.error or "0",
                cpu_cell or "-",
                check,
            )
        )
    widths = [max(len(str(row[i])) for row in lines) for i in range(len(lines[0]))]
    return "\n".join("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)) for row in lines)


def parse_args(argv: list[str] | None) -> tuple[Options, argparse.Namespace]:
    cpus = os.cpu_count() or 1
    parser = argparse.ArgumentParser(prog="python -m bench.tickets.run", description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--duration", type=float, default=15.0)
    parser.add_argument(
        "--connections",
        type=int,
        default=16,
        help="open connections for intake (16: enough to keep every worker busy; more only queue in the backlog)",
    )
    parser.add_argument(
        "--list-connections",
        type=int,
        default=4,
        help="open connections for the staff list (default 4: staff at their desks, not a crowd)",
    )
    parser.add_argument(
        "--citizens",
        type=int,
        default=5000,
        help="signed-in citizens posting the form (each below the captcha threshold)",
    )
    parser.add_argument("--tickets", type=int, default=1_000_000, help="tickets in the database for the list")
    parser.add_argument("--only", action="append", choices=PHASES, default=[])
    parser.add_argument("--pg-server", default=os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--db-name", default=os.environ.get("BENCH_DB_NAME_TICKETS", DEFAULT_DB_NAME))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL))
    parser.add_argument("--workers", type=int, default=2 * cpus + 1)
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (gthread; 1 as deployed)")
    parser.add_argument("--worker-class", default="gthread", help="gunicorn worker class")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--results-dir", type=Path, default=RESULTS_DIR)
    args = parser.parse_args(argv)
    options = Options(
        only=args.only,
        duration_s=max(1.0, min(args.duration, 600.0)),
        warmup_s=2.0,
        connections=max(2, args.connections),
        wrk_threads=2,
        database=args.database,
        pg_server=args.pg_server,
        db_name=args.db_name,
        redis_url=args.redis_url,
        workers=max(1, args.workers),
        worker_class=args.worker_class,
        gunicorn_threads=max(1, args.threads),
        proxy=False,
        keep=args.keep,
        results_dir=args.results_dir,
    )
    return options, args


def main(argv: list[str] | None = None) -> int:
    options, args = parse_args(argv)
    if shutil.which("wrk") is None:
        print("需要 wrk (wrk is required): run 'make system-deps' as root", file=sys.stderr)
        return 2
    phases = args.only or list(PHASES)
    tmp = Path(tempfile.mkdtemp(prefix="yiwang-bench-tickets-"))
    stack = Stack(tmp=tmp, env=bench_env(options, tmp))
    if options.keep:  # so `python -m bench.portal_profile --env-from <work dir>` reaches the same data
        keys = (
            "DATABASE_URL",
            "REDIS_URL",
            "CACHE_KEY_PREFIX",
            "SECRET_KEY",
            "FIELD_ENCRYPTION_KEYS",
            "FIELD_HASH_KEY",
        )
        (tmp / "env.json").write_text(json.dumps({k: stack.env[k] for k in keys}), encoding="utf-8")
    meta: dict[str, Any] = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "database": options.database,
        "load_before": os.getloadavg(),
        "wrk": {"threads": options.wrk_threads, "connections": options.connections, "duration_s": options.duration_s},
        "gunicorn": {"workers": options.workers, "threads": options.gunicorn_threads},
        "targets": TARGETS,
    }
    rows: list[Measured] = []
    code = 0
    print(f"诉求基准 (ticket benchmark): {', '.join(phases)}; work dir {tmp}", flush=True)
    try:
        with terminate_on_sigterm():
            recreate_database(options)
            flush_redis(options.redis_url)
            manage(stack, "migrate", "--noinput", "-v0")
            manage(stack, "load_reference", settings=DATA_SETTINGS)
            manage(stack, "collectstatic", "--noinput", "-v0")
            port = free_port()
            start_gunicorn(stack, port)
            meter = cpu.CpuMeter(
                trees={name: p.pid for name, p in stack.processes},
                database_needle=f" {options.db_name} " if options.database == "postgres" else None,
            )
            if "form" in phases:
                print("form…", flush=True)
                rows.append(run_form(stack, options, meter, port, args.citizens))
            if "api" in phases:
                print("api…", flush=True)
                rows.append(run_api(stack, options, meter, port))
            if "list" in phases:
                print("list…", flush=True)
                rows += run_list(stack, options, meter, port, args.tickets, max(2, args.list_connections))
    except KeyboardInterrupt:
        code = 130
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        print(f"基准测试失败 (benchmark run failed): {error}\n日志 (logs): {tmp}", file=sys.stderr)
        code = 1
    finally:
        stack.stop_all()
    meta["load_after"] = os.getloadavg()
    options.results_dir.mkdir(parents=True, exist_ok=True)
    out = options.results_dir / f"tickets-{options.database}.json"
    out.write_text(json.dumps({**meta, "results": [asdict(r) for r in rows]}, ensure_ascii=False, indent=2))
    print(table(rows))
    print(f"\n结果 (results): {out.relative_to(REPO) if out.is_relative_to(REPO) else out}")
    if not options.keep and code == 0:
        shutil.rmtree(tmp, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
