"""The ticket benchmark's data steps, run by bench/tickets/run.py inside the benchmark's environment
(production settings, the bench database and Redis), so what they write is where gunicorn looks:

    python -m bench.tickets.data senders --citizens N --out FILE   # signed-in citizens, one form POST each
    python -m bench.tickets.data api-senders --out FILE            # an API key, one Open311 POST
    python -m bench.tickets.data count                             # tickets in the database
    python -m bench.tickets.data verify --codes PREFIX             # acknowledged codes found in the database
    python -m bench.tickets.data fill --tickets N                  # N historical tickets, written directly

`senders` does what signing in ends with (`django.contrib.auth.login`, a CSRF cookie) without a
password round trip, which a load generator cannot do. `fill` writes rows with COPY (PostgreSQL) or
batched inserts (SQLite), not through the service: the encrypted columns hold real ciphertexts of a
few sample values, repeated. Nothing here is reachable from the application.
Each command prints one JSON line.
"""

from __future__ import annotations

import argparse
import glob
import io
import json
import os
import random
import sys
from datetime import timedelta
from importlib import import_module
from typing import Any
from urllib.parse import urlencode

FORM_PATH = "/hudong/tickets/"
API_PATH = "/api/tickets/open311/v2/requests.json"
USER_AGENT = "yiwang-bench"
SEP = "\1"  # between the extra headers of one sender line (see intake.lua)


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yiwang.settings.production")
    import django

    django.setup()


def _leaf_categories() -> list[Any]:
    from yiwang.modules.tickets.models import Category

    parents = set(Category.objects.exclude(parent=None).values_list("parent_id", flat=True))
    return [c for c in Category.objects.filter(active=True).order_by("code") if c.pk not in parents]


def _phone(i: int) -> str:
    return f"139{i:08d}"


def senders(citizens: int, out: str) -> dict[str, Any]:
    """`citizens` signed-in citizens, each with a session, a CSRF cookie and a form body."""
    from django.conf import settings
    from django.contrib.auth import get_user_model, login
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest
    from django.middleware.csrf import _get_new_csrf_string  # the secret Django itself would set

    user_model = get_user_model()
    unusable = make_password(None)
    existing = set(user_model.objects.filter(username__startswith="bench_citizen_").values_list("username", flat=True))
    user_model.objects.bulk_create(
        [
            user_model(username=name, kind="citizen", display_name=f"压测市民{i}", password=unusable)
            for i in range(citizens)
            if (name := f"bench_citizen_{i:05d}") not in existing
        ],
        batch_size=1000,
    )
    users = list(user_model.objects.filter(username__startswith="bench_citizen_").order_by("username")[:citizens])
    categories = _leaf_categories()
    engine = import_module(settings.SESSION_ENGINE)
    with open(out, "w", encoding="utf-8") as lines:
        for i, user in enumerate(users):
            request = HttpRequest()
            request.META.update({"REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": USER_AGENT})
            request.session = engine.SessionStore()
            request.user = AnonymousUser()
            login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
            request.session.save()
            csrf = _get_new_csrf_string()
            cookie = f"{settings.SESSION_COOKIE_NAME}={request.session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"
            body = urlencode(
                {
                    "csrfmiddlewaretoken": csrf,
                    "excluded_matter": "",
                    "channel": "mayor_mailbox",
                    "kind": random.choice(["complaint", "help", "consultation", "suggestion"]),
                    "category": categories[i % len(categories)].pk,
                    "title": "小区路灯夜间不亮第NUMBER号",
                    "content": "伊美区某小区门前路灯已连续多日夜间不亮，居民出行不便，请有关部门尽快维修。编号NUMBER。",
                    "address": "伊春市伊美区新兴路",
                    "latitude": "",
                    "longitude": "",
                    "wants_public": random.choice(["yes", "no"]),
                    "contact_name": f"压测市民{i}",
                    "contact_phone": _phone(i),
                }
            ).replace("NUMBER", "{n}")
            headers = SEP.join(
                [f"Cookie: {cookie}", "Content-Type: application/x-www-form-urlencoded", f"User-Agent: {USER_AGENT}"]
            )
            lines.write(f"{FORM_PATH}\t{headers}\t{body}\n")
    return {"senders": len(users), "categories": len(categories)}


def api_senders(out: str, keys: int = 1) -> dict[str, Any]:
    """An Open311 API key and one POST body per leaf category."""
    from django.contrib.auth import get_user_model

    from yiwang.modules.tickets.services import open311

    actor = get_user_model().objects.filter(kind="staff", username="dispatcher").first()
    # A partner that forwards a whole hotline's intake carries its own rate, far above the default.
    raw_keys = [open311.create_api_key(name=f"压测应用{k}", actor=actor, rate_limit="60000/m")[1] for k in range(keys)]
    with open(out, "w", encoding="utf-8") as lines:
        for i, category in enumerate(_leaf_categories()):
            body = urlencode(
                {
                    "api_key": raw_keys[i % len(raw_keys)],
                    "service_code": category.code,
                    "description": "伊美区某小区门前路灯已连续多日夜间不亮，居民出行不便，请尽快维修。编号NUMBER。",
                    "address_string": "伊春市伊美区新兴路",
                    "lat": "47.7275",
                    "long": "128.8994",
                    "first_name": "市民",
                    "last_name": "王",
                    "phone": _phone(50_000 + i),
                }
            ).replace("NUMBER", "{n}")
            headers = SEP.join(["Content-Type: application/x-www-form-urlencoded", f"User-Agent: {USER_AGENT}"])
            lines.write(f"{API_PATH}\t{headers}\t{body}\n")
    return {"keys": len(raw_keys)}


