"""A production-like run on loopback, smoke-tested over HTTP (`make smoke`, also run by `.ci/run`):

    nginx (Debian nginx-light, non-root config in a temporary directory, derived from
    deploy/nginx/yiwang.conf by bench/nginx.py)  →  gunicorn with yiwang.settings.production
    →  PostgreSQL (a fresh `yiwang_smoke` database)  +  Redis (cache, sessions)  +  the task worker

nginx plays the TLS-terminating proxy: its proxy snippet is copied with `X-Forwarded-Proto https`,
as the real one sends behind TLS, so the app answers as it does in production (HSTS, Secure cookies).

Checks: home page, a portal page, a static file, the login page, /api/docs, the security headers
(HSTS, CSP, X-Content-Type-Options, Referrer-Policy, frame-ancestors / X-Frame-Options), and a
background task enqueued through the app and run by the worker. Everything started here is stopped
on exit, error or Ctrl-C. Exit status 0 when every check passed.

    python -m scripts.smoke [--pg postgres://postgres@127.0.0.1:5432] [--db yiwang_smoke] [--redis URL] [--keep]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench import nginx
from bench.run import (
    Stack,
    fetch,
    flush_redis,
    free_port,
    manage,
    random_secret,
    start_gunicorn,
    terminate_on_sigterm,
    wait_for_http,
)

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATA_SETTINGS = "yiwang.settings.dev"  # the reference data is loaded with dev settings, served with production


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def smoke_env(tmp: Path, database_url: str, redis_url: str) -> dict[str, str]:
    import base64
    import secrets

    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "GUNICORN_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "yiwang.settings.production",
            "SECRET_KEY": random_secret(60),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": "https://127.0.0.1",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": f"smoke{os.getpid()}",
            "YIWANG_VAR_DIR": str(tmp / "var"),
            "MEDIA_ROOT": str(tmp / "var" / "media"),
            "STATIC_ROOT": str(tmp / "static"),
            "SEARCH_INDEX_DIR": str(tmp / "var" / "search"),
            "PORTAL_PUBLISH_DIR": str(tmp / "nginx" / "published"),
            "BACKUP_DIR": str(tmp / "var" / "backups"),
            "FIELD_ENCRYPTION_KEYS": base64.b64encode(secrets.token_bytes(32)).decode(),
            "FIELD_HASH_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(REPO),
            "PYTHONUNBUFFERED": "1",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_ACCESS_LOG": "",
            "GUNICORN_LOG_LEVEL": "warning",
            "GUNICORN_GRACEFUL_TIMEOUT": "5",
        }
    )
    (tmp / "var").mkdir(parents=True, exist_ok=True)
    return env


def recreate_database(server: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8'").format(sql.Identifier(name)))


def drop_database(server: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def tls_snippets(tmp: Path) -> Path:
    """The shipped nginx snippets, with the proxy telling the app the client came over HTTPS."""
    target = tmp / "snippets"
    shutil.copytree(nginx.SNIPPETS, target)
    proxy = target / "yiwang-proxy.conf"
    proxy.write_text(proxy.read_text().replace("X-Forwarded-Proto $scheme", "X-Forwarded-Proto https"))
    return target


def start_nginx(stack: Stack, port: int, upstream_port: int) -> None:
    layout = nginx.NginxLayout(stack.tmp / "nginx")
    as_root = os.geteuid() == 0
    user = nginx.prepare(layout, as_root=as_root)
    layout.conf.write_text(
        nginx.render_config(
            layout,
            port=port,
            upstream_port=upstream_port,
            static_url_root=layout.static_root,
            workers=1,
            user=user,
            snippets=tls_snippets(stack.tmp),
        )
    )
    nginx.check_config(layout)
    process = nginx.start(layout, stack.tmp / "nginx.log")
    stack.processes.append(("nginx", process))
    wait_for_http(f"http://127.0.0.1:{port}/", process, layout.error_log)


def start_worker(stack: Stack) -> None:
    log = (stack.tmp / "worker.log").open("ab")
    process = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--interval", "0.5"],
        cwd=REPO,
        env=stack.env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    stack.processes.append(("worker", process))


def header(headers: dict[str, str], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value
    return ""


def run_checks(stack: Stack, base: str) -> list[Check]:
    checks: list[Check] = []

    def page(name: str, path: str, *, expect: int = 200, contains: str = "") -> dict[str, str]:
        status, body, headers = fetch(base + path, headers={"Host": "127.0.0.1"})
        text = body.decode("utf-8", errors="replace")
        ok = status == expect and (not contains or contains in text)
        checks.append(Check(name, ok, f"{path} → {status}" + ("" if ok or not contains else f", no {contains!r}")))
        return headers

    page("home page", "/")
    portal_path = (
        manage(stack, "shell", "-c", PORTAL_PAGE, settings=DATA_SETTINGS).stdout.strip().splitlines() or ["/"]
    )[-1]
    page("portal page", portal_path if portal_path.startswith("/") else "/")
    static_path = "/static/" + manage(stack, "shell", "-c", STATIC_FILE).stdout.strip().splitlines()[-1]
    page("static file", static_path)
    login = page("login page", "/accounts/login/", contains="csrfmiddlewaretoken")
    page("API docs", "/api/docs")

    # The headers of an application response (the login page, proxied to gunicorn). Published portal
    # pages served by nginx itself get theirs from deploy/nginx/yiwang.conf, which bench/nginx.py does
    # not reproduce for those files, so they are not checked here.
    for name, value, want in (
        ("HSTS", header(login, "Strict-Transport-Security"), "max-age="),
        ("CSP", header(login, "Content-Security-Policy"), "default-src"),
        ("CSP frame-ancestors", header(login, "Content-Security-Policy"), "frame-ancestors"),
        ("X-Content-Type-Options", header(login, "X-Content-Type-Options"), "nosniff"),
        ("Referrer-Policy", header(login, "Referrer-Policy"), "same-origin"),
        ("X-Frame-Options", header(login, "X-Frame-Options"), "DENY"),
    ):
        checks.append(Check(f"header {name}", bool(value) and want in value, value or "missing"))

    cookie = header(login, "Set-Cookie")
    checks.append(Check("CSRF cookie Secure", "secure" in cookie.lower(), cookie[:120] or "no cookie"))
    checks.append(background_task(stack))
    return checks


# One published portal page (the first live page below the root), looked up in the loaded data.
PORTAL_PAGE = (
    "from wagtail.models import Page\n"
    "p = Page.objects.live().filter(depth__gte=3).order_by('path').first()\n"
    "print(p.url if p else '/')"
)
STATIC_FILE = (
    "from django.contrib.staticfiles.storage import staticfiles_storage as s\n"
    "print(s.stored_name('wagtailadmin/css/core.css') if hasattr(s, 'stored_name') else 'wagtailadmin/css/core.css')"
)


def background_task(stack: Stack, timeout_s: float = 180) -> Check:
    """Enqueue a periodic job through the jobs service (as the scheduler would) and wait for the
    worker to finish it. The wait is generous: on a busy two-core CI machine the worker's start
    (importing every app) can take more than a minute. A failure quotes the worker's log."""
    code = (
        "from yiwang.core.jobs import services\n"
        "run = services.run_now(name='security.alerts', user=None)\n"
        "print(run.pk)"
    )
    try:
        run_id = manage(stack, "shell", "-c", code).stdout.strip().splitlines()[-1]
    except RuntimeError as exc:
        return Check("background task", False, str(exc)[-300:])
    deadline = time.monotonic() + timeout_s
    status = ""
    while time.monotonic() < deadline:
        status = (
            manage(
                stack,
                "shell",
                "-c",
                f"from yiwang.core.jobs.models import JobRun; print(JobRun.objects.get(pk={run_id}).status)",
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        if status in ("success", "failed"):
            break
        time.sleep(1)
    detail = f"JobRun {run_id}: {status or 'not run'}"
    if status != "success":
        log = stack.tmp / "worker.log"
        tail = log.read_text(errors="replace")[-600:] if log.exists() else "(no worker log)"
        detail += f"\nworker log:\n{tail}"
    return Check("background task", status == "success", detail)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("SMOKE_PG_SERVER", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--db", default=os.environ.get("SMOKE_DB_NAME", "yiwang_smoke"))
    parser.add_argument("--redis", default=os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/5"))
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs) afterwards")
    args = parser.parse_args(argv)
    if not nginx.available():
        print("nginx 未安装 (nginx is not installed): run 'make system-deps' as root", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="yiwang-smoke-"))
    stack = Stack(tmp=tmp, env=smoke_env(tmp, f"{args.pg.rstrip('/')}/{args.db}", args.redis))
    checks: list[Check] = []
    try:
        with terminate_on_sigterm():
            recreate_database(args.pg, args.db)
            flush_redis(args.redis)
            print("== migrate, reference data, static files", flush=True)
            manage(stack, "migrate", "--noinput", "-v0")
            manage(stack, "load_reference", settings=DATA_SETTINGS)
            manage(stack, "collectstatic", "--noinput", "-v0")
            app_port, web_port = free_port(), free_port()
            print(f"== gunicorn :{app_port}, nginx :{web_port}, task worker", flush=True)
            start_gunicorn(stack, app_port)
            start_nginx(stack, web_port, app_port)
            start_worker(stack)
            checks = run_checks(stack, f"http://127.0.0.1:{web_port}")
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        checks.append(Check("start", False, str(exc)[-2000:]))
    finally:
        stack.stop_all()
        flush_redis(args.redis)
        drop_database(args.pg, args.db)
        if args.keep:
            print(f"logs kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    for check in checks:
        print(f"{'ok  ' if check.ok else 'FAIL'} {check.name}: {check.detail}")
    failed = [c for c in checks if not c.ok]
    print(f"== smoke: {len(checks) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed or not checks else 0


if __name__ == "__main__":
    sys.exit(main())
