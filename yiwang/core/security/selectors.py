"""Reads of the security app: the live security state (for the self-assessment and the dashboard),
incidents, backups and alerts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.utils import timezone

from yiwang.core.accounts.models import User
from yiwang.core.audit import services as audit
from yiwang.core.audit.models import AuditEntry
from yiwang.core.files import antivirus

from . import backup_crypto
from .models import BackupRecord, Incident, SecurityAlert


def list_incidents(*, status: str = "") -> QuerySet[Incident]:
    incidents = Incident.objects.select_related("recorded_by").order_by("-discovered_at")
    return incidents.filter(status=status) if status else incidents


def get_incident(pk: int) -> Incident:
    return Incident.objects.select_related("recorded_by").prefetch_related("entries__author").get(pk=pk)


def list_backup_records(limit: int = 50) -> list[BackupRecord]:
    return list(BackupRecord.objects.order_by("-started_at")[:limit])


def list_recent_alerts(limit: int = 20) -> list[SecurityAlert]:
    return list(SecurityAlert.objects.order_by("-created_at")[:limit])


def last_record(kind: str, *, ok_only: bool = True) -> BackupRecord | None:
    records = BackupRecord.objects.filter(kind=kind)
    if ok_only:
        records = records.filter(status=BackupRecord.Status.OK)
    return records.order_by("-started_at").first()


@dataclass(frozen=True)
class FactorShare:
    staff: int
    two_factor: int
    security_key: int
    security_key_model: bool  # False when the deployment has no security-key model yet

    @staticmethod
    def percent(part: int, whole: int) -> str:
        return f"{part * 100 / whole:.0f}%" if whole else "—"


def staff_factor_share() -> FactorShare:
    """Active staff, those with a confirmed second factor (TOTP or a security key), and with a key."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    staff_ids = set(User.objects.filter(kind=User.Kind.STAFF, is_active=True).values_list("pk", flat=True))
    totp = set(TOTPDevice.objects.filter(user_id__in=staff_ids, confirmed=True).values_list("user_id", flat=True))
    try:
        key_model = apps.get_model("accounts", "SecurityKey")
    except LookupError:
        return FactorShare(len(staff_ids), len(totp), 0, False)
    keys = set(key_model.objects.filter(user_id__in=staff_ids).values_list("user_id", flat=True))
    return FactorShare(len(staff_ids), len(totp | keys), len(keys), True)


@dataclass(frozen=True)
class KeyAge:
    key_id: str
    since: datetime | None
    exact: bool  # False: no rotation recorded, `since` is the oldest audit entry (a lower bound)


def encryption_key_age() -> KeyAge:
    """The current field-encryption key's age: from the re-encryption run that introduced it
    (`privacy.reencrypt`), else at least as old as the audit log."""
    from yiwang.core.privacy.crypto import get_keyring, key_id

    try:
        current = key_id(get_keyring().current)
    except ImproperlyConfigured:  # an unconfigured key is reported in the report, not raised
        return KeyAge("（未配置）", None, False)
    rotation = AuditEntry.objects.filter(event="privacy.reencrypt", detail__key_id=current).order_by("seq").first()
    if rotation is not None:
        return KeyAge(current, rotation.created_at, True)
    oldest = AuditEntry.objects.order_by("seq").values_list("created_at", flat=True).first()
    return KeyAge(current, oldest, False)


def age_text(then: datetime | None, now: datetime) -> str:
    if then is None:
        return "从未"
    delta = now - then
    if delta < timedelta(hours=1):
        return f"{int(delta.total_seconds() // 60)} 分钟前"
    if delta < timedelta(days=2):
        return f"{delta.total_seconds() / 3600:.1f} 小时前"
    return f"{delta.days} 天前"


def offsite_targets() -> list[str]:
    config: dict[str, Any] = getattr(settings, "YIWANG_BACKUP", {})
    return [str(target) for target in config.get("OFFSITE", [])]


