"""Writes of the security app: backups, verification, restore and restore drills (each recorded and
audited), incidents and their timeline, audit retention. Views, commands and periodic jobs call these."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from yiwang.core.audit import services as audit
from yiwang.core.audit.models import AuditChainHead, AuditEntry

from . import backup as engine
from .models import BackupRecord, Incident, IncidentEntry

# --- backups -----------------------------------------------------------------------------------------


def backup_settings() -> dict[str, Any]:
    return dict(settings.YIWANG_BACKUP)


def backup_dir() -> Path:
    return Path(backup_settings()["DIR"])


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _record(
    *, kind: str, ok: bool, started: datetime, name: str = "", location: str = "", **fields: Any
) -> BackupRecord:
    return BackupRecord.objects.create(
        kind=kind,
        status=BackupRecord.Status.OK if ok else BackupRecord.Status.FAILED,
        name=name,
        location=location,
        started_at=started,
        finished_at=timezone.now(),
        **fields,
    )


def _audit(
    event: str, *, ok: bool, actor: Any, record: BackupRecord, detail: dict[str, Any], actor_label: str = ""
) -> None:
    audit.record(
        event=event,
        actor=actor,
        actor_label=actor_label or ("" if actor else "system"),
        obj=record,
        result="success" if ok else "failure",
        detail=detail,
    )


def create_backup(
    *, actor: Any = None, destination: Path | None = None, offsite: list[str] | None = None, prune: bool = True
) -> BackupRecord:
    """Make a backup, copy it off-site, prune old ones; record and audit it (also when it fails)."""
    started = timezone.now()
    destination = destination or backup_dir()
    targets = backup_settings()["OFFSITE"] if offsite is None else offsite
    try:
        result = engine.make_backup(
            destination=destination, media_root=media_root(), source=engine.Database.from_settings(), now=started
        )
    except engine.BackupError as exc:
        with transaction.atomic():
            record = _record(kind=BackupRecord.Kind.BACKUP, ok=False, started=started, detail={"error": str(exc)})
            _audit("security.backup", ok=False, actor=actor, record=record, detail={"error": str(exc)})
        raise
    copies: list[dict[str, str]] = []
    for target in targets:
        try:
            copies.append({"target": target, "copy": engine.copy_offsite(result.path, target), "status": "ok"})
        except (engine.BackupError, OSError) as exc:
            copies.append({"target": target, "status": "failed", "error": str(exc)[:500]})
    pruned = _prune(destination) if prune else []
    head = result.manifest["audit_chain_head"]
    ok = all(copy["status"] == "ok" for copy in copies)
    detail = {
        "manifest_sha256": engine.manifest_digest(result.path),
        "tables": len(result.manifest["row_counts"]),
        "rows": sum(result.manifest["row_counts"].values()),
        "files": len(result.manifest["files"]),
        "encrypted": engine.is_encrypted(result.manifest),
        "pruned": [path.name for path in pruned],
    }
    with transaction.atomic():
        record = _record(
            kind=BackupRecord.Kind.BACKUP,
            ok=ok,
            started=started,
            name=result.path.name,
            location=str(result.path),
            size_bytes=result.size_bytes,
            audit_head_seq=head["last_seq"],
            audit_head_hash=head["last_hash"],
            offsite=copies,
            detail=detail if ok else {**detail, "error": "异地复制失败"},
        )
        _audit("security.backup", ok=ok, actor=actor, record=record, detail={**detail, "offsite": copies})
    return record


def _prune(destination: Path) -> list[Path]:
    config = backup_settings()
    doomed = engine.to_prune(
        engine.backups_in(destination), keep_daily=config["KEEP_DAILY"], keep_weekly=config["KEEP_WEEKLY"]
    )
    for path in doomed:
        for file in sorted(path.rglob("*"), reverse=True):
            file.unlink() if file.is_file() else file.rmdir()
        path.rmdir()
    return doomed


def verify_backup(path: Path, *, actor: Any = None) -> tuple[BackupRecord, list[str]]:
    """Verify a backup (signature, hashes, decryption) and then re-verify each of its off-site
    copies against its signed manifest (GB/T 22239 L3-CES1-30: a copy that rotted or was changed
    at the backup site is found now, not on the day it is needed). A problem anywhere fails the
    verification, which the alert sweep reports to the security administrators."""
    started = timezone.now()
    try:
        problems = engine.verify_backup(path)
    except engine.BackupError as exc:
        problems = [str(exc)]
    copies = offsite_checks(path) if not problems else []
    problems += [f"异地副本 {copy['target']}：{problem}" for copy in copies for problem in copy["problems"]]
    with transaction.atomic():
        record = _record(
            kind=BackupRecord.Kind.VERIFY,
            ok=not problems,
            started=started,
            name=path.name,
            location=str(path),
            offsite=copies,
            detail={"problems": problems[:100]},
        )
        _audit(
            "security.backup_verify",
            ok=not problems,
            actor=actor,
            record=record,
            detail={"problems": problems[:20], "problem_count": len(problems), "offsite_checked": len(copies)},
        )
    return record, problems


def offsite_checks(path: Path) -> list[dict[str, Any]]:
    """Each off-site copy made of the backup at `path` (per its backup record), checked against the
    local backup: `{"target", "copy", "status", "problems"}`."""
    made = BackupRecord.objects.filter(kind=BackupRecord.Kind.BACKUP, name=path.name).order_by("-finished_at").first()
    checks: list[dict[str, Any]] = []
    for copy in made.offsite if made else []:
        if copy.get("status") != "ok":
            continue  # a copy that was never made is already a failed backup
        problems = engine.offsite_problems(path, target=copy["target"], copy=copy["copy"])
        checks.append({**copy, "status": "failed" if problems else "ok", "problems": problems[:20]})
    return checks


def restore_backup(
    path: Path,
    *,
    force: bool = False,
    actor: Any = None,
    allow_unsigned: bool = False,
    reason: str = "",
    operator: str = "",
) -> BackupRecord:
    """Rebuild this (empty) instance from a backup: database, then files. The backup is verified
    first (signature, hashes, decryption); a non-empty database or media directory is refused
    unless `force`.

    `allow_unsigned` is the escape hatch for a backup whose manifest has no valid signature (made
    before signing, or its signing key lost): the signature is not required, but every hash and the
    decryption still are, and it is refused without a `reason`. The restore's audit entry then
    names the `operator` (the person at the console), the reason and what the signature check said."""
    reason = (reason or "").strip()
    if allow_unsigned and not reason:
        raise engine.BackupError(
            "使用 --allow-unsigned 恢复未签名（或签名无法核实）的备份时，必须用 --reason 说明理由；"
            "操作人与理由将记入审计日志。"
        )
    started = timezone.now()
    signature_problems: list[str] = []
    if allow_unsigned:
        signature_problems = engine.signature_problems(engine.read_manifest(path), engine.signing_keys())
    problems = engine.verify_backup(path, signed=not allow_unsigned)
    if problems:
        raise engine.BackupError("备份校验失败，拒绝恢复：" + "；".join(problems[:5]))
    manifest = engine.read_manifest(path)
    target = engine.Database.from_settings()
    if not force and not engine.is_empty(target):
        raise engine.BackupError("目标实例不是空的，拒绝恢复（确需覆盖请加 --force）。")
    engine.restore_media(path, media_root=media_root(), force=force)
    connections["default"].close()
    engine.restore_database(path, target=target, force=force)
    report = audit.verify_chain()
    detail: dict[str, Any] = {"forced": force, "operator": operator}
    if allow_unsigned:
        detail |= {"allow_unsigned": True, "reason": reason, "signature_problems": signature_problems[:5]}
    with transaction.atomic():
        record = _record(
            kind=BackupRecord.Kind.RESTORE,
            ok=report.intact,
            started=started,
            name=path.name,
            location=str(path),
            audit_head_seq=manifest["audit_chain_head"]["last_seq"],
            audit_head_hash=manifest["audit_chain_head"]["last_hash"],
            detail={"chain_problems": report.problems[:20], **detail},
        )
        _audit(
            "security.restore",
            ok=report.intact,
            actor=actor,
            record=record,
            detail=detail,
            actor_label=f"运维 {operator}" if operator and not actor else "",
        )
    return record


@dataclass
class DrillResult:
    backup: str
    problems: list[str] = field(default_factory=list)
    tables: int = 0
    rows: int = 0
    files: int = 0
    audit_entries: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def latest_backup_path() -> Path | None:
    """The newest successful backup still on disk (None: the drill makes a fresh one)."""
    for record in BackupRecord.objects.filter(kind=BackupRecord.Kind.BACKUP, status=BackupRecord.Status.OK).order_by(
        "-finished_at"
    )[:5]:
        if record.location and Path(record.location).is_dir():
            return Path(record.location)
    return None


def run_restore_drill(*, actor: Any = None, path: Path | None = None) -> tuple[BackupRecord, DrillResult]:
    """恢复演练: back up (or take `path`), restore into a fresh scratch database and media directory
    (an empty instance), and compare row counts, file hashes and the audit chain with the manifest.
    The live instance is never touched; the result is recorded there (the self-assessment reads it)."""
    started = timezone.now()
    if path is None:
        made = create_backup(actor=actor, offsite=[], prune=False)
        path = Path(made.location)
    manifest = engine.read_manifest(path)
    result = DrillResult(backup=path.name)
    result.problems.extend(engine.verify_backup(path))
    result.problems.extend(
        f"异地副本 {copy['target']}：{problem}" for copy in offsite_checks(path) for problem in copy["problems"]
    )
    with tempfile.TemporaryDirectory(prefix="yiwang-drill-") as scratch:
        target = _scratch_database(Path(scratch))
        try:
            engine.restore_database(path, target=target)
            engine.restore_media(path, media_root=Path(scratch) / "media")
            _compare(result, manifest, target=target, media=Path(scratch) / "media")
        except engine.BackupError as exc:
            result.problems.append(str(exc))
        finally:
            _drop_scratch(target)
    detail = {
        "problems": result.problems[:50],
        "tables": result.tables,
        "rows": result.rows,
        "files": result.files,
        "audit_entries": result.audit_entries,
    }
    with transaction.atomic():
        record = _record(
            kind=BackupRecord.Kind.DRILL,
            ok=result.ok,
            started=started,
            name=path.name,
            location=str(path),
            audit_head_seq=manifest["audit_chain_head"]["last_seq"],
            audit_head_hash=manifest["audit_chain_head"]["last_hash"],
            detail=detail,
        )
        _audit("security.restore_drill", ok=result.ok, actor=actor, record=record, detail=detail)
    return record, result


def _compare(result: DrillResult, manifest: dict[str, Any], *, target: engine.Database, media: Path) -> None:
    expected_counts: dict[str, int] = manifest["row_counts"]
    connection = target.connect()
    try:
        counts = engine.row_counts(target.vendor, connection)
        head = engine.audit_head(connection)
        chain = audit.verify_entries(
            (AuditEntry(**row) for row in engine.audit_rows(connection)), AuditChainHead(id=1, **head)
        )
    finally:
        connection.close()
    result.tables, result.rows = len(counts), sum(counts.values())
    for table in sorted(set(expected_counts) | set(counts)):
        if expected_counts.get(table) != counts.get(table):
            result.problems.append(
                f"表 {table} 行数不符：备份 {expected_counts.get(table)}，恢复后 {counts.get(table)}"
            )
    hashes = engine.media_hashes(media)
    result.files = len(hashes)
    if hashes != manifest["files"]:
        result.problems.append(f"恢复后的文件与清单不符（{len(hashes)} / {len(manifest['files'])} 个）")
    result.audit_entries = chain.checked
    result.problems.extend(f"审计链：{problem}" for problem in chain.problems)
    if head != manifest["audit_chain_head"]:
        result.problems.append("恢复后的审计链头与备份清单不符")


def check_restored_instance(path: Path) -> DrillResult:
    """After a real `manage.py restore` of `path` into this instance: compare this instance's row
    counts, uploaded files and audit chain with the backup's manifest (the restore drill's checks,
    on the live database). What was written since — the restore's and later verifications' own
    records and audit entries — is set aside: audit entries after the backup's chain head, and
    backup records started after the backup was made. The audit chain must be intact and extend
    the backed-up head exactly."""
    manifest = engine.read_manifest(path)
    result = DrillResult(backup=path.name)
    head: dict[str, Any] = manifest["audit_chain_head"]
    made = datetime.fromisoformat(manifest["created_at"])
    later = {
        AuditEntry._meta.db_table: AuditEntry.objects.filter(seq__gt=head["last_seq"]).count(),
        BackupRecord._meta.db_table: BackupRecord.objects.filter(started_at__gte=made).count(),
    }
    target = engine.Database.from_settings()
    connection = target.connect()
    try:
        counts = engine.row_counts(target.vendor, connection)
    finally:
        connection.close()
    counts = {table: n - later.get(table, 0) for table, n in counts.items()}
    expected: dict[str, int] = manifest["row_counts"]
    result.tables, result.rows = len(counts), sum(counts.values())
    for table in sorted(set(expected) | set(counts)):
        if expected.get(table) != counts.get(table):
            result.problems.append(f"表 {table} 行数不符：备份 {expected.get(table)}，恢复后 {counts.get(table)}")
    hashes = engine.media_hashes(media_root())
    result.files = len(hashes)
    for name in sorted(set(hashes) | set(manifest["files"])):
        if hashes.get(name) != manifest["files"].get(name):
            result.problems.append(f"文件不符：{name}（{'缺失' if name not in hashes else '哈希不同或清单外'}）")
    chain = audit.verify_chain()
    result.audit_entries = chain.checked
    result.problems.extend(f"审计链：{problem}" for problem in chain.problems)
    if head["last_seq"]:
        at_head = AuditEntry.objects.filter(seq=head["last_seq"]).values_list("entry_hash", flat=True).first()
        if at_head != head["last_hash"]:
            result.problems.append("恢复后的审计链与备份清单的链头不符")
    return result


def _scratch_database(directory: Path) -> engine.Database:
    """A fresh, empty database beside the live one: a new SQLite file, or `<name>_drill` on the same
    PostgreSQL server (dropped and created again for each drill, dropped afterwards)."""
    live = engine.Database.from_settings()
    if live.vendor == "sqlite":
        return live.with_name(str(directory / "drill.sqlite3"))
    scratch = live.with_name(f"{live.name}_drill"[:63])
    _server_command(live, f"DROP DATABASE IF EXISTS {engine.quote_name(scratch.name)}")
    _server_command(live, f"CREATE DATABASE {engine.quote_name(scratch.name)}")
    return scratch


def _drop_scratch(target: engine.Database) -> None:
    if target.vendor == "postgresql":
        _server_command(target, f"DROP DATABASE IF EXISTS {engine.quote_name(target.name)}")


def _server_command(database: engine.Database, sql: str) -> None:
    # CREATE/DROP DATABASE run outside a transaction, from the server's maintenance database.
    connection = database.with_name("postgres").connect()
    try:
        connection.cursor().execute(sql)
    finally:
        connection.close()


# --- audit retention ---------------------------------------------------------------------------------


class RetentionRefused(ValueError):
    pass


def retention_days() -> int:
    days = int(settings.AUDIT_RETENTION_DAYS)
    if days < audit.MIN_RETENTION_DAYS:
        raise RetentionRefused(f"审计日志保存期限不得少于 {audit.MIN_RETENTION_DAYS} 天（当前设置 {days} 天）。")
    return days


def purge_audit_log(*, days: int | None = None, actor: Any = None, now: datetime | None = None) -> int:
    """Remove audit entries older than the retention period, but only those already inside a
    verified backup: the newest successful backup whose verification passed afterwards must
    contain them (its audit head is at or past the last purged row). The chain stays verifiable:
    `audit.purge_before` re-anchors it at the last purged entry's hash, and the backup keeps the rows."""
    days = max(days or 0, retention_days())
    now = now or timezone.now()
    cutoff = now - timedelta(days=days)
    last_old = AuditEntry.objects.filter(created_at__lt=cutoff).order_by("-seq").values_list("seq", flat=True).first()
    if last_old is None:
        return 0
    covered = covered_audit_seq()
    if covered < last_old:
        raise RetentionRefused(
            f"第 {covered + 1}–{last_old} 条审计记录尚未进入经过校验的备份，暂不清理。请先备份并校验。"
        )
    return audit.purge_before(cutoff_days=days, actor=actor)


