"""Driving wrk and reading what it says. Everything but `run_wrk` is pure, so it is unit-tested.

wrk prints its human report, then our `report.lua` `done()` hook prints one line
`WRK_JSON {...}` with exact counts and the p50/p90/p95/p99/p99.9 latencies in microseconds.
If that line is missing (an old wrk, a script error) the `--latency` text report is parsed instead;
it has no p95, so p95 is then null rather than guessed.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPORT_SCRIPT = Path(__file__).with_name("report.lua")

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_SIZE = {"": 1, "B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}


@dataclass
class WrkResult:
    """One wrk run, in the units the summary JSON uses (requests/second, milliseconds)."""

    requests: int
    duration_s: float
    req_per_s: float
    bytes_per_s: float
    latency_ms: dict[str, float | None]
    errors: dict[str, int]
    non2xx_by_status: dict[str, int] = field(default_factory=dict)
    source: str = "lua"  # "lua" (exact, from report.lua) or "text" (parsed --latency report)

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["error_count"] = self.error_count
        return data


def build_command(
    url: str,
    *,
    threads: int,
    connections: int,
    duration_s: float,
    headers: dict[str, str] | None = None,
    timeout_s: float = 10.0,
    script: Path | None = REPORT_SCRIPT,
    script_args: tuple[str, ...] = (),
) -> list[str]:
    """The wrk argv. `--timeout` bounds each request; `-d` bounds the whole run."""
    connections = max(connections, threads)  # wrk refuses fewer connections than threads
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(duration_s))}s",
        f"--timeout={max(1, round(timeout_s))}s",
        "--latency",
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script is not None:
        command += ["-s", str(script)]
    command.append(url)
    if script_args:
        command += ["--", *script_args]  # handed to the script's init(args)
    return command


def parse_duration_ms(text: str) -> float:
    """'812.00us' → 0.812, '1.53ms' → 1.53, '2.01s' → 2010.0, '1.00m' → 60000.0."""
    match = re.fullmatch(r"\s*([0-9.]+)\s*(us|ms|s|m|h)\s*", text)
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match.group(1)) * _UNITS_MS[match.group(2)]


def parse_size_bytes(text: str) -> float:
    """'1.21MB' → 1268776.96 (wrk uses binary multiples)."""
    match = re.fullmatch(r"\s*([0-9.]+)\s*([KMGT]?B?)\s*", text)
    if not match:
        raise ValueError(f"not a wrk size: {text!r}")
    return float(match.group(1)) * _SIZE[match.group(2)]


def parse_output(text: str) -> WrkResult:
    """Read a wrk run's stdout: the WRK_JSON line when there is one, else the text report."""
    for line in text.splitlines():
        if line.startswith("WRK_JSON "):
            return _from_lua(json.loads(line[len("WRK_JSON ") :]))
    return _from_text(text)


def _from_lua(data: dict[str, Any]) -> WrkResult:
    duration_s = data["duration_us"] / 1_000_000 if data["duration_us"] else 0.0
    requests = int(data["requests"])
    latency = data["latency_us"]
    errors = {key: int(value) for key, value in data["errors"].items() if key != "status"}
    # wrk's own "status" error counts only >= 400; report.lua counts every non-2xx (3xx too).
    errors["non2xx"] = int(data.get("non2xx", data["errors"].get("status", 0)))
    return WrkResult(
        requests=requests,
        duration_s=round(duration_s, 3),
        req_per_s=round(requests / duration_s, 1) if duration_s else 0.0,
        bytes_per_s=round(data["bytes"] / duration_s, 1) if duration_s else 0.0,
        latency_ms={
            name: round(latency[name] / 1000, 3) for name in ("p50", "p90", "p95", "p99", "p999", "mean", "max")
        },
        errors=errors,
        non2xx_by_status={str(code): int(count) for code, count in data.get("non2xx_by_status", {}).items()},
        source="lua",
    )


def _from_text(text: str) -> WrkResult:
    requests_match = re.search(r"(\d+) requests in ([0-9.]+\w+), ([0-9.]+\w*B) read", text)
    rate_match = re.search(r"Requests/sec:\s*([0-9.]+)", text)
    if not requests_match or not rate_match:
        raise ValueError("wrk printed no result (no 'requests in' / 'Requests/sec' lines)")
    requests = int(requests_match.group(1))
    duration_s = parse_duration_ms(requests_match.group(2)) / 1000
    transfer_match = re.search(r"Transfer/sec:\s*([0-9.]+\w*B)", text)
    percentiles = {
        f"p{int(float(p))}": parse_duration_ms(value)
        for p, value in re.findall(r"^\s*([0-9.]+)%\s+([0-9.]+\w+)\s*$", text, flags=re.M)
    }
    latency_line = re.search(r"^\s*Latency\s+([0-9.]+\w+)\s+([0-9.]+\w+)\s+([0-9.]+\w+)", text, flags=re.M)
    errors = {"connect": 0, "read": 0, "write": 0, "timeout": 0, "non2xx": 0}
    socket_match = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if socket_match:
        for key, value in zip(("connect", "read", "write", "timeout"), socket_match.groups(), strict=True):
            errors[key] = int(value)
    non2xx_match = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if non2xx_match:
        errors["non2xx"] = int(non2xx_match.group(1))
    return WrkResult(
        requests=requests,
        duration_s=round(duration_s, 3),
        req_per_s=float(rate_match.group(1)),
        bytes_per_s=parse_size_bytes(transfer_match.group(1)) if transfer_match else 0.0,
        latency_ms={
            "p50": percentiles.get("p50"),
            "p90": percentiles.get("p90"),
            "p95": None,  # the text report has no p95
            "p99": percentiles.get("p99"),
            "p999": None,
            "mean": parse_duration_ms(latency_line.group(1)) if latency_line else None,
            "max": parse_duration_ms(latency_line.group(3)) if latency_line else None,
        },
        errors=errors,
        source="text",
    )


def run_wrk(command: list[str], *, duration_s: float) -> tuple[WrkResult | None, str]:
    """Run wrk, bounded by its own -d plus a margin; return the parsed result (or None) and the raw output."""
    completed = subprocess.run(command, capture_output=True, text=True, timeout=duration_s + 60, check=False)
    output = completed.stdout + ("\n" + completed.stderr if completed.stderr else "")
    try:
        return parse_output(completed.stdout), output
    except (ValueError, KeyError, json.JSONDecodeError):
        return None, output
