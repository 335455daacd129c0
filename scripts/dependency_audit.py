"""Dependency vulnerability check for CI (GB/T 22239 L3-CES1-21): pip-audit over the pinned Python
lock file, and npm audit over package-lock.json (the front-end packages served from /static/vendor/).

    python -m scripts.dependency_audit [requirements/lock.txt]

- a known vulnerability in a pinned Python package, or one of severity high/critical in a front-end
  package → exit 1, with the advisories listed;
- the vulnerability service cannot be reached (no DNS/network, or an index mirror without the
  vulnerability API, where every package comes back "not found") → a clear notice that the check
  was NOT performed, exit 0 — unless DEPENDENCY_AUDIT_REQUIRED=1, then exit 2;
- otherwise → how many packages were checked, exit 0.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


NPM_FAILING_SEVERITIES = ("high", "critical")


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    lock = Path(args[0]) if args else REPO / "requirements" / "lock.txt"
    required = os.environ.get("DEPENDENCY_AUDIT_REQUIRED", "") == "1"
    python, npm = audit_python(lock, required), audit_npm(required)
    # A vulnerability (1) wins over a required check that could not run (2): both fail CI.
    return 1 if 1 in (python, npm) else max(python, npm)


def audit_python(lock: Path, required: bool) -> int:
    pip_audit = shutil.which("pip-audit", path=str(Path(sys.executable).parent)) or shutil.which("pip-audit")
    if pip_audit is None:
        print("依赖漏洞检查：未安装 pip-audit (make install)", file=sys.stderr)
        return 2
    result = subprocess.run(
        [pip_audit, "-r", str(lock), "--no-deps", "--disable-pip", "--progress-spinner", "off", "-f", "json"],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    try:
        report = json.loads(result.stdout)
    except ValueError:
        reason = (result.stderr.strip().splitlines() or ["no output"])[-1]
        return _unreachable(f"pip-audit 未能完成（{reason[:300]}）", required)
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "无修复版本"
            print(f"VULNERABLE {dep['name']} {dep.get('version', '')}: {vuln['id']} (修复版本: {fixes})")
    if vulnerable:
        print(f"依赖漏洞检查失败：{len(vulnerable)} 个依赖存在已知漏洞 (known vulnerabilities found)")
        return 1
    if dependencies and not audited:
        return _unreachable(
            f"漏洞服务不认识任何依赖（{len(dependencies)} 个全部跳过：网络不可达，或索引镜像不提供漏洞接口）",
            required,
        )
    skipped = len(dependencies) - len(audited)
    print(
        f"依赖漏洞检查通过：已检查 {len(audited)} 个依赖，未发现已知漏洞"
        + (f"（跳过 {skipped} 个）" if skipped else "")
    )
    return 0


def audit_npm(required: bool) -> int:
    """npm audit over package-lock.json: the packages shipped to browsers (no dev dependencies)."""
    npm = shutil.which("npm")
    if npm is None or not (REPO / "package-lock.json").exists():
        return _unreachable("未找到 npm 或 package-lock.json，前端依赖未检查", required)
    result = subprocess.run(
        [npm, "audit", "--omit=dev", "--json"], cwd=REPO, capture_output=True, text=True, timeout=300, check=False
    )
    try:
        report = json.loads(result.stdout)
    except ValueError:
        report = {}
    counts = report.get("metadata", {}).get("vulnerabilities")
    if not isinstance(counts, dict):
        # npm prints {"error": …} or {"message": …} when the registry's audit endpoint cannot be used.
        reason = str(report.get("message") or report.get("error", {}).get("summary", "") or "no output")
        return _unreachable(f"npm audit 未能完成（{reason[:300]}）", required)
    failing = {
        name: entry
        for name, entry in report.get("vulnerabilities", {}).items()
        if entry.get("severity") in NPM_FAILING_SEVERITIES
    }
    for name, entry in sorted(failing.items()):
        print(f"VULNERABLE {name} {entry.get('range', '')}: {entry['severity']}")
    if failing:
        print(f"前端依赖漏洞检查失败：{len(failing)} 个前端依赖存在高危及以上漏洞 (high or critical advisories)")
        return 1
    found = sum(int(v) for k, v in counts.items() if k != "total")
    print("前端依赖漏洞检查通过：未发现高危及以上漏洞" + (f"（低、中危 {found} 个，见 npm audit）" if found else ""))
    return 0


def _unreachable(reason: str, required: bool) -> int:
    print("=" * 78)
    print(f"依赖漏洞检查未执行 (dependency vulnerability check NOT performed): {reason}")
    print(
        "漏洞服务（PyPI JSON API / OSV，npm 注册表的审计接口）从本机不可达；请在可联网的机器上运行 python -m scripts.dependency_audit。"
    )
    print("=" * 78)
    return 2 if required else 0


if __name__ == "__main__":
    sys.exit(main())