def covered_audit_seq() -> int:
    """The highest audit `seq` contained in a backup that was verified after it was made."""
    best = 0
    for backup in BackupRecord.objects.filter(kind=BackupRecord.Kind.BACKUP, status=BackupRecord.Status.OK):
        verified = BackupRecord.objects.filter(
            kind=BackupRecord.Kind.VERIFY, status=BackupRecord.Status.OK, name=backup.name
        ).exists()
        if verified:
            best = max(best, backup.audit_head_seq)
    return best


def audit_anchor() -> tuple[int, str]:
    head = AuditChainHead.objects.filter(id=1).first()
    return (head.anchor_seq, head.anchor_hash) if head else (0, "0" * 64)


# --- incidents ---------------------------------------------------------------------------------------

# 国家网络安全事件报告管理办法 (in force 2025-11-01): a non-CII operator reports 较大 and above to the
# provincial 网信 department within 4 hours (hours of the clock, not working days). The hours per
# level are SECURITY_INCIDENT_REPORT_HOURS (keyed by the `Incident.Level` name; None: no report due).


class IncidentError(ValueError):
    """An incident change that is refused; the message says why, in Chinese, for the user."""


def report_hours(level: str) -> float | None:
    """Hours from discovery within which an incident of `level` is reported; None: no report due."""
    hours = settings.SECURITY_INCIDENT_REPORT_HOURS.get(Incident.Level(level).name.lower())
    return None if hours is None else float(hours)


