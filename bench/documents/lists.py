"""公文 list benchmark: the 发文 list (and the 收文 list once it exists) over 500,000 documents.

    .venv/bin/python -m bench.documents.lists [--documents 500000] [--samples 200] [--keep]
        [--pg-server postgres://postgres@127.0.0.1:5432] [--db-name yiwang_bench_docs]
        [--redis-url redis://127.0.0.1:6379/9] [--output-dir bench/results]

PostgreSQL only. Steps: the database `yiwang_bench_docs` (dropped and recreated, unless `--keep`
finds it already holding the documents: then the data is reused and left in place afterwards),
`migrate`, `load_reference --no-demo` (the 伊春 organisations and roles; the roles get the 公文
verbs of the module's manifest), one clerk per agency and a city-wide reader (a membership at
伊春市人民政府 covering its subtree), then the documents written with COPY, not through the services:
≈ 40 agencies, five years, every status (older years mostly 已归档), a 发文字号 for everything past
编号, co-issuers for ≈ 10 %, and 1–5 recipients (Distribution rows) for everything distributed.
Where the 收文 tables exist (`models/incoming.py`), the received rows are filled too.

Then, in process with the production settings, every sample is what a staff list page runs: the
user's scope resolved afresh, `selectors.documents.list_outgoing` with the page's filters, the
`CappedPaginator` count and the page's 50 rows (for 收文: `selectors.incoming.list_incoming`).
Pages: the first page, `status=`, `year=`, page 20 — as the clerk of one agency (a different agency
each sample) and as the city-wide reader. p50/p95/p99 per page, and EXPLAIN (ANALYZE, BUFFERS) of
the slowest page's query. Results: bench/results/documents-lists.json and a table on stdout. A
measurement, never a pass/fail test; target (issue 7): p99 < 100 ms.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import io
import json
import os
import platform
import random
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench.stats import summarise

REPO = Path(__file__).resolve().parents[2]
RESULTS_DIR = REPO / "bench" / "results"
DEFAULT_PG_SERVER = "postgres://postgres@127.0.0.1:5432"
DEFAULT_DB_NAME = "yiwang_bench_docs"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/9"
TARGET_P99_MS = 100.0
AGENCIES = 40
INCOMING_ROWS = 500_000  # 收文 rows: the newest distributions (one per recipient agency)
YEARS = (2022, 2023, 2024, 2025, 2026)
CLERK_PREFIX = "benchdoc"
CITY_READER = "benchdoc_city"
# Status spread of a year's documents: older years are almost all filed, the current one is busy.
OPEN_STATUSES = ("draft", "review", "countersign", "sign_off", "recheck", "number", "seal", "distribute", "archive")
NUMBERED = frozenset({"seal", "distribute", "archive", "archived"})
DISTRIBUTED = frozenset({"archive", "archived"})


# --- the database ---------------------------------------------------------------------------------


def _environment(database_url: str, redis_url: str, var_dir: Path) -> None:
    """Production settings against the bench database, fresh secrets (no encrypted field is kept)."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "yiwang.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": f"benchdocs{os.getpid()}",
            "YIWANG_VAR_DIR": str(var_dir),
            "MEDIA_ROOT": str(var_dir / "media"),
            "STATIC_ROOT": str(var_dir / "static"),
            "SEARCH_INDEX_DIR": str(var_dir / "search"),
            "FIELD_ENCRYPTION_KEYS": base64.b64encode(secrets.token_bytes(32)).decode(),
            "FIELD_HASH_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
            "LOG_LEVEL": "WARNING",
        }
    )
    var_dir.mkdir(parents=True, exist_ok=True)


def _admin(server: str) -> Any:
    import psycopg

    return psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True)


