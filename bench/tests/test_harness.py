"""The benchmark harness' pure parts: reading wrk, building its command, the table, the configs.
No load is generated here (benchmarks are never timed tests)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bench import cpu, nginx
from bench.run import cpu_per_request, format_table, parse_args
from bench.wrk import build_command, parse_duration_ms, parse_output, parse_size_bytes

REPO = Path(__file__).resolve().parents[2]

LUA_RUN = """\
Running 2s test @ http://127.0.0.1:18999/_bench/x/p.html
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   815.24us    1.07ms   8.67ms   84.26%
    Req/Sec    15.62k     1.49k   17.63k    78.05%
  Latency Distribution
     50%  230.00us
     75%    1.16ms
     90%    2.44ms
     99%    4.66ms
  63852 requests in 2.10s, 105.04MB read
Requests/sec:  30406.64
Transfer/sec:     50.02MB
WRK_JSON {"duration_us": 2099936, "requests": 63852, "bytes": 110144700, "errors": {"connect": 0, "read": 0, \
"write": 0, "status": 0, "timeout": 0}, "non2xx": 0, "non2xx_by_status": {}, "latency_us": {"min": 44, \
"max": 8669, "mean": 815.2, "stdev": 1073.7, "p50": 230, "p90": 2436, "p95": 3137, "p99": 4664, "p999": 5807}}
"""

TEXT_RUN_WITH_ERRORS = """\
Running 1s test @ http://127.0.0.1:18999/
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    49.93ms  118.92ms 500.69ms   86.80%
    Req/Sec    13.08k     2.74k   16.77k    60.00%
  Latency Distribution
     50%   67.00us
     75%  118.00us
     90%  249.37ms
     99%  475.18ms
  12997 requests in 1.00s, 4.18MB read
  Socket errors: connect 0, read 3, write 0, timeout 2
  Non-2xx or 3xx responses: 12997