def report_deadline(*, level: str, discovered_at: datetime) -> datetime | None:
    hours = report_hours(level)
    return None if hours is None else discovered_at + timedelta(hours=hours)


def describe_window(window: timedelta | None) -> str:
    """A reporting window in words: "4 小时", "30 分钟", "1 小时 30 分钟"."""
    if window is None:
        return ""
    minutes = round(window.total_seconds() / 60)
    hours, rest = divmod(minutes, 60)
    return " ".join(part for part in (f"{hours} 小时" if hours else "", f"{rest} 分钟" if rest else "") if part)


def report_window(incident: Incident) -> str:
    """The incident's own reporting window in words (from its deadline: a later change of the
    setting does not change what was due)."""
    if incident.report_due_at is None:
        return ""
    return describe_window(incident.report_due_at - incident.discovered_at)


def report_rules_text() -> str:
    """The configured windows per level, for the forms: "特别重大 4 小时、重大 4 小时、较大 4 小时"."""
    parts = [
        f"{label} {describe_window(timedelta(hours=hours))}"
        for value, label in Incident.Level.choices
        if (hours := report_hours(value)) is not None
    ]
    return "、".join(parts)


def _next_number(now: datetime) -> str:
    prefix = f"AQ{timezone.localtime(now):%Y}"
    last = Incident.objects.filter(number__startswith=prefix).order_by("-number").values_list("number", flat=True)
    sequence = int(last[0][len(prefix) :]) + 1 if last else 1
    return f"{prefix}{sequence:04d}"