def _database_exists(server: str, name: str) -> bool:
    with _admin(server) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def _recreate(server: str, name: str) -> None:
    with _admin(server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _drop(server: str, name: str) -> None:
    with _admin(server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _stored_documents() -> int:
    from django.db import connection

    if "documents_document" not in connection.introspection.table_names():
        return 0
    from yiwang.modules.documents.models import Document

    return int(Document.objects.count())


def _grant_manifest_verbs() -> None:
    """The module's verbs on the roles its manifest names (as the module's install does)."""
    from yiwang.core.orgs.models import Role
    from yiwang.modules.documents.manifest import manifest

    for verb in manifest.verbs:
        for code in verb.roles:
            role = Role.objects.filter(code=code).first()
            if role is not None and verb.code not in role.verbs:
                role.verbs = [*role.verbs, verb.code]
                role.save(update_fields=["verbs"])


def _people(agencies: list[Any]) -> None:
    """One clerk per agency (经办人: view, draft, review) and a city-wide reader."""
    from django.contrib.auth.hashers import make_password

    from yiwang.core.accounts.models import User
    from yiwang.core.orgs.models import Agency, Membership, Role

    clerk = Role.objects.get(code="clerk")
    leader = Role.objects.get(code="leader")
    password = make_password(None)
    users = User.objects.bulk_create(
        [
            User(username=f"{CLERK_PREFIX}{n:02d}", display_name=f"经办人{n}", kind=User.Kind.STAFF, password=password)
            for n in range(len(agencies))
        ]
    )
    Membership.objects.bulk_create(
        [Membership(user=user, agency=agency, role=clerk) for user, agency in zip(users, agencies, strict=True)]
    )
    city = Agency.objects.filter(parent__isnull=True).order_by("path").first() or agencies[0]
    reader = User.objects.create(
        username=CITY_READER, display_name="市政府领导", kind=User.Kind.STAFF, password=password
    )
    Membership.objects.create(user=reader, agency=city, role=leader, covers_subtree=True, is_leader=True)


def _copy(model: Any, columns: list[str], rows: Iterator[list[Any]]) -> int:
    from django.db import connection

    table = model._meta.db_table
    quoted = ", ".join(f'"{c}"' for c in columns)
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _copy_dicts(model: Any, rows: Iterator[dict[str, Any]]) -> int:
    """COPY rows given by attribute name; every other column gets its model default (so columns
    added to the model later are filled too). The integer primary key is left to the sequence."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    return _copy(model, [f.column for f in fields], ([{**defaults, **row}[f.attname] for f in fields] for row in rows))


def _status_for(rng: random.Random, year: int, current: int) -> str:
    age = current - year
    if age >= 2:
        return "archived" if rng.random() < 0.97 else rng.choice(("withdrawn", "archive"))
    if age == 1:
        return "archived" if rng.random() < 0.8 else rng.choice((*OPEN_STATUSES, "withdrawn"))
    return rng.choice((*OPEN_STATUSES, "archived", "archived", "archived"))


def fill(documents: int, *, seed: int = 7) -> dict[str, Any]:
    """Write `documents` 发文 rows with their issuers and distributions (and 收文 rows if that part exists)."""
    from django.db import connection, transaction

    from yiwang.core.orgs.models import Agency, Membership
    from yiwang.modules.documents.models import (
        Distribution,
        Document,
        DocumentIssuer,
        DocumentNumberCounter,
        DocumentType,
        IssuerCode,
    )

    started = time.perf_counter()
    rng = random.Random(seed)
    with_code = list(Agency.objects.exclude(code_word="").order_by("path")[:AGENCIES])
    agencies = with_code + list(
        Agency.objects.exclude(pk__in=[a.pk for a in with_code]).order_by("path")[: AGENCIES - len(with_code)]
    )
    _grant_manifest_verbs()
    _people(agencies)
    codes = {}
    for n, agency in enumerate(agencies):
        code, _ = IssuerCode.objects.get_or_create(
            code=agency.code_word or f"基准{n}发", defaults={"agency": agency, "label": "发文"}
        )
        codes[agency.pk] = code
    drafters = {
        agency_id: user_id
        for user_id, agency_id in Membership.objects.filter(user__username__startswith=CLERK_PREFIX).values_list(
            "user_id", "agency_id"
        )
    }
    # Big agencies write more: weights 1/rank^0.8 (市政府 and 市政府办 far more than a county bureau).
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(agencies))]
    types = [t.value for t in DocumentType]
    type_weights = [8 if t in ("通知", "函", "请示", "报告") else 1 for t in types]
    current = YEARS[-1]
    start = datetime.datetime(YEARS[0], 1, 2, tzinfo=datetime.UTC)
    span = (datetime.datetime(current, 12, 1, tzinfo=datetime.UTC) - start).total_seconds()
    # created_at increases with the id, as real inserts do (the list's order is (created_at, id)).
    offsets = sorted(rng.random() * span for _ in range(documents))
    serials: dict[tuple[int, int], int] = {}
    issuers: list[dict[str, Any]] = []
    distributions: list[dict[str, Any]] = []

    doc_fields = [f for f in Document._meta.concrete_fields]
    doc_columns = [str(f.column) for f in doc_fields]
    defaults = {f.attname: f.get_default() for f in doc_fields}

    def document_rows() -> Iterator[list[Any]]:
        for n in range(documents):
            pk = n + 1
            agency = rng.choices(agencies, weights)[0]
            created = start + datetime.timedelta(seconds=offsets[n])
            year = created.year
            status = _status_for(rng, year, current)
            doc_type = rng.choices(types, type_weights)[0]
            code = codes[agency.pk]
            row = dict(defaults)
            row.update(
                id=pk,
                doc_type=doc_type,
                agency_id=agency.pk,
                title=f"{agency.full_name}关于做好第{n}项工作的{doc_type}",
                main_to="各县（市）、区人民政府，市政府各有关部门",
                body="为……，现就有关事项通知如下：\n一、……\n二、……",
                printer=agency.full_name,
                status=status,
                drafted_by_id=drafters[agency.pk],
                year=year,
                created_at=created,
                updated_at=created,
                issuer_code_id=code.pk,
            )
            if status in NUMBERED:
                serial = serials[(code.pk, year)] = serials.get((code.pk, year), 0) + 1
                row.update(
                    number_year=year,
                    number_serial=serial,
                    doc_number=f"{code.code}〔{year}〕{serial}号",
                    numbered_at=created + datetime.timedelta(days=3),
                    written_on=(created + datetime.timedelta(days=2)).date(),
                )
            issuers.append({"document_id": pk, "agency_id": agency.pk, "order": 0})
            if rng.random() < 0.10:
                for order, co in enumerate(rng.sample([a for a in agencies if a.pk != agency.pk], rng.randint(1, 2))):
                    issuers.append({"document_id": pk, "agency_id": co.pk, "order": order + 1})
            if status in DISTRIBUTED:
                sent = created + datetime.timedelta(days=5)
                row.update(distributed_at=sent, print_date=sent.date())
                if status == "archived":
                    row["archived_at"] = sent + datetime.timedelta(days=30)
                for k, recipient in enumerate(rng.sample(agencies, rng.randint(1, 5))):
                    signed = sent + datetime.timedelta(hours=rng.randint(1, 72)) if status == "archived" else None
                    distributions.append(
                        {
                            "document_id": pk,
                            "recipient_id": recipient.pk,
                            "kind": "main" if k == 0 else "cc",
                            "sent_at": sent,
                            "sent_by_id": drafters[agency.pk],
                            "signed_for_at": signed,
                            "signed_for_by_id": drafters[recipient.pk] if signed else None,
                        }
                    )
            yield [row[f.attname] for f in doc_fields]

    counts: dict[str, Any] = {}
    with transaction.atomic():
        counts["documents"] = _copy(Document, doc_columns, document_rows())
        counts["issuers"] = _copy_dicts(DocumentIssuer, iter(issuers))
        counts["distributions"] = _copy_dicts(Distribution, iter(distributions))
        for (code_id, year), last in serials.items():
            DocumentNumberCounter.objects.update_or_create(issuer_code_id=code_id, year=year, defaults={"last": last})
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('documents_document', 'id'), (SELECT max(id) FROM documents_document))"
            )
    incoming = _fill_incoming()
    if incoming is not None:
        counts["incoming"] = incoming
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    counts["agencies"] = len(agencies)
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts


def _incoming_rows() -> int:
    from django.db import connection

    if "documents_incomingdocument" not in connection.introspection.table_names():
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM documents_incomingdocument")
        return int(cursor.fetchone()[0])


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _fill_incoming() -> int:
    from yiwang.modules.documents.models import IncomingDocument

    return _copy_incoming(IncomingDocument)


def _copy_incoming(model: Any) -> int:
    """One 收文 row per distribution, for whichever of the known columns the model has."""
    from django.db import connection

    from yiwang.modules.documents.models import Distribution

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    names = {f.attname for f in fields}
    defaults = {f.attname: f.get_default() for f in fields}
    rows = Distribution.objects.values_list(
        "id",
        "document_id",
        "recipient_id",
        "sent_at",
        "signed_for_at",
        "signed_for_by_id",
        "document__title",
        "document__agency_id",
        "document__agency__full_name",
        "document__doc_number",
        "document__doc_type",
    ).order_by("-id")[:INCOMING_ROWS]

    distributions = list(rows)  # read before the COPY: one connection cannot do both at once

    def generate() -> Iterator[list[Any]]:
        for n, (
            dist_id, document_id, recipient_id, sent_at, signed_at, signed_by, title, source, source_name, number,
            doc_type,
        ) in enumerate(distributions):  # fmt: skip
            row = dict(defaults)
            values = {
                "distribution_id": dist_id,
                "document_id": document_id,
                "agency_id": recipient_id,
                "recipient_id": recipient_id,
                "title": title,
                "received_at": signed_at or sent_at,
                "created_at": signed_at or sent_at,
                "updated_at": signed_at or sent_at,
                "signed_for_at": signed_at,
                "signed_for_by_id": signed_by,
                "registered_by_id": signed_by,
                "year": (signed_at or sent_at).year,
                "number_serial": n + 1,
                "number": f"收〔{(signed_at or sent_at).year}〕{n + 1}号" if signed_at else "",
                "status": "done" if signed_at else "sign_for",
                "source_agency_id": source,
                "source_name": source_name[:100],
                "source_number": number,
                "doc_type": doc_type,
                "completed_at": signed_at,
                "completed_by_id": signed_by,
                "created_by_id": signed_by,
            }
            row.update({k: v for k, v in values.items() if k in names})
            yield [row[f.attname] for f in fields]

    try:
        with connection.cursor():
            return _copy(model, [f.column for f in fields], generate())
    except Exception as error:  # the 收文 model may need columns this loader does not know yet
        print(f"收文 rows not written ({type(error).__name__}: {error}); the 收文 list is measured on what exists")
        return 0


# --- the measurement --------------------------------------------------------------------------------


def _list_page(kind: str, filters: dict[str, Any], page: int) -> Callable[[Any], Any]:
    """What the list view runs: the selector, the capped count and the page's rows."""
    from yiwang.core.web.pagination import CappedPaginator
    from yiwang.modules.documents.selectors import documents, incoming

    selector = documents.list_outgoing if kind == "发文" else incoming.list_incoming

    def run(user: Any) -> Any:
        rows = CappedPaginator(selector(user, **filters), documents.PAGE_SIZE, cap=documents.COUNT_CAP)
        page_rows = rows.get_page(page)
        list(page_rows.object_list)
        return page_rows

    return run


def _pages(year: int) -> list[tuple[str, str, dict[str, Any], int]]:
    return [
        ("发文", "first page", {}, 1),
        ("发文", "status=review", {"status": "review"}, 1),
        ("发文", "status=archived", {"status": "archived"}, 1),
        ("发文", f"year={year}", {"year": year}, 1),
        ("发文", "page 20", {}, 20),
        ("收文", "first page", {}, 1),
        ("收文", f"year={year}", {"year": year}, 1),
        ("收文", "page 20", {}, 20),
    ]


def _explain(query_set: Any) -> str:
    from django.db import connection

    sql, params = query_set.query.get_compiler(using="default").as_sql()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _analyze_lists() -> None:
    """Fresh statistics on the listed tables before measuring."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE documents_document")
        cursor.execute("ANALYZE documents_distribution")


def measure(samples: int) -> dict[str, Any]:
    from django.db import connection, reset_queries

    from yiwang.core.accounts.models import User
    from yiwang.core.permissions import access

    clerks = list(User.objects.filter(username__startswith=CLERK_PREFIX).exclude(username=CITY_READER))
    reader = User.objects.get(username=CITY_READER)
    year = YEARS[-2]
    results: list[dict[str, Any]] = []
    slowest: tuple[float, str, Any] | None = None
    for kind, name, filters, page in _pages(year):
        run = _list_page(kind, filters, page)
        for who, users in (("clerk", clerks), ("city-wide", [reader])):
            for user in users[:3]:  # warm-up
                access.forget_scope(user)
                run(user)
            timings: list[float] = []
            queries = 0
            for n in range(samples):
                user = users[n % len(users)]
                access.forget_scope(user)
                reset_queries()
                begin = time.perf_counter()
                page_obj = run(user)
                timings.append((time.perf_counter() - begin) * 1000)
                queries = len(connection.queries) if connection.queries_logged else queries
            summary = summarise(timings)
            row = {"list": kind, "page": name, "as": who, **summary, "rows": len(page_obj.object_list)}
            row["meets_target"] = summary["p99_ms"] < TARGET_P99_MS
            results.append(row)
            if slowest is None or summary["p99_ms"] > slowest[0]:
                slowest = (summary["p99_ms"], f"{kind} {name} as {who}", page_obj.object_list)
            print(f"  {kind} {name:<16} {who:<9} p50 {summary['p50_ms']:7.1f}  p95 {summary['p95_ms']:7.1f}  "
                  f"p99 {summary['p99_ms']:7.1f} ms")  # fmt: skip
    explain = {}
    if slowest is not None:
        explain = {"page": slowest[1], "p99_ms": slowest[0], "plan": _explain(slowest[2])}
    return {"pages": results, "slowest": explain}


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| list | page | as | p50 ms | p95 ms | p99 ms | max ms | p99 < 100 ms |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        lines.append(
            f"| {row['list']} | {row['page']} | {row['as']} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | "
            f"{row['p99_ms']:.1f} | {row['max_ms']:.1f} | {'yes' if row['meets_target'] else 'no'} |"
        )
    return "\n".join(lines)


def _load_average() -> list[float]:
    return [round(v, 2) for v in os.getloadavg()]


def _git() -> str:
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    return result.stdout.strip()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--documents", type=int, default=500_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="reuse the database if it holds the documents; keep it")
    parser.add_argument("--pg-server", default=os.environ.get("BENCH_PG_SERVER", DEFAULT_PG_SERVER))
    parser.add_argument("--db-name", default=os.environ.get("BENCH_DB_NAME_DOCUMENTS", DEFAULT_DB_NAME))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL_DOCUMENTS", DEFAULT_REDIS_URL))
    parser.add_argument("--output-dir", type=Path, default=RESULTS_DIR)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(REPO))
    reuse = args.keep and _database_exists(args.pg_server, args.db_name)
    if not reuse:
        _recreate(args.pg_server, args.db_name)
    with tempfile.TemporaryDirectory(prefix="yiwang-bench-docs-") as tmp:
        _environment(f"{args.pg_server.rstrip('/')}/{args.db_name}", args.redis_url, Path(tmp) / "var")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        stored = _stored_documents()
        load_average_before = _load_average()
        if reuse and stored >= args.documents:
            print(f"documents.lists: reusing {stored:,} documents in {args.db_name}")
            loaded: dict[str, Any] = {"documents": stored, "reused": True}
            if not _incoming_rows():  # written by an older version of this benchmark
                loaded["incoming"] = _fill_incoming()
                _analyze()
        else:
            if stored:  # a partial or smaller data set: start again
                from django.db import connections

                connections.close_all()
                _recreate(args.pg_server, args.db_name)
                call_command("migrate", verbosity=0, interactive=False)
            call_command("load_reference", "--no-demo", stdout=io.StringIO())
            print(f"documents.lists: writing {args.documents:,} documents …")
            loaded = fill(args.documents)
            print(f"  written in {loaded['seconds']} s: {loaded}")
        _analyze_lists()
        measured = measure(args.samples)
        from django.db import connections

        connections.close_all()
    report = {
        "benchmark": "documents.lists",
        "data": loaded,
        "samples": args.samples,
        "target_p99_ms": TARGET_P99_MS,
        **measured,
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "load_average_before": load_average_before,
            "load_average_after": _load_average(),
            "git": _git(),
        },
        "at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }
    args.output_dir.mkdir(parents=True, exist_ok=True)
    (args.output_dir / "documents-lists.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(table(measured["pages"]))
    if measured["slowest"]:
        print(f"\nslowest: {measured['slowest']['page']} (p99 {measured['slowest']['p99_ms']:.1f} ms)")
        print(measured["slowest"]["plan"])
    if not args.keep:
        _drop(args.pg_server, args.db_name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