def security_state(*, now: datetime | None = None) -> dict[str, Any]:
    """Every live value the self-assessment shows, computed now."""
    now = now or timezone.now()
    from yiwang.core.accounts.services import policy

    chain = audit.verify_chain()
    backup = last_record(BackupRecord.Kind.BACKUP)
    drill = last_record(BackupRecord.Kind.DRILL, ok_only=False)
    share = staff_factor_share()
    key = encryption_key_age()
    validators: list[dict[str, Any]] = getattr(settings, "AUTH_PASSWORD_VALIDATORS", [])
    min_length = next(
        (
            int(v.get("OPTIONS", {}).get("min_length", 8))
            for v in validators
            if str(v["NAME"]).endswith("MinimumLengthValidator")
        ),
        0,
    )
    open_incidents = Incident.objects.exclude(status=Incident.Status.CLOSED)
    from .matrix import endpoints

    matrix = endpoints()
    return {
        "now": now,
        "password_min_length": min_length,
        "password_classes": settings.YIWANG_SECURITY.get("PASSWORD_CLASSES", 3),
        "password_max_age_days": policy("PASSWORD_MAX_AGE_DAYS"),
        "lockout_threshold": policy("LOCKOUT_THRESHOLD"),
        "lockout_minutes": policy("LOCKOUT_MINUTES"),
        "idle_minutes": policy("STAFF_IDLE_MINUTES"),
        "staff": share.staff,
        "staff_two_factor": share.two_factor,
        "staff_two_factor_share": FactorShare.percent(share.two_factor, share.staff),
        "staff_security_key": share.security_key,
        "staff_security_key_share": FactorShare.percent(share.security_key, share.staff),
        "security_key_model": share.security_key_model,
        "audit_entries": chain.checked,
        "audit_chain_intact": chain.intact,
        "audit_chain_problems": len(chain.problems),
        "audit_retention_days": settings.AUDIT_RETENTION_DAYS,
        "last_backup": backup,
        "last_backup_age": age_text(backup.started_at if backup else None, now),
        "backup_offsite": offsite_targets(),
        "last_drill": drill,
        "last_drill_age": age_text(drill.started_at if drill else None, now),
        "key_id": key.key_id,
        "key_age": age_text(key.since, now) if key.exact else f"至少 {age_text(key.since, now)}（未记录轮换）",
        "key_rotated": key.exact,
        "backup_encryption_dedicated": backup_crypto.has_dedicated_key(),
        "backup_encrypted": bool(backup and backup.detail.get("encrypted")),
        "open_incidents": open_incidents.count(),
        "overdue_reports": open_incidents.filter(reported_at__isnull=True, report_due_at__lt=now).count(),
        "alerts_7d": SecurityAlert.objects.filter(created_at__gte=now - timedelta(days=7)).count(),
        "matrix_endpoints": len(matrix),
        "matrix_undeclared": sum(1 for e in matrix if e.policy is None),
        "hsts_seconds": getattr(settings, "SECURE_HSTS_SECONDS", 0),
        "session_cookie_secure": getattr(settings, "SESSION_COOKIE_SECURE", False),
        "clamav": antivirus.is_configured(),  # the file service's own switch (CLAMAV_SOCKET / CLAMAV_HOST)
        **separation_of_duties(),
    }


def separation_of_duties() -> dict[str, Any]:
    """三权分立 facts the platform can check itself (report L3-CES1-08): the three administrators'
    verb sets are disjoint, no business role carries a core.* verb, the auditor holds no business
    role, and how many staff hold each administrator role."""
    from yiwang.core.orgs.models import Membership, Role
    from yiwang.core.permissions.access import admin_role_verbs

    sets = list(admin_role_verbs().values())
    disjoint = all(not (a & b) for i, a in enumerate(sets) for b in sets[i + 1 :])
    core_roles = sorted(
        code for code, verbs in Role.objects.values_list("code", "verbs") if any(v.startswith("core.") for v in verbs)
    )
    holders = {
        role: User.objects.filter(kind=User.Kind.STAFF, is_active=True, admin_role=role).count()
        for role in (User.AdminRole.SYSTEM, User.AdminRole.SECURITY, User.AdminRole.AUDIT)
    }
    auditors_with_roles = (
        Membership.objects.filter(user__admin_role=User.AdminRole.AUDIT).values("user_id").distinct().count()
    )
    return {
        "admin_verbs_disjoint": disjoint,
        "business_roles_with_core_verbs": core_roles,
        "admin_role_holders": {User.AdminRole(role).label: n for role, n in holders.items()},
        "auditors_with_business_roles": auditors_with_roles,
    }