def register_incident(
    *, user: Any, title: str, level: str, occurred_at: datetime, discovered_at: datetime, description: str
) -> Incident:
    """登记安全事件: the reporting clock (SECURITY_INCIDENT_REPORT_HOURS for the level) starts at discovery."""
    with transaction.atomic():
        incident = Incident.objects.create(
            number=_next_number(discovered_at),
            title=title,
            level=level,
            occurred_at=occurred_at,
            discovered_at=discovered_at,
            description=description,
            report_due_at=report_deadline(level=level, discovered_at=discovered_at),
            recorded_by=user,
        )
        IncidentEntry.objects.create(
            incident=incident, kind=IncidentEntry.Kind.NOTE, at=timezone.now(), text="登记事件。", author=user
        )
        audit.record(
            event="security.incident_register",
            actor=user,
            obj=incident,
            detail={"level": incident.get_level_display(), "report_due_at": str(incident.report_due_at or "")},
        )
    return incident


def add_incident_entry(*, user: Any, incident: Incident, kind: str, at: datetime, text: str) -> IncidentEntry:
    with transaction.atomic():
        entry = IncidentEntry.objects.create(incident=incident, kind=kind, at=at, text=text, author=user)
        audit.record(event="security.incident_entry", actor=user, obj=incident, detail={"kind": kind})
    return entry


