"""The 公文 list benchmark's pure parts: the status spread of its data, its options and its table
(the measurement itself needs PostgreSQL and 500,000 rows; benchmarks are never timed tests)."""

from __future__ import annotations

import random

from bench.documents import lists


def test_the_loaded_years_hold_every_status_and_older_years_are_mostly_filed():
    rng = random.Random(1)
    current = lists.YEARS[-1]
    seen = {year: [lists._status_for(rng, year, current) for _ in range(4000)] for year in lists.YEARS}

    every = {status for statuses in seen.values() for status in statuses}
    assert set(lists.OPEN_STATUSES) | {"archived", "withdrawn"} <= every
    oldest = seen[lists.YEARS[0]]
    assert oldest.count("archived") / len(oldest) > 0.9
    assert len(set(seen[current])) >= len(lists.OPEN_STATUSES)


def test_defaults_are_500000_documents_in_their_own_database_and_redis_db():
    args = lists.parse_args([])

    assert (args.documents, args.db_name, args.keep) == (500_000, "yiwang_bench_docs", False)
    assert args.redis_url.endswith("/9")


def test_the_table_marks_each_page_against_the_100_ms_target():
    rows = [
        {"list": "发文", "page": "first page", "as": "clerk", "p50_ms": 12.0, "p95_ms": 20.0, "p99_ms": 31.5,
         "max_ms": 40.0, "meets_target": True},
        {"list": "收文", "page": "page 20", "as": "city-wide", "p50_ms": 90.0, "p95_ms": 120.0, "p99_ms": 150.2,
         "max_ms": 170.0, "meets_target": False},
    ]  # fmt: skip

    text = lists.table(rows)

    assert "| 发文 | first page | clerk | 12.0 | 20.0 | 31.5 | 40.0 | yes |" in text
    assert text.splitlines()[-1].endswith("| 150.2 | 170.0 | no |")
