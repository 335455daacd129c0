"""Profile the uncached render of a portal page through the whole WSGI stack, in one process.

`python -m bench.portal_profile --path /zwdt/yw/<article>/` calls `yiwang.wsgi.application` the
way gunicorn does (every middleware, the context processors, the template, the database), with the
production settings, against a database a bench run prepared (`python -m bench.run --keep`; point
`DATABASE_URL`, `REDIS_URL` and `STATIC_ROOT` at what it left, or pass `--env-from <work dir>`).
It prints the CPU ms per request (process time, so the database server's share is not included),
the SQL statements of one request, and the cProfile table of the measured requests.

This is a tool for finding where the time goes, not a benchmark: `bench.run` measures.
"""

from __future__ import annotations

import argparse
import base64
import cProfile
import io
import json
import os
import pstats
import secrets
import sys
import time
from pathlib import Path
from typing import Any


def _environment(args: argparse.Namespace) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "yiwang.settings.production"
    if args.env_from and (Path(args.env_from) / "env.json").is_file():
        os.environ.update(json.loads((Path(args.env_from) / "env.json").read_text(encoding="utf-8")))
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(60))
    os.environ.setdefault("FIELD_ENCRYPTION_KEYS", base64.b64encode(secrets.token_bytes(32)).decode())
    os.environ.setdefault("FIELD_HASH_KEY", base64.b64encode(secrets.token_bytes(32)).decode())
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if args.env_from:
        work = Path(args.env_from)
        os.environ.setdefault("STATIC_ROOT", str(work / "static"))
        os.environ.setdefault("YIWANG_VAR_DIR", str(work / "var"))
        os.environ.setdefault("MEDIA_ROOT", str(work / "var" / "media"))
        os.environ.setdefault("SEARCH_INDEX_DIR", str(work / "var" / "search"))


def _environ(path: str, host: str, cookie: str) -> dict[str, Any]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path.partition("?")[0],
        "QUERY_STRING": path.partition("?")[2],
        "SERVER_NAME": host.split(":")[0],
        "SERVER_PORT": host.split(":")[1] if ":" in host else "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": host,
        "HTTP_ACCEPT": "text/html",
        "HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    return environ


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.portal_profile", description=__doc__.splitlines()[0])
    parser.add_argument("--path", required=True, help="the page's path, e.g. /zwdt/yw/<slug>/")
    parser.add_argument("--host", default="127.0.0.1:8000")
    parser.add_argument("--cookie", default="", help="Cookie header (e.g. yw_elder=1, django_language=en)")
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--top", type=int, default=45)
    parser.add_argument("--sort", default="tottime", choices=("tottime", "cumulative"))
    parser.add_argument("--callers", help="also print the callers of functions matching this")
    parser.add_argument("--env-from", help="a bench work dir kept with --keep (static files, var dir)")
    args = parser.parse_args(argv)
    _environment(args)

    import django

    django.setup()
    from django.db import connection

    from yiwang.wsgi import application

    def get() -> tuple[str, bytes]:
        status: list[str] = []

        def start_response(code: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            status.append(code)
            return lambda data: None

        body = b"".join(application(_environ(args.path, args.host, args.cookie), start_response))
        return status[0], body

    code, body = get()
    print(f"GET {args.path} → {code}, {len(body)} bytes")
    if not code.startswith("200"):
        print(body[:2000].decode(errors="replace"))
        return 1
    for _ in range(args.warmup):
        get()

    statements: list[str] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        import traceback

        frames = [
            f"{Path(f.filename).name}:{f.lineno} {f.name}"
            for f in traceback.extract_stack()[:-1]
            if "/django/db/" not in f.filename and "/django/utils/" not in f.filename
        ]
        statements.append(f"{sql[:100]} … [{' < '.join(reversed(frames[-4:]))}]")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        get()
    print(f"{len(statements)} SQL statement(s) per request:")
    for sql in statements:
        print(f"  {sql}")

    started_cpu, started = time.process_time(), time.perf_counter()
    for _ in range(args.requests):
        get()
    cpu_ms = (time.process_time() - started_cpu) * 1000 / args.requests
    wall_ms = (time.perf_counter() - started) * 1000 / args.requests
    print(f"unprofiled: {cpu_ms:.2f} ms CPU (app process) / {wall_ms:.2f} ms wall per request")

    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.requests):
        get()
    profile.disable()
    stats = pstats.Stats(profile)
    stats.sort_stats(args.sort).print_stats(args.top)
    if args.callers:
        stats.print_callers(args.callers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
