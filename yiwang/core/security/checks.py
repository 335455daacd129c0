"""System checks: the audit log retention may not be set below 180 days (网络安全法 Art. 21); the
incident reporting hours name every level with a positive number of hours or None; the backup
signing and encryption keys are well-formed, and production (`check --deploy`) has a dedicated
backup encryption key."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

MIN_RETENTION_DAYS = 180


@register()
def check_audit_retention(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    days = getattr(settings, "AUDIT_RETENTION_DAYS", MIN_RETENTION_DAYS)
    if days < MIN_RETENTION_DAYS:
        return [
            Error(
                f"AUDIT_RETENTION_DAYS={days} 低于法定的 {MIN_RETENTION_DAYS} 天。",
                hint="网络安全法第二十一条：网络日志留存不少于六个月。请设置 AUDIT_RETENTION_DAYS>=180。",
                id="security.E001",
            )
        ]
    return []


@register()
def check_incident_report_hours(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    from .models import Incident

    names = [name.lower() for name in Incident.Level.names]
    config = getattr(settings, "SECURITY_INCIDENT_REPORT_HOURS", None)
    hint = (
        "SECURITY_INCIDENT_REPORT_HOURS 须为每个级别（" + "、".join(names) + "）给出报告时限的小时数（正数），"
        "无须报告的级别为 None。"
    )
    if not isinstance(config, dict):
        return [Error("SECURITY_INCIDENT_REPORT_HOURS 必须是字典。", hint=hint, id="security.E002")]
    problems = []
    if unknown := sorted(set(config) - set(names)):
        problems.append(f"未知的级别：{', '.join(map(str, unknown))}")
    if missing := [name for name in names if name not in config]:
        problems.append(f"缺少级别：{', '.join(missing)}")
    for name, hours in config.items():
        if hours is not None and (isinstance(hours, bool) or not isinstance(hours, int | float) or hours <= 0):
            problems.append(f"{name} 的小时数无效：{hours!r}")
    return [Error(f"SECURITY_INCIDENT_REPORT_HOURS：{problem}", hint=hint, id="security.E002") for problem in problems]


@register()
def check_backup_signing_keys(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    from django.core.exceptions import ImproperlyConfigured

    from .backup import BackupError, signing_keys
    from .backup_crypto import encryption_keys

    errors: list[Error] = []
    for label, name, keys in (
        ("清单签名", "BACKUP_SIGNING_KEY", signing_keys),
        ("加密", "BACKUP_ENCRYPTION_KEY", encryption_keys),
    ):
        try:
            keys()
        except BackupError:
            continue  # no SECRET_KEY at all: Django reports that itself
        except ImproperlyConfigured as exc:
            errors.append(
                Error(
                    f"备份{label}密钥无效：{exc}",
                    hint=f"{name}（及 {name}_FALLBACKS）须为 32 字节随机数的 base64，"
                    "可用 manage.py generate_field_key 生成；不设置时由 SECRET_KEY 派生。",
                    id="security.E003",
                )
            )
    return errors


@register(Tags.security, deploy=True)
def check_backup_encryption_key_in_production(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """A key derived from SECRET_KEY would put the backups' only protection on the application
    servers: production keeps a dedicated key in the secret store, apart from the backups."""
    from .backup_crypto import has_dedicated_key

    if has_dedicated_key():
        return []
    return [
        Error(
            "生产环境未配置 BACKUP_ENCRYPTION_KEY：备份只能用由 SECRET_KEY 派生的密钥加密。",
            hint="用 manage.py generate_field_key 生成 32 字节密钥，设置 BACKUP_ENCRYPTION_KEY，"
            "并与 FIELD_ENCRYPTION_KEYS 一起保存在密钥库中、与备份和异地副本分开（docs/security/backup.md）。",
            id="security.E004",
        )
    ]