def record_incident_report(*, user: Any, incident: Incident, reported_at: datetime, reported_to: str) -> Incident:
    """The report to the authority was made (e.g. 省网信办, 12387): stops the reporting clock."""
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        incident.reported_at, incident.reported_to = reported_at, reported_to
        incident.save(update_fields=["reported_at", "reported_to"])
        late = bool(incident.report_due_at and reported_at > incident.report_due_at)
        IncidentEntry.objects.create(
            incident=incident,
            kind=IncidentEntry.Kind.REPORT,
            at=reported_at,
            text=f"已报告 {reported_to}" + (f"（超过 {report_window(incident)}时限）" if late else ""),
            author=user,
        )
        audit.record(
            event="security.incident_report",
            actor=user,
            obj=incident,
            detail={"reported_to": reported_to, "late": late},
        )
    return incident


def change_incident_status(*, user: Any, incident: Incident, status: str, note: str = "") -> Incident:
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        before = incident.status
        incident.status = status
        incident.closed_at = timezone.now() if status == Incident.Status.CLOSED else None
        incident.save(update_fields=["status", "closed_at"])
        IncidentEntry.objects.create(
            incident=incident,
            kind=IncidentEntry.Kind.STATUS,
            at=timezone.now(),
            text=f"状态：{incident.get_status_display()}" + (f"。{note}" if note else ""),
            author=user,
        )
        audit.record(
            event="security.incident_status", actor=user, obj=incident, detail={"before": before, "after": status}
        )
    return incident