def count() -> dict[str, Any]:
    from yiwang.modules.tickets.models import Ticket

    return {"tickets": Ticket.objects.count()}


def verify(prefix: str) -> dict[str, Any]:
    """How many of the query codes the API acknowledged are in the database."""
    from yiwang.modules.tickets.models import Ticket

    codes: list[str] = []
    for path in sorted(glob.glob(f"{glob.escape(prefix)}-*.txt")):
        with open(path, encoding="utf-8") as handle:
            codes += [line.strip() for line in handle if line.strip()]
    unique = sorted(set(codes))
    found = 0
    for start in range(0, len(unique), 5000):
        chunk = unique[start : start + 5000]
        found += Ticket.objects.filter(query_code__in=chunk).count()
    return {"acknowledged": len(codes), "unique": len(unique), "found": found, "missing": len(unique) - found}


def fill(tickets: int) -> dict[str, Any]:
    """`tickets` historical tickets over the last two years, spread over categories, agencies, statuses."""
    from django.db import connection
    from django.utils import timezone

    from yiwang.core.orgs.models import Agency
    from yiwang.core.privacy.crypto import keyed_hash
    from yiwang.modules.tickets.models import Ticket

    field = {f.name: f for f in Ticket._meta.concrete_fields}
    names = [field["contact_name"].get_prep_value(n) for n in ("王建国", "李秀英", "张伟", "刘芳")]
    phones = [_phone(900_000 + i) for i in range(4)]
    cipher_phones = [field["contact_phone"].get_prep_value(p) for p in phones]
    hashes = [keyed_hash(p, purpose="phone") for p in phones]
    address = field["address"].get_prep_value("伊春市伊美区新兴路")
    categories = [c.pk for c in _leaf_categories()]
    agencies = list(Agency.objects.order_by("pk").values_list("pk", flat=True)[:60])
    statuses = [s.value for s in Ticket.Status]
    channels = [c.value for c in Ticket.Channel]
    kinds = [k.value for k in Ticket.Kind]
    now = timezone.now()
    rng = random.Random(7)
    start = Ticket.objects.count()
    columns = [
        "query_code", "channel", "kind", "category_id", "title", "content", "address", "wants_public",
        "confidential", "contact_name", "contact_phone", "contact_phone_hash", "status", "created_at",
        "agency_id", "return_closed", "due_at", "process_id", "reply",
    ]  # fmt: skip
    extra = _defaults_for_other_columns(Ticket, columns)
    columns += list(extra)

    def row(i: int) -> list[Any]:
        created = now - timedelta(seconds=rng.randrange(2 * 365 * 86400))
        status = rng.choice(statuses)
        agency = rng.choice(agencies) if status not in ("submitted", "accepted") else None
        return [
            f"8{start + i:09d}", rng.choice(channels), rng.choice(kinds), rng.choice(categories),
            f"历史诉求第{i}号：道路维修与路灯问题", "历史诉求内容，用于列表基准。", address, rng.random() < 0.5,
            False, names[i % 4], cipher_phones[i % 4], hashes[i % 4], status, created,
            agency, False, created + timedelta(days=7), "", "",
            *extra.values(),
        ]  # fmt: skip

    batch = 20_000
    with connection.cursor() as cursor:
        for offset in range(0, tickets, batch):
            rows = [row(i) for i in range(offset, min(tickets, offset + batch))]
            if connection.vendor == "postgresql":
                buffer = io.StringIO()
                for values in rows:
                    buffer.write("\t".join(_copy_value(v) for v in values) + "\n")
                buffer.seek(0)
                with cursor.cursor.copy(f"COPY tickets_ticket ({', '.join(columns)}) FROM STDIN") as copy:
                    copy.write(buffer.getvalue())
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO tickets_ticket ({', '.join(columns)}) VALUES ({marks})", rows)  # noqa: S608 — column names from the model
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE tickets_ticket")
        else:
            cursor.execute("ANALYZE")
    return {"tickets": Ticket.objects.count()}


def _defaults_for_other_columns(model: Any, columns: list[str]) -> dict[str, Any]:
    """Columns added to the ticket after this benchmark was written, with their model defaults."""
    from django.db import connection

    out: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        column = f.column
        if column in columns or f.primary_key:
            continue
        if f.has_default():
            out[column] = f.get_db_prep_save(f.get_default(), connection)
        elif f.null:
            out[column] = None
        else:
            raise RuntimeError(f"no value for the new column tickets_ticket.{column}: teach bench/tickets/data.py")
    return out


def _copy_value(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.tickets.data", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("senders")
    p.add_argument("--citizens", type=int, default=1000)
    p.add_argument("--out", required=True)
    p = sub.add_parser("api-senders")
    p.add_argument("--out", required=True)
    sub.add_parser("count")
    p = sub.add_parser("verify")
    p.add_argument("--codes", required=True)
    p = sub.add_parser("fill")
    p.add_argument("--tickets", type=int, required=True)
    args = parser.parse_args(argv)
    _setup()
    if args.command == "senders":
        result = senders(args.citizens, args.out)
    elif args.command == "api-senders":
        result = api_senders(args.out)
    elif args.command == "count":
        result = count()
    elif args.command == "verify":
        result = verify(args.codes)
    else:
        result = fill(args.tickets)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
