"""Benchmarks: the app under gunicorn with production settings on loopback, beside nginx serving the
same bytes as a static file, in the same run. `make bench` runs this; results go to bench/results/.

    python -m bench.run [--only NAME] [--duration S] [--connections N] [--database sqlite|postgres]

Steps: a fresh database (PostgreSQL `yiwang_bench` dropped and recreated, or SQLite in a temporary
directory), `migrate`, `load_reference`, `collectstatic`; gunicorn (deploy/gunicorn/gunicorn.conf.py)
and nginx (bench/nginx.py, derived from deploy/nginx/yiwang.conf) on free loopback ports; each page
fetched once, saved as a file for nginx; then wrk against every target. Only loopback is ever
contacted, every load run is bounded by wrk's -d and a subprocess timeout, and everything started
here is stopped on exit, error or Ctrl-C. Benchmarks are measurements, never pass/fail tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import cpu, nginx
from bench.wrk import WrkResult, build_command, run_wrk

REPO = Path(__file__).resolve().parent.parent
RESULTS_DIR = REPO / "bench" / "results"
GUNICORN_CONF = REPO / "deploy" / "gunicorn" / "gunicorn.conf.py"
PYTHON = sys.executable
DEFAULT_PG_SERVER = "postgres://postgres@127.0.0.1:5432"
DEFAULT_DB_NAME = "yiwang_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/6"


# --- what is measured ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One URL of the app. `staff` pages are fetched with a verified staff session cookie."""

    name: str
    path: str
    staff: bool = False


@dataclass(frozen=True)
class Benchmark:
    name: str
    description: str
    pages: tuple[Page, ...]


# Paths only the loaded data knows are looked up after loading it (resolve_paths).
ARTICLE_PATH = "@newest-article"
GUIDE_PATH = "@published-guide"
LOOKUPS = {
    ARTICLE_PATH: (
        "from wagtail.models import Site; "
        "from yiwang.modules.portal.models import ArticlePage; "
        "from yiwang.modules.portal.publishing import site_pages; "
        "city = site_pages(Site.objects.get(is_default_site=True)); "
        "p = ArticlePage.objects.live().public().exact_type(ArticlePage).filter(pk__in=city.values('pk'))"
        ".order_by('-first_published_at').first(); "
        "print(p.get_url_parts()[2] if p else '')"
    ),
    # 办事指南: the newest published item, created through the catalogue's services if the data has none.
    GUIDE_PATH: "from bench.servicehall.guide import print_guide_path; print_guide_path()",
}

BENCHMARKS: tuple[Benchmark, ...] = (
    Benchmark(
        name="portal_home",
        description="门户首页 (portal home page, anonymous) vs nginx serving the same bytes",
        pages=(Page("home", "/"),),
    ),
    Benchmark(
        name="portal_article",
        description="文章页 (newest news article, anonymous): uncached render (gunicorn) and published file (nginx)",
        pages=(Page("article", ARTICLE_PATH),),
    ),
    Benchmark(
        name="servicehall_guide",
        description="办事指南 (one published service item's guide page, anonymous) vs nginx serving the same bytes",
        pages=(Page("guide", GUIDE_PATH),),
    ),
    Benchmark(
        name="staff_inbox",
        description="工作人员消息与工作台 (staff message inbox and workspace home, signed in) vs nginx static",
        pages=(Page("notifications", "/notifications/", staff=True), Page("workspace_home", "/staff/", staff=True)),
    ),
)

# Targets per page: the app direct, the app through nginx as production proxies it, nginx static.
TARGET_KINDS = ("gunicorn", "nginx_proxy", "nginx_static")


@dataclass
class TargetResult:
    benchmark: str
    page: str
    target: str
    url: str
    status: int | None = None
    body_bytes: int | None = None
    result: WrkResult | None = None
    error: str | None = None
    load_before: tuple[float, float, float] | None = None
    wrk_output: str = ""
    cpu_s: dict[str, float] | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "benchmark": self.benchmark,
            "page": self.page,
            "target": self.target,
            "url": self.url,
            "status": self.status,
            "body_bytes": self.body_bytes,
            "error": self.error,
            "load_before": self.load_before,
        }
        if self.result is not None:
            data.update(self.result.as_dict())
            data["cpu_s"] = self.cpu_s
            data["cpu_ms_per_request"] = cpu_per_request(self.cpu_s, self.result.requests)
        elif self.wrk_output:
            data["wrk_output"] = self.wrk_output[-2000:]
        return data


