"""CPU time spent by the servers under test, read from /proc (Linux).

req/s and latency depend on whatever else the machine is doing; the CPU time that gunicorn (and the
PostgreSQL backends of the bench database, and nginx) spent per request much less so. Each target
records both, so a run on a busy machine still says what a request costs.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


def parse_stat(text: str) -> tuple[int, int]:
    """(ppid, utime + stime in clock ticks) from the text of /proc/<pid>/stat.

    The command name (field 2) is in parentheses and may itself contain spaces or parentheses,
    so fields are counted from the last ')'.
    """
    rest = text[text.rindex(")") + 2 :].split()
    # rest[0] is field 3 (state): ppid is field 4, utime field 14, stime field 15.
    return int(rest[1]), int(rest[11]) + int(rest[12])


@dataclass(frozen=True)
class Proc:
    pid: int
    ppid: int
    ticks: int
    cmdline: str


def read_processes(proc: Path = PROC) -> dict[int, Proc]:
    table: dict[int, Proc] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid, ticks = parse_stat((entry / "stat").read_text())
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except (OSError, ValueError, IndexError):
            continue  # the process ended while we looked
        table[int(entry.name)] = Proc(int(entry.name), ppid, ticks, cmdline)
    return table


def tree_ticks(table: dict[int, Proc], root: int) -> int:
    """CPU ticks of `root` and all its descendants."""
    children: dict[int, list[int]] = {}
    for proc in table.values():
        children.setdefault(proc.ppid, []).append(proc.pid)
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        if pid in table:
            total += table[pid].ticks
        stack.extend(children.get(pid, ()))
    return total


def matching_ticks(table: dict[int, Proc], needle: str) -> int:
    """CPU ticks of every process whose command line contains `needle` (PostgreSQL backends show
    `postgres: 15/main: user dbname 127.0.0.1(port) idle`)."""
    return sum(proc.ticks for proc in table.values() if needle in proc.cmdline)


@dataclass(frozen=True)
class Snapshot:
    """Ticks per process tree (by name) and per process matching the database needle (by pid)."""

    trees: dict[str, int]
    matched: dict[int, int]
    tick: int


@dataclass
class CpuMeter:
    """Snapshots of CPU time per server: process trees by root pid, PostgreSQL by database name."""

    trees: dict[str, int]
    database_needle: str | None = None

    def snapshot(self) -> Snapshot:
        table = read_processes()
        matched = (
            {pid: proc.ticks for pid, proc in table.items() if self.database_needle in proc.cmdline}
            if self.database_needle
            else {}
        )
        return Snapshot(
            trees={name: tree_ticks(table, pid) for name, pid in self.trees.items()},
            matched=matched,
            tick=os.sysconf("SC_CLK_TCK"),
        )

    def wait_idle(self, name: str, *, timeout_s: float = 30.0, interval_s: float = 0.5, busy_s: float = 0.05) -> bool:
        """Wait until server `name` uses less than `busy_s` CPU seconds per `interval_s` (it has
        finished the requests still queued from the previous target). Bounded by `timeout_s`."""
        deadline = time.monotonic() + timeout_s
        previous = self.snapshot()
        while time.monotonic() < deadline:
            time.sleep(interval_s)
            current = self.snapshot()
            if delta(previous, current).get(name, 0.0) < busy_s:
                return True
            previous = current
        return False


def delta(before: Snapshot, after: Snapshot) -> dict[str, float]:
    """CPU seconds between two snapshots. Database backends are counted per process, so one that
    ended in between (a connection closed after DB_CONN_MAX_AGE) does not make the total drop; its
    time since `before` is lost, which under-counts by at most that backend's last moments."""
    seconds = {
        name: round(max(0, ticks - before.trees.get(name, 0)) / after.tick, 3) for name, ticks in after.trees.items()
    }
    if after.matched or before.matched:
        ticks = sum(max(0, value - before.matched.get(pid, 0)) for pid, value in after.matched.items())
        seconds["postgres"] = round(ticks / after.tick, 3)
    return seconds
