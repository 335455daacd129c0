"""The CI dependency check (scripts/dependency_audit.py): the npm half over package-lock.json.

pip-audit and npm are replaced by recorded outputs; what is specified is how each outcome is read.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from scripts import dependency_audit


def _npm_says(monkeypatch: pytest.MonkeyPatch, stdout: str) -> None:
    def run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        assert command[1:3] == ["audit", "--omit=dev"]
        return subprocess.CompletedProcess(command, 1, stdout=stdout, stderr="")

    monkeypatch.setattr(dependency_audit.shutil, "which", lambda name, **kwargs: f"/usr/bin/{name}")
    monkeypatch.setattr(dependency_audit.subprocess, "run", run)


def _report(vulnerabilities: dict[str, Any]) -> str:
    counts = {"info": 0, "low": 0, "moderate": 0, "high": 0, "critical": 0}
    for entry in vulnerabilities.values():
        counts[entry["severity"]] += 1
    return json.dumps({"vulnerabilities": vulnerabilities, "metadata": {"vulnerabilities": counts}})


def test_a_high_severity_front_end_advisory_fails_the_check(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _npm_says(monkeypatch, _report({"htmx.org": {"severity": "high", "range": "<2.0.12"}}))

    assert dependency_audit.audit_npm(required=False) == 1
    assert "VULNERABLE htmx.org <2.0.12: high" in capsys.readouterr().out


def test_low_and_moderate_advisories_pass_with_a_count(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _npm_says(monkeypatch, _report({"echarts": {"severity": "moderate", "range": "<6.2"}}))

    assert dependency_audit.audit_npm(required=False) == 0
    assert "低、中危 1 个" in capsys.readouterr().out


def test_an_unusable_audit_endpoint_is_reported_as_not_performed_and_fails_only_when_required(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _npm_says(monkeypatch, json.dumps({"message": "405 Method Not Allowed"}))

    assert dependency_audit.audit_npm(required=False) == 0
    assert "NOT performed" in capsys.readouterr().out
    assert dependency_audit.audit_npm(required=True) == 2


def test_a_vulnerability_in_either_half_fails_the_whole_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dependency_audit, "audit_python", lambda lock, required: 2)
    monkeypatch.setattr(dependency_audit, "audit_npm", lambda required: 1)

    assert dependency_audit.main([]) == 1
