"""Workflow-engine benchmark: completing a task and reading a 待办 list with a large history, and
20 people completing tasks on the same 50 instances for a minute (then every step is counted).

    .venv/bin/python -m bench.workflow.run [--database sqlite|postgres|both] [--instances 100000]
        [--items 1000000] [--samples 300] [--race-seconds 60] [--output-dir bench/results]

For each database: a fresh one (PostgreSQL `yiwang_bench_workflow`, dropped and recreated, or SQLite
in a temporary directory), `migrate`, `load_reference --no-demo` (organisations, roles, the sample
processes), 520 staff users, then the history written directly with COPY (PostgreSQL) or batched
inserts (SQLite), not through the engine: finished instances, their items and their steps. Then,
in process with production settings, timed calls of the real services and selectors:

- `complete`: p50/p99 of `services.complete` on fresh instances (one transition, next item created);
- 待办: `selectors.list_todo` (the inbox query the staff UI runs, first page of 50) plus its count,
  for a user with 200 open items among the history;
- race (PostgreSQL): 20 threads, one per user, each completing its own 会签 item on 50 shared
  instances whose step loops back after every round, for `--race-seconds`; afterwards every instance
  is checked: each successful call has exactly one Step, each item at most one completion, and each
  round's 20 completions are contiguous in the log (no step of round n+1 before the last of round n).

Results: bench/results/workflow-<database>.json and a table on stdout. A measurement, never a
pass/fail test; targets (issue 4): p99 < 50 ms for completing and for the 待办 list.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import platform
import random
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.stats import summarise

REPO = Path(__file__).resolve().parents[2]
RESULTS_DIR = REPO / "bench" / "results"
DEFAULT_PG_SERVER = "postgres://postgres@127.0.0.1:5432"
DEFAULT_DB_NAME = "yiwang_bench_workflow"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/6"
TARGET_P99_MS = 50.0
USERS = 500
TEAM = 20

BENCH_PROCESSES = {
    "bench.approval": ("审批（基准）", "a,b"),
    "bench.team": ("会签循环（基准）", ""),
}


def _bpmn(process_id: str, body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions '
        'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:yw="urn:yiwang:bpmn:1" id="d" '
        f'targetNamespace="urn:bench"><bpmn:process id="{process_id}" isExecutable="true">{body}'
        "</bpmn:process></bpmn:definitions>"
    )


def _task(element: str, name: str, rule: str, multi: bool = False) -> str:
    loop = '<bpmn:multiInstanceLoopCharacteristics isSequential="false" />' if multi else ""
    return (
        f'<bpmn:userTask id="{element}" name="{name}"><bpmn:extensionElements>{rule}'
        '<yw:due workingDays="3" /></bpmn:extensionElements>'
        f"{loop}</bpmn:userTask>"
    )


APPROVAL = _bpmn(
    "bench.approval",
    '<bpmn:startEvent id="s" />'
    + _task("a", "办理", '<yw:assignee rule="variable" name="who" />')
    + _task("b", "审核", '<yw:assignee rule="variable" name="who" />')
    + '<bpmn:endEvent id="e" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="a" />'
    '<bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="b" /><bpmn:sequenceFlow id="f3" sourceRef="b" targetRef="e" />',
)
TEAM_LOOP = _bpmn(
    "bench.team",
    '<bpmn:startEvent id="s" />'
    + _task("round", "会签", '<yw:assignee rule="variable" name="team" />', multi=True)
    + '<bpmn:exclusiveGateway id="g" default="again" /><bpmn:endEvent id="e" />'
    '<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="round" />'
    '<bpmn:sequenceFlow id="f2" sourceRef="round" targetRef="g" />'
    '<bpmn:sequenceFlow id="again" sourceRef="g" targetRef="round" />'
    '<bpmn:sequenceFlow id="stop" sourceRef="g" targetRef="e"><bpmn:conditionExpression '
    'xsi:type="bpmn:tFormalExpression">stop == True</bpmn:conditionExpression></bpmn:sequenceFlow>',
)


# --- the parent: one child process per database ---------------------------------------------------


def _env(database_url: str, redis_url: str, tmp: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "yiwang.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": f"benchwf{os.getpid()}",
            "YIWANG_VAR_DIR": str(tmp / "var"),
            "MEDIA_ROOT": str(tmp / "var" / "media"),
            "STATIC_ROOT": str(tmp / "static"),
            "SEARCH_INDEX_DIR": str(tmp / "var" / "search"),
            "FIELD_ENCRYPTION_KEYS": base64.b64encode(secrets.token_bytes(32)).decode(),
            "FIELD_HASH_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(REPO),
            "PYTHONUNBUFFERED": "1",
        }
    )
    (tmp / "var").mkdir(parents=True, exist_ok=True)
    return env


def _recreate_pg(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def run_database(database: str, options: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="yiwang-bench-wf-") as tmp_name:
        tmp = Path(tmp_name)
        if database == "postgres":
            _recreate_pg(options.pg_server, options.db_name)
            url = f"{options.pg_server.rstrip('/')}/{options.db_name}"
        else:
            url = f"sqlite:///{tmp / 'bench.sqlite3'}"
        env = _env(url, options.redis_url, tmp)
        output = tmp / "result.json"
        command = [
            sys.executable, "-m", "bench.workflow.run", "--child", "--database", database,
            "--instances", str(options.instances), "--items", str(options.items),
            "--samples", str(options.samples), "--race-seconds", str(options.race_seconds),
            "--child-output", str(output),
        ]  # fmt: skip
        subprocess.run(command, cwd=REPO, env=env, check=True, timeout=options.timeout)
        result: dict[str, Any] = json.loads(output.read_text())
        if database == "postgres":
            _drop_pg(options.pg_server, options.db_name)
        return result


def _drop_pg(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the child: Django set up against the fresh database ------------------------------------------


def _setup() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_reference", "--no-demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def _users(agency: Any) -> list[Any]:
    """The bench's staff, each on the staff of `agency` (a process is started only in one's own)."""
    from django.contrib.auth.hashers import make_password

    from yiwang.core.accounts.models import User
    from yiwang.core.orgs.models import Membership, Role

    password = make_password(None)
    User.objects.bulk_create(
        [
            User(username=f"bench{n:04d}", display_name=f"测试用户{n}", kind=User.Kind.STAFF, password=password)
            for n in range(USERS + TEAM)
        ],
        batch_size=1000,
    )
    users = list(User.objects.filter(username__startswith="bench").order_by("username"))
    role = Role.objects.order_by("pk").first()
    Membership.objects.bulk_create([Membership(user=u, agency=agency, role=role) for u in users], batch_size=1000)
    return users


def _fields(model: Any) -> list[Any]:
    # An integer primary key is left to the database (PostgreSQL refuses NULL in COPY).
    return [
        f for f in model._meta.concrete_fields if not (f.primary_key and f.get_internal_type().endswith("AutoField"))
    ]


def _rows(model: Any, values: Iterator[dict[str, Any]]) -> Iterator[list[Any]]:
    fields = _fields(model)
    for row in values:
        yield [row.get(f.attname, f.get_default()) for f in fields]


def _columns(model: Any) -> list[str]:
    return [f.column for f in _fields(model)]


def _write(model: Any, rows: Iterator[list[Any]]) -> int:
    """COPY on PostgreSQL, batched executemany on SQLite; JSON and UUIDs as text."""
    from django.db import connection, transaction

    table = model._meta.db_table
    columns = _columns(model)

    def text(value: Any) -> Any:
        if isinstance(value, (dict, list)):
            return json.dumps(value, ensure_ascii=False)
        if isinstance(value, uuid.UUID):
            return str(value) if connection.vendor == "postgresql" else value.hex
        return value

    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            quoted = ", ".join(f'"{c}"' for c in columns)
            with cursor.cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row([text(v) for v in row])
                    count += 1
        else:
            sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join(["%s"] * len(columns))})'  # noqa: S608 — model table and column names, not input
            batch: list[list[Any]] = []
            for row in rows:
                batch.append([text(v) for v in row])
                if len(batch) >= 20000:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
    return count


def _history(definition: Any, users: list[Any], agency_id: int, instances: int, items: int) -> dict[str, Any]:
    """Finished instances with their done items and steps, written directly (not through the engine)."""
    from yiwang.core.workflow.models import ProcessInstance, Step, WorkItem

    started = time.perf_counter()
    rng = random.Random(7)
    base = datetime(2025, 1, 2, 1, 0, tzinfo=UTC)
    ids = [uuid.uuid4() for _ in range(instances)]
    per_instance = max(1, items // instances)

    def instance_rows() -> Iterator[dict[str, Any]]:
        for n, pk in enumerate(ids):
            at = base + timedelta(minutes=n * 3)
            yield {
                "id": pk, "definition_id": definition.pk, "module": "core", "subject_type": "bench.case",
                "subject_id": str(n), "subject_url": "", "title": f"历史事项{n}", "urgency": "normal",
                "initiator_id": users[n % USERS].pk, "initiator_agency_id": agency_id, "status": "completed",
                "variables": {}, "state": {}, "revision": per_instance, "current_steps": "", "wake_at": None,
                "started_at": at, "ended_at": at + timedelta(days=2), "end_reason": "",
            }  # fmt: skip

    item_ids: list[tuple[uuid.UUID, uuid.UUID, int, datetime]] = []

    def item_rows() -> Iterator[dict[str, Any]]:
        for n, pk in enumerate(ids):
            at = base + timedelta(minutes=n * 3)
            for k in range(per_instance):
                item_id = uuid.uuid4()
                user = users[rng.randrange(USERS)]
                done = at + timedelta(hours=k + 1)
                item_ids.append((item_id, pk, user.pk, done))
                yield {
                    "id": item_id, "instance_id": pk, "kind": "todo", "state": "done", "spiff_task_id": uuid.uuid4(),
                    "element_id": "a" if k % 2 == 0 else "b", "step_name": "办理", "module": "core",
                    "title": f"历史事项{n}", "urgency": "normal", "assignee_id": user.pk,
                    "candidate_agency_id": None, "candidate_role_id": None, "sender_id": None, "parent_id": None,
                    "signer_position": "", "from_element": "", "created_at": at + timedelta(hours=k),
                    "opened_at": done, "due_at": None, "reminded_at": None, "escalated_at": None,
                    "completed_at": done, "completed_by_id": user.pk, "verb": "complete", "opinion": "同意",
                }  # fmt: skip

    def step_rows() -> Iterator[dict[str, Any]]:
        for item_id, instance_id, user_id, done in item_ids:
            yield {
                "instance_id": instance_id, "item_id": item_id, "at": done, "actor_id": user_id,
                "on_behalf_of_id": None, "element_id": "a", "step_name": "办理", "verb": "complete",
                "opinion": "同意", "detail": {},
            }  # fmt: skip

    counts = {
        "instances": _write(ProcessInstance, _rows(ProcessInstance, instance_rows())),
        "items": _write(WorkItem, _rows(WorkItem, item_rows())),
    }
    step_model = Step
    counts["steps"] = _write(step_model, _rows(step_model, ({k: v for k, v in r.items()} for r in step_rows())))
    _analyze()
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _deploy_bench_processes() -> None:
    from yiwang.core.workflow import services

    services.deploy_definition(key="bench.approval", name="审批（基准）", module="core", bpmn_xml=APPROVAL)
    services.deploy_definition(key="bench.team", name="会签循环（基准）", module="core", bpmn_xml=TEAM_LOOP)


def measure_complete(users: list[Any], agency: Any, samples: int) -> dict[str, Any]:
    from yiwang.core.workflow import services
    from yiwang.core.workflow.models import WorkItem

    timings: list[float] = []
    cpu: list[float] = []
    for n in range(samples + 20):
        user = users[n % USERS]
        instance = services.start(
            key="bench.approval", title=f"基准事项{n}", initiator=user, agency=agency, variables={"who": user.pk}
        )
        item_id = WorkItem.objects.filter(instance=instance, state="open").values_list("pk", flat=True).get()
        began, cpu_began = time.perf_counter(), time.thread_time()
        services.complete(str(item_id), actor=user, opinion="同意")
        if n >= 20:  # the first calls warm caches and the connection
            timings.append((time.perf_counter() - began) * 1000)
            cpu.append((time.thread_time() - cpu_began) * 1000)
    return {**summarise(timings), "cpu_in_process": summarise(cpu)}


def measure_inbox(users: list[Any], agency: Any, samples: int) -> dict[str, Any]:
    from yiwang.core.accounts.models import User
    from yiwang.core.workflow import selectors, services

    target = users[USERS - 1]  # measure_complete leaves its next steps with the first users
    for n in range(200):
        services.start(
            key="bench.approval", title=f"待办{n}", initiator=users[1], agency=agency, variables={"who": target.pk}
        )
    lists: list[float] = []
    counts: list[float] = []
    for n in range(samples + 20):
        user = User.objects.get(pk=target.pk)  # a fresh request: nothing cached on the user
        began = time.perf_counter()
        page = list(selectors.list_todo(user)[:50])
        listed = (time.perf_counter() - began) * 1000
        began = time.perf_counter()
        total = selectors.list_todo(user).count()
        counted = (time.perf_counter() - began) * 1000
        if n >= 20:
            lists.append(listed)
            counts.append(counted)
    assert len(page) == 50 and total == 200, (len(page), total)
    return {"list_first_page": summarise(lists), "count": summarise(counts)}


def race(users: list[Any], agency: Any, seconds: float) -> dict[str, Any]:
    """20 users complete their 会签 items on the same 50 instances; then count every step."""
    from django.db import connection

    from yiwang.core.workflow import services
    from yiwang.core.workflow.errors import WorkflowError
    from yiwang.core.workflow.models import Step, WorkItem

    team = users[USERS : USERS + TEAM]
    instances = [
        services.start(
            key="bench.team",
            title=f"并发{n}",
            initiator=team[0],
            agency=agency,
            variables={"team": [u.pk for u in team], "stop": False},
        )
        for n in range(50)
    ]
    instance_ids = [i.pk for i in instances]
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    ok: list[str] = []
    refused: list[str] = []
    errors: list[str] = []
    timings: list[float] = []

    def worker(user: Any, seed: int) -> None:
        rng = random.Random(seed)
        order = list(instance_ids)
        try:
            while time.monotonic() < deadline:
                rng.shuffle(order)
                for instance_id in order:
                    if time.monotonic() >= deadline:
                        break
                    item_id = (
                        WorkItem.objects.filter(instance_id=instance_id, assignee=user, state="open")
                        .values_list("pk", flat=True)
                        .first()
                    )
                    if item_id is None:
                        continue  # this round is waiting for the others
                    began = time.perf_counter()
                    try:
                        services.complete(str(item_id), actor=user)
                    except WorkflowError as exc:
                        with lock:
                            refused.append(exc.code)
                        continue
                    elapsed = (time.perf_counter() - began) * 1000
                    with lock:
                        ok.append(str(item_id))
                        timings.append(elapsed)
        except Exception as exc:  # a crash is a finding, not a reason to stop the others
            with lock:
                errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(user, n)) for n, user in enumerate(team)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started

    # Count: every successful call has exactly one Step; no item completed twice; rounds contiguous.
    steps = list(
        Step.objects.filter(instance_id__in=instance_ids, verb="complete")
        .order_by("instance_id", "id")
        .values_list("instance_id", "item_id", "item__spiff_task_id")
    )
    step_items = [item for _, item, _ in steps]
    duplicated = len(step_items) - len(set(step_items))
    lost = len(set(ok) - {str(i) for i in step_items})
    phantom = len({str(i) for i in step_items} - set(ok))
    out_of_order = 0  # a round's steps interleaved with another round's
    short_rounds = 0  # a finished round with other than TEAM completions
    rounds_closed = 0
    by_instance: dict[Any, list[Any]] = {}
    for instance_id, _, spiff_task in steps:
        by_instance.setdefault(instance_id, []).append(spiff_task)
    for sequence in by_instance.values():
        groups: list[list[Any]] = []
        for task in sequence:
            if groups and groups[-1][0] == task:
                groups[-1].append(task)
            else:
                groups.append([task])
        tasks = [group[0] for group in groups]
        out_of_order += len(tasks) - len(set(tasks))
        short_rounds += sum(1 for group in groups[:-1] if len(group) != TEAM)
        rounds_closed += sum(1 for group in groups if len(group) == TEAM)
    open_now = WorkItem.objects.filter(instance_id__in=instance_ids, state="open").count()
    return {
        "users": TEAM,
        "instances": len(instance_ids),
        "seconds": round(wall, 1),
        "completed": len(ok),
        "completions_per_second": round(len(ok) / wall, 1),
        "refused": len(refused),
        "refused_codes": sorted(set(refused)),
        "errors": errors[:5],
        "steps_logged": len(steps),
        "lost": lost,
        "duplicated": duplicated,
        "phantom": phantom,
        "out_of_order": out_of_order,
        "short_rounds": short_rounds,
        "rounds_closed": rounds_closed,
        "open_items_now": open_now,
        "complete_latency": summarise(timings),
    }


def _print_slowest_queries(users: list[Any], agency: Any) -> None:
    """BENCH_QUERIES=1: the SQL of one `complete` with each statement's time, slowest first."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        measure_complete(users, agency, 1)
    rows = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    print(f"{len(rows)} statements for 21 start+complete pairs; slowest:")
    for query in rows[:8]:
        sql = query["sql"]
        print(f"  {float(query['time']) * 1000:9.2f} ms  {sql[:80]} … {sql[sql.find(' FROM ') :][:500]}")