@dataclass
class Options:
    only: list[str]
    duration_s: float
    warmup_s: float
    connections: int
    wrk_threads: int
    database: str
    pg_server: str
    db_name: str
    redis_url: str
    workers: int
    worker_class: str
    gunicorn_threads: int
    proxy: bool
    keep: bool
    results_dir: Path
    hold_s: float = 0.0


# --- processes -------------------------------------------------------------------------------------


@dataclass
class Stack:
    """Everything this run started, stopped in reverse order whatever happens."""

    tmp: Path
    env: dict[str, str]
    processes: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)

    def stop_all(self) -> None:
        for name, process in reversed(self.processes):
            if name == "nginx":
                nginx.stop(process)
            else:
                _stop_process_group(process)
        self.processes.clear()


def _stop_process_group(process: subprocess.Popen[bytes], timeout_s: float = 30.0) -> None:
    """TERM (gunicorn: graceful shutdown) then KILL — only the group this run started."""
    if process.poll() is not None:
        return
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def random_secret(length: int = 60) -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def bench_env(options: Options, tmp: Path) -> dict[str, str]:
    """The environment of every process of the app: production settings, fresh secrets, loopback only."""
    import base64

    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "GUNICORN_"))}
    if options.database == "postgres":
        database_url = f"{options.pg_server.rstrip('/')}/{options.db_name}"
    else:
        database_url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "yiwang.settings.production",
            "SECRET_KEY": random_secret(60),
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": database_url,
            "REDIS_URL": options.redis_url,
            "CACHE_KEY_PREFIX": f"bench{os.getpid()}",
            "YIWANG_VAR_DIR": str(tmp / "var"),
            "MEDIA_ROOT": str(tmp / "var" / "media"),
            "STATIC_ROOT": str(tmp / "static"),
            "SEARCH_INDEX_DIR": str(tmp / "var" / "search"),
            # Published portal pages, written by the app and served by the bench nginx (ADR 0006).
            "PORTAL_PUBLISH_DIR": str(nginx.NginxLayout(tmp / "nginx").published),
            # Field encryption and blind-index keys, generated for this run only.
            "FIELD_ENCRYPTION_KEYS": base64.b64encode(secrets.token_bytes(32)).decode(),
            "FIELD_HASH_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(REPO),
            "PYTHONUNBUFFERED": "1",
            # gunicorn: deploy/gunicorn/gunicorn.conf.py reads these.
            "GUNICORN_WORKERS": str(options.workers),
            "GUNICORN_WORKER_CLASS": options.worker_class,
            "GUNICORN_THREADS": str(options.gunicorn_threads),
            "GUNICORN_ACCESS_LOG": "",
            "GUNICORN_LOG_LEVEL": "warning",
            "GUNICORN_MAX_REQUESTS": "0",  # no worker recycling in the middle of a measurement
            "GUNICORN_GRACEFUL_TIMEOUT": "5",  # nothing is in flight when the run stops it
        }
    )
    (tmp / "var").mkdir(parents=True, exist_ok=True)
    return env


def manage(
    stack: Stack, *args: str, timeout_s: float = 1800, settings: str | None = None
) -> subprocess.CompletedProcess[str]:
    return _run_logged(stack, [PYTHON, "manage.py", *args], timeout_s=timeout_s, settings=settings)


def _run_logged(
    stack: Stack, command: list[str], *, timeout_s: float, settings: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = stack.env if settings is None else dict(stack.env, DJANGO_SETTINGS_MODULE=settings)
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout_s, check=False)
    with (stack.tmp / "setup.log").open("a", encoding="utf-8") as log:
        log.write(f"$ {' '.join(command)}\n{result.stdout}\n{result.stderr}\n")
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-15:]
        raise RuntimeError(f"命令失败 (command failed): {' '.join(command)}\n" + "\n".join(tail))
    return result


def has_command(stack: Stack, name: str) -> bool:
    result = subprocess.run(
        [PYTHON, "manage.py", "help", name],
        cwd=REPO,
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return result.returncode == 0


def recreate_database(options: Options) -> None:
    """Drop and recreate the bench database (PostgreSQL) — only the one named for the bench."""
    if options.database != "postgres":
        return
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{options.pg_server.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(options.db_name)))
        conn.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8'").format(sql.Identifier(options.db_name)))


