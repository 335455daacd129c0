"""个人信息导出 (exports of personal data), logged with their purpose.

个人信息保护法 Art. 51/55 and GB/T 22239 L3-CES1-35: personal data leaves the system only for a
stated purpose, by someone allowed to take it, and every export is recorded. `export_csv` is the
one way out: it refuses an export without a purpose, writes the audit entry (who, when, from
where, which data set, which personal fields, how many rows, and the file's SHA-256 so a copy
found later can be traced to its export) and returns the CSV. Callers check the permission and
wrap the view in `require_recent_authentication` (the user proves who they are again).
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction

from yiwang.core.audit import services as audit

PURPOSE_MIN_CHARS = 4
PURPOSE_MAX_CHARS = 200
# A cell starting with one of these is a formula in spreadsheet programs (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportError(ValueError):
    """The export was refused; the message is shown as it is."""


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def clean_purpose(purpose: str) -> str:
    purpose = " ".join((purpose or "").split())
    if len(purpose) < PURPOSE_MIN_CHARS:
        raise ExportError(
            f"请填写导出用途（至少{PURPOSE_MIN_CHARS}个字），导出记录将写入审计日志。 (State the purpose of the export.)"
        )
    return purpose[:PURPOSE_MAX_CHARS]


def export_csv(
    *,
    actor: Any,
    dataset: str,
    purpose: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    personal_fields: Sequence[str],
    ip: str | None,
) -> bytes:
    """The CSV (UTF-8 with BOM, so spreadsheet programs read Chinese) of `rows`, after recording
    the export in the audit log."""
    purpose = clean_purpose(purpose)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_cell(h) for h in header])
    count = 0
    for row in rows:
        writer.writerow([_cell(v) for v in row])
        count += 1
    content = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    with transaction.atomic():
        audit.record(
            event="privacy.export",
            actor=actor,
            ip=ip,
            detail={
                "dataset": dataset,
                "purpose": purpose,
                "rows": count,
                "personal_fields": list(personal_fields),
                "sha256": hashlib.sha256(content).hexdigest(),
            },
        )
    return content