def regrade_incident(*, user: Any, incident: Incident, level: str, reason: str) -> Incident:
    """重新定级: change the incident's level, with a reason. The report deadline is recomputed from
    the discovery time with the new level's hours (None for a level that is not reported); the
    change goes into the timeline and the audit log. Refused (IncidentError): no reason, an unknown
    level, or the level it already has."""
    reason = (reason or "").strip()
    if level not in Incident.Level.values:
        raise IncidentError("未知的事件级别，请从列表中选择。")
    if not reason:
        raise IncidentError("请填写调整级别的理由。")
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        if level == incident.level:
            raise IncidentError(f"事件已是“{incident.get_level_display()}”级，请选择另一级别。")
        before, due_before = incident.level, incident.report_due_at
        incident.level = level
        incident.report_due_at = report_deadline(level=level, discovered_at=incident.discovered_at)
        incident.save(update_fields=["level", "report_due_at"])
        if incident.report_due_at is None:
            clock = "无须报告网信部门，按内部流程处置"
        else:
            clock = (
                f"报告时限 {timezone.localtime(incident.report_due_at):%Y-%m-%d %H:%M}"
                f"（发现后 {report_window(incident)}）"
            )
        IncidentEntry.objects.create(
            incident=incident,
            kind=IncidentEntry.Kind.LEVEL,
            at=timezone.now(),
            text=f"级别：{Incident.Level(before).label} → {incident.get_level_display()}。理由：{reason}。{clock}。",
            author=user,
        )
        audit.record(
            event="security.incident_regrade",
            actor=user,
            obj=incident,
            detail={
                "before": before,
                "after": level,
                "reason": reason,
                "report_due_before": str(due_before or ""),
                "report_due_at": str(incident.report_due_at or ""),
            },
        )
    return incident


def remind_incident_reports(*, now: datetime | None = None) -> int:
    """Remind the security administrators of unreported incidents an hour before the report
    deadline and again when it has passed — each reminder once per deadline (keyed in SecurityAlert:
    a re-graded incident with a new deadline is reminded of that one)."""
    from yiwang.core.accounts.models import User
    from yiwang.core.notifications.services import notify

    from .models import SecurityAlert

    now = now or timezone.now()
    recipients = list(User.objects.filter(admin_role=User.AdminRole.SECURITY, is_active=True))
    due = Incident.objects.filter(reported_at__isnull=True, report_due_at__lte=now + timedelta(hours=1))
    sent = 0
    for incident in due:
        assert incident.report_due_at is not None
        stage = "overdue" if incident.report_due_at <= now else "due_soon"
        key = f"incident_{stage}:{incident.pk}:{incident.report_due_at:%Y%m%dT%H%M}"
        if SecurityAlert.objects.filter(key=key).exists():
            continue
        with transaction.atomic():
            SecurityAlert.objects.create(
                key=key,
                rule=f"incident_{stage}",
                summary=(
                    f"{incident.number} {'已超过' if stage == 'overdue' else '即将到达'}报告时限"
                    f"（发现后 {report_window(incident)}）"
                ),
                detail={"subject": incident.number},
            )
            notify(
                recipients=recipients,
                template="security.incident_report_due",
                context={
                    "incident": incident,
                    "due": timezone.localtime(incident.report_due_at).strftime("%m-%d %H:%M"),
                    "window": report_window(incident),
                },
                obj=incident,
            )
        sent += 1
    return sent