Requests/sec:  12967.27
Transfer/sec:      4.17MB
"""


def test_lua_report_line_gives_exact_counts_and_p95_in_milliseconds():
    result = parse_output(LUA_RUN)

    assert result.source == "lua"
    assert result.requests == 63852
    assert result.req_per_s == pytest.approx(63852 / 2.099936, rel=1e-3)
    assert result.latency_ms["p50"] == pytest.approx(0.230)
    assert result.latency_ms["p95"] == pytest.approx(3.137)
    assert result.latency_ms["p99"] == pytest.approx(4.664)
    assert result.error_count == 0


def test_non_2xx_answers_are_errors_with_their_status():
    line = LUA_RUN.splitlines()[-3:]
    text = "\n".join(line).replace('"non2xx": 0, "non2xx_by_status": {}', '"non2xx": 7, "non2xx_by_status": {"302": 7}')

    result = parse_output(text)

    assert result.errors["non2xx"] == 7
    assert result.non2xx_by_status == {"302": 7}
    assert result.error_count == 7


def test_text_report_is_read_when_the_lua_line_is_missing_and_p95_is_left_unknown():
    result = parse_output(TEXT_RUN_WITH_ERRORS)

    assert result.source == "text"
    assert result.req_per_s == pytest.approx(12967.27)
    assert result.latency_ms["p50"] == pytest.approx(0.067)
    assert result.latency_ms["p99"] == pytest.approx(475.18)
    assert result.latency_ms["p95"] is None
    assert result.errors == {"connect": 0, "read": 3, "write": 0, "timeout": 2, "non2xx": 12997}


def test_output_without_results_is_refused():
    with pytest.raises(ValueError):
        parse_output("unable to connect to 127.0.0.1:1 Connection refused\n")


def test_wrk_units_convert_to_milliseconds_and_bytes():
    assert parse_duration_ms("812.00us") == pytest.approx(0.812)
    assert parse_duration_ms("1.53ms") == pytest.approx(1.53)
    assert parse_duration_ms("2.01s") == pytest.approx(2010.0)
    assert parse_size_bytes("1.50KB") == pytest.approx(1536)
    assert parse_size_bytes("512B") == 512


def test_wrk_command_is_bounded_and_carries_the_session_cookie():
    command = build_command(
        "http://127.0.0.1:9/staff/", threads=2, connections=64, duration_s=15, headers={"Cookie": "sessionid=abc"}
    )

    assert command[:6] == ["wrk", "-t2", "-c64", "-d15s", "--timeout=10s", "--latency"]
    assert command[6:8] == ["-H", "Cookie: sessionid=abc"]
    assert command[-1] == "http://127.0.0.1:9/staff/"
    assert command[-2].endswith("report.lua")


def test_table_shows_every_target_and_an_unloaded_page_with_its_status():
    rows = [
        {
            "benchmark": "portal_home",
            "page": "home",
            "target": "gunicorn",
            "req_per_s": 412.3,
            "latency_ms": {"p50": 150.0, "p95": 190.5, "p99": 230.0},
            "error_count": 0,
            "error": None,
        },
        {
            "benchmark": "staff_inbox",
            "page": "notifications",
            "target": "gunicorn",
            "status": 404,
            "error": "页面返回 HTTP 404，未压测 (page answered 404; not loaded)",
        },
    ]

    table = format_table(rows).splitlines()

    assert table[0].split()[:4] == ["benchmark", "page", "target", "req/s"]
    assert "412.3" in table[2] and "190.50" in table[2]
    assert "HTTP 404" in table[3]


def test_cli_refuses_an_unknown_benchmark_and_unbounded_durations():
    with pytest.raises(SystemExit):
        parse_args(["--only", "no_such_bench"])
    with pytest.raises(SystemExit):
        parse_args(["--duration", "0"])
    assert parse_args(["--only", "portal_home", "--database", "sqlite"]).database == "sqlite"


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed (make system-deps)")
def test_bench_nginx_config_is_accepted_by_nginx(tmp_path):
    layout = nginx.NginxLayout(tmp_path / "nginx")
    nginx.prepare(layout, as_root=False)
    layout.conf.write_text(
        nginx.render_config(layout, port=1, upstream_port=2, static_url_root=layout.static_root), encoding="utf-8"
    )

    nginx.check_config(layout)  # raises on an invalid configuration


@pytest.mark.skipif(
    shutil.which("nginx") is None or shutil.which("openssl") is None, reason="nginx/openssl not installed"
)
def test_shipped_production_nginx_config_is_accepted_by_nginx(tmp_path):
    """deploy/nginx/yiwang.conf with its absolute paths pointed into a temporary directory (nginx -t only)."""
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=test",
            "-keyout",
            str(tmp_path / "key.pem"),
            "-out",
            str(tmp_path / "cert.pem"),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    site = (REPO / "deploy" / "nginx" / "yiwang.conf").read_text(encoding="utf-8")
    site = (
        site.replace("/etc/yiwang/tls/fullchain.pem", str(tmp_path / "cert.pem"))
        .replace("/etc/yiwang/tls/privkey.pem", str(tmp_path / "key.pem"))
        .replace("/var/cache/nginx/yiwang", str(tmp_path / "cache"))
        .replace("/var/log/nginx", str(tmp_path))
        .replace("include snippets/", f"include {REPO}/deploy/nginx/snippets/")
    )
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    temp = tmp_path / "temp"
    temp.mkdir()
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
        f"http {{ include /etc/nginx/mime.types; access_log off; client_body_temp_path {temp}/b; "
        f"proxy_temp_path {temp}/p; fastcgi_temp_path {temp}/f; uwsgi_temp_path {temp}/u; "
        f"scgi_temp_path {temp}/s; include {tmp_path}/site.conf; }}\n",
        encoding="utf-8",
    )

    result = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert result.returncode == 0, result.stderr


def test_env_example_lists_every_variable_the_settings_read():
    """deploy/env.example is the operator's checklist: a setting read from the environment must be in it."""
    pattern = re.compile(
        r"""(?:os\.environ\.get|os\.getenv|env_bool|env_list|env_int|os\.environ\[)\(?\s*["']([A-Z][A-Z0-9_]+)["']"""
    )
    read = set()
    for path in (REPO / "yiwang" / "settings").glob("*.py"):
        if path.name == "test.py":
            continue
        read |= set(pattern.findall(path.read_text(encoding="utf-8")))
    documented = set(
        re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (REPO / "deploy" / "env.example").read_text("utf-8"), re.M)
    )

    missing = sorted(read - documented)

    assert not missing, f"add these to deploy/env.example (and docs/deploy.md): {missing}"


def test_proc_stat_is_read_even_when_the_command_name_has_spaces_and_parentheses():
    line = "4242 (gunicorn: worker (x)) S 4200 4242 4242 0 -1 4194560 900 0 0 0 150 25 0 0 20 0 1 0 1000 0 0"

    assert cpu.parse_stat(line) == (4200, 175)


def test_cpu_of_a_process_tree_counts_every_descendant_and_nothing_else():
    table = {
        10: cpu.Proc(10, 1, 5, "gunicorn master"),
        11: cpu.Proc(11, 10, 100, "gunicorn worker"),
        12: cpu.Proc(12, 10, 120, "gunicorn worker"),
        13: cpu.Proc(13, 11, 1, "child of a worker"),
        20: cpu.Proc(20, 1, 999, "postgres: 15/main: postgres yiwang_bench 127.0.0.1(5) idle"),
    }

    assert cpu.tree_ticks(table, 10) == 226
    assert cpu.matching_ticks(table, " yiwang_bench ") == 999


def test_cpu_per_request_is_in_milliseconds_and_absent_without_requests():
    assert cpu_per_request({"gunicorn": 3.0, "postgres": 0.5}, 1000) == {"gunicorn": 3.0, "postgres": 0.5}
    assert cpu_per_request({"gunicorn": 3.0}, 0) is None
    assert cpu_per_request(None, 10) is None


def test_cpu_delta_counts_database_backends_per_process_so_a_closed_connection_never_subtracts():
    before = cpu.Snapshot(trees={"gunicorn": 100}, matched={501: 300, 502: 50}, tick=100)
    after = cpu.Snapshot(trees={"gunicorn": 350}, matched={502: 80, 503: 20}, tick=100)  # 501 closed, 503 new

    assert cpu.delta(before, after) == {"gunicorn": 2.5, "postgres": 0.5}