def flush_redis(redis_url: str) -> None:
    """Empty the bench's own Redis database (sessions and cache of earlier runs)."""
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        client.flushdb()
    finally:
        client.close()


# The production settings refuse to load demo people and content (on purpose), so the reference
# deployment is loaded with the development settings — same database, Redis, paths and field keys
# from the bench environment (DEBUG stays off) — and then served with the production settings.
DATA_SETTINGS = "yiwang.settings.dev"


def prepare_data(stack: Stack) -> str:
    manage(stack, "migrate", "--noinput", "-v0")
    if has_command(stack, "load_reference"):
        manage(stack, "load_reference", settings=DATA_SETTINGS)
        loaded = "load_reference"
    else:
        _run_logged(stack, [PYTHON, "-m", "bench.prepare"], timeout_s=1800, settings=DATA_SETTINGS)
        loaded = "manifest demo_data (load_reference not available)"
    manage(stack, "collectstatic", "--noinput", "-v0")
    if has_command(stack, "publish_pages"):
        # Every published page as a file, rendered with the production settings the app runs with.
        manage(stack, "publish_pages")
    return loaded


def resolve_paths(stack: Stack, benchmarks: list[Benchmark]) -> list[Benchmark]:
    """Replace looked-up paths ("@…") by what the loaded data says; pages not found are dropped."""
    out = []
    for bench in benchmarks:
        pages = []
        for page in bench.pages:
            if page.path in LOOKUPS:
                found = manage(stack, "shell", "-c", LOOKUPS[page.path]).stdout.strip().splitlines()
                path = found[-1] if found else ""
                if not path.startswith("/"):
                    print(f"  {bench.name}/{page.name}: 未找到页面 (no such page in the data), skipped", flush=True)
                    continue
                page = Page(page.name, path, page.staff)
            pages.append(page)
        if pages:
            out.append(Benchmark(bench.name, bench.description, tuple(pages)))
    return out


def staff_cookie(stack: Stack) -> tuple[str, str]:
    result = _run_logged(stack, [PYTHON, "-m", "bench.staff_session"], timeout_s=300)
    data = json.loads(result.stdout.strip().splitlines()[-1])
    return data["cookie"], data["username"]


def start_gunicorn(stack: Stack, port: int) -> None:
    env = dict(stack.env, GUNICORN_BIND=f"127.0.0.1:{port}")
    if not Path("/dev/shm").is_dir():  # noqa: S108 — only checking that it exists
        env["GUNICORN_WORKER_TMP_DIR"] = str(stack.tmp)
    log = (stack.tmp / "gunicorn.log").open("ab")
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "--config", str(GUNICORN_CONF), "yiwang.wsgi:application"],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    stack.processes.append(("gunicorn", process))
    wait_for_http(f"http://127.0.0.1:{port}/", process, stack.tmp / "gunicorn.log")


def wait_for_http(url: str, process: subprocess.Popen[bytes], log: Path, timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"进程已退出 (process exited early), see {log}:\n{_tail(log)}")
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} 未在 {timeout_s:.0f}s 内响应 (not answering); see {log}:\n{_tail(log)}")


