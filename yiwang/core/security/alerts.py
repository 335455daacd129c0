"""Alerts on suspicious patterns in the audit log (入侵防范: GB/T 22239 L3-CES1-22 "detect intrusion and
alert on serious events"), sent to the security administrators through the notification service.

Rules (each over the last ALERT_WINDOW_MINUTES):
- `failed_logins_account` / `failed_logins_ip`: ALERT_FAILED_LOGINS failed logins for one account or
  from one address (password guessing, credential stuffing);
- `mass_download`: ALERT_DOWNLOADS file downloads by one user (bulk exfiltration);
- `off_hours_admin`: an action by one of the three administrators outside ALERT_OFFICE_HOURS
  (Beijing time), at most one alert per administrator and day;
- `backup_failed`: a backup, its verification or a restore drill that failed (each one alerted).

No duplicates: after an alert for a rule and subject, only events after that alert count again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone

from yiwang.core.accounts.models import User
from yiwang.core.audit import services as audit
from yiwang.core.audit.models import AuditEntry
from yiwang.core.notifications.services import notify

from .models import SecurityAlert

TEMPLATE = "security.alert"


@dataclass(frozen=True)
class Finding:
    rule: str
    subject: str
    summary: str
    count: int
    last_at: datetime


def _config() -> dict[str, Any]:
    return dict(settings.YIWANG_SECURITY_ALERTS)


def _last_alerts(rule: str, since: datetime) -> dict[str, datetime]:
    rows = (
        SecurityAlert.objects.filter(rule=rule, created_at__gte=since)
        .values("detail__subject")
        .annotate(last=Max("created_at"))
    )
    return {str(row["detail__subject"]): row["last"] for row in rows}


def _bursts(rule: str, entries: Any, field: str, threshold: int, since: datetime, label: str) -> list[Finding]:
    already = _last_alerts(rule, since)
    counted = entries.filter(created_at__gte=since).exclude(**{f"{field}__isnull": True})
    if field != "ip":  # an IP column compares "" as NULL
        counted = counted.exclude(**{field: ""})
    findings = []
    for row in counted.values(field).annotate(n=Count("id"), last=Max("created_at")).filter(n__gte=threshold):
        subject = str(row[field])
        if subject in already:
            row["n"] = counted.filter(**{field: row[field], "created_at__gt": already[subject]}).count()
            if row["n"] < threshold:
                continue
        findings.append(
            Finding(
                rule=rule,
                subject=subject,
                summary=label.format(subject=subject, n=row["n"]),
                count=row["n"],
                last_at=row["last"],
            )
        )
    return findings


def _office_hours() -> tuple[int, int]:
    start, _, end = _config()["OFFICE_HOURS"].partition("-")
    return int(start), int(end)


def find_suspicious(now: datetime) -> list[Finding]:
    config = _config()
    since = now - timedelta(minutes=config["WINDOW_MINUTES"])
    failures = AuditEntry.objects.filter(event="accounts.login", result=AuditEntry.Result.FAILURE)
    downloads = AuditEntry.objects.filter(event="files.download")
    minutes = config["WINDOW_MINUTES"]
    findings = [
        *_bursts(
            "failed_logins_account",
            failures,
            "actor_label",
            config["FAILED_LOGINS"],
            since,
            f"账户 {{subject}} 在 {minutes} 分钟内登录失败 {{n}} 次",
        ),
        *_bursts(
            "failed_logins_ip",
            failures,
            "ip",
            config["FAILED_LOGINS"],
            since,
            f"地址 {{subject}} 在 {minutes} 分钟内登录失败 {{n}} 次",
        ),
        *_bursts(
            "mass_download",
            downloads,
            "actor_label",
            config["DOWNLOADS"],
            since,
            f"用户 {{subject}} 在 {minutes} 分钟内下载文件 {{n}} 次",
        ),
    ]
    findings.extend(_off_hours_admin_actions(now, since))
    findings.extend(_failed_backups(since))
    return findings


BACKUP_EVENTS = {"security.backup": "备份", "security.backup_verify": "备份校验", "security.restore_drill": "恢复演练"}


def _failed_backups(since: datetime) -> list[Finding]:
    rows = AuditEntry.objects.filter(
        event__in=list(BACKUP_EVENTS), result=AuditEntry.Result.FAILURE, created_at__gte=since
    ).values_list("seq", "event", "created_at", "detail")
    return [
        Finding(
            rule="backup_failed",
            subject=str(seq),
            count=1,
            last_at=created_at,
            summary=f"{BACKUP_EVENTS[event]}失败（{timezone.localtime(created_at):%m-%d %H:%M}）："
            + "；".join(str(p) for p in (detail or {}).get("problems", [])[:3]),
        )
        for seq, event, created_at, detail in rows
    ]


def _off_hours_admin_actions(now: datetime, since: datetime) -> list[Finding]:
    start, end = _office_hours()
    admins = dict(User.objects.exclude(admin_role=User.AdminRole.NONE).values_list("pk", "username"))
    if not admins:
        return []
    findings: list[Finding] = []
    rows = (
        AuditEntry.objects.filter(actor_id__in=list(admins), created_at__gte=since)
        .exclude(event__startswith="accounts.log")  # signing in and out alone is not an action
        .order_by("seq")
        .values_list("actor_id", "created_at", "event")
    )
    seen: set[str] = set()
    for actor_id, created_at, event in rows:
        local = timezone.localtime(created_at)
        if start <= local.hour < end:
            continue
        subject = f"{admins[actor_id]}@{local.date().isoformat()}"
        if subject in seen or SecurityAlert.objects.filter(rule="off_hours_admin", detail__subject=subject).exists():
            continue
        seen.add(subject)
        findings.append(
            Finding(
                rule="off_hours_admin",
                subject=subject,
                count=1,
                last_at=created_at,
                summary=f"管理员 {admins[actor_id]} 于 {local:%m-%d %H:%M} 在工作时间外操作（{event}）",
            )
        )
    return findings


def send_alerts(*, now: datetime | None = None) -> list[SecurityAlert]:
    """Find suspicious patterns and tell the security administrators, once per finding."""
    now = now or timezone.now()
    recipients = list(User.objects.filter(admin_role=User.AdminRole.SECURITY, is_active=True))
    sent: list[SecurityAlert] = []
    for finding in find_suspicious(now):
        try:
            with transaction.atomic():
                alert = SecurityAlert.objects.create(
                    key=f"{finding.rule}:{finding.subject}:{finding.last_at.isoformat()}"[:200],
                    rule=finding.rule,
                    summary=finding.summary[:300],
                    detail={"subject": finding.subject, "count": finding.count, "last_at": finding.last_at.isoformat()},
                )
                notify(recipients=recipients, template=TEMPLATE, context={"alert": alert}, obj=None)
                audit.record(event="security.alert", actor_label="system", detail=alert.detail | {"rule": alert.rule})
        except IntegrityError:
            continue  # another scheduler sent this one
        sent.append(alert)
    return sent