def child(options: argparse.Namespace) -> None:
    _setup()
    from django.db import connection

    from yiwang.core.orgs.models import Agency
    from yiwang.core.workflow.models import ProcessDefinition

    agency = Agency.objects.order_by("path").first()
    users = _users(agency)
    _deploy_bench_processes()
    definition = ProcessDefinition.objects.get(key="bench.approval", is_current=True)
    print(f"[{connection.vendor}] writing history …", flush=True)
    history = _history(definition, users, agency.pk, options.instances, options.items)
    print(f"[{connection.vendor}] history: {history}", flush=True)
    result: dict[str, Any] = {
        "database": connection.vendor,
        "history": history,
        "complete": measure_complete(users, agency, options.samples),
    }
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(measure_complete, users, agency, 30)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(os.environ["BENCH_PROFILE"], 30)
    if os.environ.get("BENCH_QUERIES"):
        _print_slowest_queries(users, agency)
    result["inbox"] = measure_inbox(users, agency, options.samples)
    if connection.vendor == "postgresql" and options.race_seconds > 0:
        result["race"] = race(users, agency, options.race_seconds)
    Path(options.child_output).write_text(json.dumps(result, ensure_ascii=False, indent=2))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.workflow.run", description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--instances", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=1_000_000, help="historical items (and as many steps)")
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--race-seconds", type=float, default=60.0)
    parser.add_argument("--pg-server", default=os.environ.get("BENCH_PG_SERVER", DEFAULT_PG_SERVER))
    parser.add_argument("--db-name", default=os.environ.get("BENCH_WORKFLOW_DB_NAME", DEFAULT_DB_NAME))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL))
    parser.add_argument("--output-dir", type=Path, default=RESULTS_DIR)
    parser.add_argument("--timeout", type=float, default=3600.0)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-output", default="", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child:
        child(options)
        return 0
    databases = ["sqlite", "postgres"] if options.database == "both" else [options.database]
    options.output_dir.mkdir(parents=True, exist_ok=True)
    for database in databases:
        result = run_database(database, options)
        result["machine"] = {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "at": datetime.now(UTC).isoformat(),
        }
        result["target_p99_ms"] = TARGET_P99_MS
        (options.output_dir / f"workflow-{database}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
        _print(database, result)
    return 0


def _print(database: str, result: dict[str, Any]) -> None:
    complete, inbox = result["complete"], result["inbox"]
    print(f"\n== workflow on {database}: history {result['history']}")
    print(f"  complete        p50 {complete['p50_ms']:8.2f} ms   p99 {complete['p99_ms']:8.2f} ms")
    cpu = complete["cpu_in_process"]
    print(f"  complete (CPU)  p50 {cpu['p50_ms']:8.2f} ms   p99 {cpu['p99_ms']:8.2f} ms  (this process only)")
    for name, figures in inbox.items():
        print(f"  待办 {name:<11} p50 {figures['p50_ms']:8.2f} ms   p99 {figures['p99_ms']:8.2f} ms")
    if "race" in result:
        race_result = result["race"]
        print(
            "  race: {completed} completions in {seconds}s ({completions_per_second}/s), lost {lost}, "
            "duplicated {duplicated}, out of order {out_of_order}, refused {refused}, errors {errors}".format(
                **race_result
            )
        )


if __name__ == "__main__":
    sys.exit(main())