def _tail(path: Path, lines: int = 20) -> str:
    with suppress(OSError):
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    return ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    """GET without following redirects; HTTP errors are answers (status, body), not exceptions."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 — loopback URLs built here
    try:
        with _OPENER.open(request, timeout=30) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers or {})


# --- the run ---------------------------------------------------------------------------------------


def machine_info() -> dict[str, Any]:
    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "hostname": socket.gethostname(),
    }
    with suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    with suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["mem_total_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
    for name, command in (
        ("wrk", ["wrk", "--version"]),
        ("nginx", ["nginx", "-v"]),
        ("gunicorn", [PYTHON, "-m", "gunicorn", "--version"]),
    ):
        with suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)
            info[f"{name}_version"] = (out.stdout + out.stderr).strip().splitlines()[0]
    with suppress(OSError, subprocess.SubprocessError):
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, timeout=10, check=False
        )
        info["git_commit"] = commit.stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        info["git_dirty"] = bool(status.stdout.strip())
    return info


def cpu_per_request(cpu_s: dict[str, float] | None, requests: int) -> dict[str, float] | None:
    """CPU milliseconds per request for each server (pure; tested)."""
    if not cpu_s or not requests:
        return None
    return {name: round(seconds * 1000 / requests, 3) for name, seconds in cpu_s.items()}


def measure(target: TargetResult, options: Options, headers: dict[str, str], meter: cpu.CpuMeter | None) -> None:
    """Warm up briefly, then one bounded wrk run. Failures are recorded on the target, never raised."""
    if options.warmup_s > 0:
        warm = build_command(
            target.url,
            threads=1,
            connections=min(16, options.connections),  # enough to reach every worker thread once
            duration_s=options.warmup_s,
            headers=headers,
            script=None,
        )
        with suppress(subprocess.SubprocessError, OSError):
            subprocess.run(warm, capture_output=True, timeout=options.warmup_s + 60, check=False)
    target.load_before = os.getloadavg()
    command = build_command(
        target.url,
        threads=options.wrk_threads,
        connections=options.connections,
        duration_s=options.duration_s,
        headers=headers,
    )
    if meter:
        meter.wait_idle("gunicorn", timeout_s=60)  # the warm-up's last requests are done
    cpu_before = meter.snapshot() if meter else None
    try:
        result, output = run_wrk(command, duration_s=options.duration_s)
    except subprocess.TimeoutExpired:
        target.error = "wrk 超时 (wrk timed out)"
        return
    if meter and cpu_before is not None:
        target.cpu_s = cpu.delta(cpu_before, meter.snapshot())
        # wrk has stopped, but gunicorn may still be working off requests queued in its backlog:
        # let it finish so that work is not charged to (and does not slow) the next target.
        meter.wait_idle("gunicorn", timeout_s=60)
    target.wrk_output = output
    if result is None:
        target.error = "无法解析 wrk 输出 (could not parse wrk output)"
        return
    target.result = result
    if result.error_count:
        target.error = f"{result.error_count} 个错误 (errors): {result.errors}"


def run_benchmark(
    bench: Benchmark,
    options: Options,
    *,
    app_port: int,
    nginx_port: int | None,
    static_root: Path,
    cookie: str,
    meter: cpu.CpuMeter | None = None,
) -> list[TargetResult]:
    """Fetch each page once (recording its bytes for nginx), then load every target."""
    results: list[TargetResult] = []
    plan: list[tuple[TargetResult, dict[str, str]]] = []
    for page in bench.pages:
        headers = {"Cookie": cookie} if page.staff else {}
        app_url = f"http://127.0.0.1:{app_port}{page.path}"
        status, body, response_headers = fetch(app_url, headers)
        static_path = static_root / bench.name / f"{page.name}.html"
        urls = {"gunicorn": app_url}
        if nginx_port is not None:
            if options.proxy:
                urls["nginx_proxy"] = f"http://127.0.0.1:{nginx_port}{page.path}"
            urls["nginx_static"] = f"http://127.0.0.1:{nginx_port}/_bench/{bench.name}/{page.name}.html"
        for kind in TARGET_KINDS:
            if kind not in urls:
                continue
            target = TargetResult(bench.name, page.name, kind, urls[kind], status=status, body_bytes=len(body))
            results.append(target)
            if status != 200:
                location = response_headers.get("Location", "")
                target.error = f"页面返回 HTTP {status}，未压测 (page answered {status}; not loaded)" + (
                    f" → {location}" if location else ""
                )
                continue
            plan.append((target, {} if kind == "nginx_static" else headers))
        if status == 200:
            static_path.parent.mkdir(parents=True, exist_ok=True)
            static_path.write_bytes(body)
            static_path.chmod(0o644)
            static_path.parent.chmod(0o755)
    for target, headers in plan:
        print(f"  {bench.name}/{target.page} → {target.target} ({options.duration_s:.0f}s)…", flush=True)
        measure(target, options, headers, meter)
    return results


def format_table(rows: list[dict[str, Any]]) -> str:
    """A plain-text table of the results (pure; tested)."""
    header = ("benchmark", "page", "target", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "CPU ms/req", "note")
    lines = [header]
    for row in rows:
        latency = row.get("latency_ms") or {}

        def ms(key: str, latency: dict[str, Any] = latency) -> str:
            value = latency.get(key)
            return "-" if value is None else f"{value:.2f}"

        lines.append(
            (
                row["benchmark"],
                row["page"],
                row["target"],
                "-" if row.get("req_per_s") is None else f"{row['req_per_s']:.1f}",
                ms("p50"),
                ms("p95"),
                ms("p99"),
                str(row.get("error_count", "-")),
                _cpu_cell(row.get("cpu_ms_per_request")),
                (row.get("error") or "")[:60],
            )
        )
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
    out = []
    for index, line in enumerate(lines):
        out.append("  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(line)).rstrip())
        if index == 0:
            out.append("  ".join("-" * width for width in widths))
    return "\n".join(out)


def _cpu_cell(per_request: dict[str, float] | None) -> str:
    """'app 12.3 + db 4.5' for app targets, 'nginx 0.02' for static ones."""
    if not per_request:
        return "-"
    short = {"gunicorn": "app", "postgres": "db", "nginx": "nginx"}
    parts = [f"{short.get(name, name)} {value:.2f}" for name, value in per_request.items() if value >= 0.005]
    return " + ".join(parts) or "0"


def write_results(
    options: Options, meta: dict[str, Any], results: dict[str, list[TargetResult]]
) -> list[dict[str, Any]]:
    options.results_dir.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    for name, targets in results.items():
        data = [target.as_dict() for target in targets]
        rows.extend(data)
        bench = next(b for b in BENCHMARKS if b.name == name)
        (options.results_dir / f"{name}.json").write_text(
            json.dumps(
                {"benchmark": name, "description": bench.description, "run": meta, "targets": data},
                ensure_ascii=False,
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
    summary = {"run": meta, "results": rows}
    (options.results_dir / "summary.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return rows


@contextmanager
def terminate_on_sigterm() -> Iterator[None]:
    """SIGTERM/SIGHUP behave like Ctrl-C, so the `finally` that stops the servers always runs."""

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def parse_args(argv: list[str] | None) -> Options:
    cpus = os.cpu_count() or 1
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help=f"run only this benchmark (repeatable): {', '.join(b.name for b in BENCHMARKS)}",
    )
    parser.add_argument("--duration", type=float, default=15.0, help="seconds of load per target (default 15)")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of warm-up per target (default 3)")
    parser.add_argument("--connections", type=int, default=64, help="open connections (default 64)")
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument(
        "--pg-server",
        default=os.environ.get("BENCH_PG_SERVER", DEFAULT_PG_SERVER),
        help="PostgreSQL server URL without database (default %(default)s)",
    )
    parser.add_argument(
        "--db-name",
        default=os.environ.get("BENCH_DB_NAME", DEFAULT_DB_NAME),
        help="bench database, DROPPED and recreated (default %(default)s)",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL),
        help="Redis database for cache and sessions, FLUSHED first (default %(default)s)",
    )
    parser.add_argument("--workers", type=int, default=2 * cpus + 1, help="gunicorn workers (default 2×cores+1)")
    parser.add_argument("--worker-class", default="gthread", choices=("sync", "gthread"))
    parser.add_argument("--threads", type=int, default=1, help="threads per gthread worker (default 1, as deployed)")
    parser.add_argument("--no-proxy", action="store_true", help="skip the app-through-nginx targets")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs, configs)")
    parser.add_argument(
        "--hold",
        type=float,
        default=0.0,
        metavar="S",
        help="after setup, print the URLs and keep the servers up S seconds (≤ 600) instead of measuring",
    )
    parser.add_argument("--results-dir", type=Path, default=RESULTS_DIR)
    args = parser.parse_args(argv)
    known = {b.name for b in BENCHMARKS}
    unknown = [name for name in args.only if name not in known]
    if unknown:
        parser.error(f"未知基准 (unknown benchmark): {', '.join(unknown)}; choose from {', '.join(sorted(known))}")
    if args.duration <= 0 or args.duration > 600:
        parser.error("--duration 须在 (0, 600] 秒内 (must be within (0, 600] seconds)")
    if args.connections < 1 or args.connections > 10_000:
        parser.error("--connections 须在 1–10000 之间 (must be 1–10000)")
    return Options(
        only=args.only,
        duration_s=args.duration,
        warmup_s=max(0.0, min(args.warmup, 60.0)),
        connections=args.connections,
        wrk_threads=max(1, args.wrk_threads),
        database=args.database,
        pg_server=args.pg_server,
        db_name=args.db_name,
        redis_url=args.redis_url,
        workers=max(1, args.workers),
        worker_class=args.worker_class,
        gunicorn_threads=max(1, args.threads),
        proxy=not args.no_proxy,
        keep=args.keep,
        results_dir=args.results_dir,
        hold_s=max(0.0, min(args.hold, 600.0)),
    )


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    missing = [tool for tool in ("wrk", "nginx") if shutil.which(tool) is None]
    if "wrk" in missing:
        print("需要 wrk (wrk is required): run 'make system-deps' as root", file=sys.stderr)
        return 2
    if missing:
        print("未找到 nginx：只测应用本身 (nginx not found: app targets only)", file=sys.stderr)
    selected = [b for b in BENCHMARKS if not options.only or b.name in options.only]
    tmp = Path(tempfile.mkdtemp(prefix="yiwang-bench-"))
    stack = Stack(tmp=tmp, env=bench_env(options, tmp))
    started = datetime.now(UTC)
    meta: dict[str, Any] = {
        "started_at": started.isoformat(timespec="seconds"),
        "machine": machine_info(),
        "load_before": os.getloadavg(),
        "settings": "yiwang.settings.production",
        "database": options.database,
        "gunicorn": {
            "workers": options.workers,
            "worker_class": options.worker_class,
            "threads": options.gunicorn_threads,
            "config": str(GUNICORN_CONF.relative_to(REPO)),
        },
        "wrk": {
            "threads": options.wrk_threads,
            "connections": options.connections,
            "duration_s": options.duration_s,
            "warmup_s": options.warmup_s,
        },
    }
    results: dict[str, list[TargetResult]] = {}
    exit_code = 0
    print(f"基准测试 (benchmarks): {', '.join(b.name for b in selected)}; work dir {tmp}", flush=True)
    try:
        with terminate_on_sigterm():
            print("准备数据库 (preparing the database)…", flush=True)
            recreate_database(options)
            flush_redis(options.redis_url)
            meta["data"] = prepare_data(stack)
            selected = resolve_paths(stack, selected)
            cookie, username = ("", "")
            if any(page.staff for bench in selected for page in bench.pages):
                cookie, username = staff_cookie(stack)
                meta["staff_user"] = username
            app_port = free_port()
            print(f"启动 gunicorn (starting gunicorn) on 127.0.0.1:{app_port}…", flush=True)
            start_gunicorn(stack, app_port)
            layout = nginx.NginxLayout(tmp / "nginx")
            nginx_port: int | None = None
            if not missing:
                nginx_port = free_port()
                user = nginx.prepare(layout, as_root=os.geteuid() == 0)
                layout.conf.write_text(
                    nginx.render_config(
                        layout, port=nginx_port, upstream_port=app_port, static_url_root=layout.static_root, user=user
                    ),
                    encoding="utf-8",
                )
                nginx.check_config(layout)
                process = nginx.start(layout, tmp / "nginx.log")
                stack.processes.append(("nginx", process))
                wait_for_http(f"http://127.0.0.1:{nginx_port}/_bench/", process, tmp / "nginx.log")
            trees = {name: process.pid for name, process in stack.processes}
            meter = cpu.CpuMeter(
                trees=trees, database_needle=f" {options.db_name} " if options.database == "postgres" else None
            )
            if options.hold_s:
                print(f"gunicorn http://127.0.0.1:{app_port}/  nginx http://127.0.0.1:{nginx_port}/")
                print(f"Cookie: {cookie}  (user {username}); holding {options.hold_s:.0f}s", flush=True)
                time.sleep(options.hold_s)
                selected = []
            for bench in selected:
                print(f"{bench.name}: {bench.description}", flush=True)
                results[bench.name] = run_benchmark(
                    bench,
                    options,
                    app_port=app_port,
                    nginx_port=nginx_port,
                    static_root=layout.static_root,
                    cookie=cookie,
                    meter=meter,
                )
    except KeyboardInterrupt:
        print("\n已中断，正在停止服务 (interrupted; stopping servers)…", file=sys.stderr)
        exit_code = 130
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        print(f"基准测试失败 (benchmark run failed): {error}", file=sys.stderr)
        print(f"日志 (logs): {tmp}", file=sys.stderr)
        exit_code = 1
    finally:
        stack.stop_all()
    meta["load_after"] = os.getloadavg()
    meta["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    if results:
        rows = write_results(options, meta, results)
        print()
        print(format_table(rows))
        print(
            f"\n结果 (results): {options.results_dir}/summary.json; load avg "
            f"{meta['load_before'][0]:.2f} → {meta['load_after'][0]:.2f} on {meta['machine']['nproc']} cores"
        )
    if options.keep or exit_code == 1:
        print(f"临时目录保留 (kept): {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
