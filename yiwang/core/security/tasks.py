"""Periodic jobs of the security app: the nightly backup (verified, copied off-site, pruned), the
weekly restore drill of the newest backup, the audit purge behind it, the alert sweep (which also
reports failed backups and drills) and the incident reporting clock."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

from django_tasks import task

from yiwang.core.accounts.models import User
from yiwang.core.jobs.periodic import periodic

from . import alerts, services

log = logging.getLogger(__name__)


@periodic(name="security.backup", every=timedelta(days=1), offset=timedelta(hours=18))
def nightly_backup() -> None:
    """每日 02:00 备份（数据库、上传文件、哈希清单），校验后复制到异地并按保留策略清理。"""
    record = services.create_backup()
    services.verify_backup(Path(record.location))


@periodic(name="security.restore_drill", every=timedelta(days=7), offset=timedelta(days=3, hours=19))
def weekly_restore_drill() -> None:
    """每周一 03:00 恢复演练：取最近一次成功的备份恢复到临时空实例，比对行数、文件哈希与审计链；
    失败时由告警巡检通知安全管理员。"""
    services.run_restore_drill(path=services.latest_backup_path())


@periodic(name="security.audit_purge", every=timedelta(days=1), offset=timedelta(hours=20))
def purge_audit_log() -> None:
    """每日清理超过保存期限、且已进入经校验备份的审计记录（保存期限不少于 180 天）。"""
    try:
        services.purge_audit_log()
    except services.RetentionRefused as exc:
        log.warning("audit purge skipped: %s", exc)


@periodic(name="security.alerts", every=timedelta(minutes=5))
def send_security_alerts() -> None:
    """每 5 分钟检查审计日志中的可疑模式（登录失败、批量下载、非工作时间管理操作）并告警。"""
    alerts.send_alerts()


@periodic(name="security.incident_clock", every=timedelta(minutes=5))
def incident_reporting_clock() -> None:
    """安全事件报告时限（SECURITY_INCIDENT_REPORT_HOURS）：到期前 1 小时与逾期时提醒安全管理员。"""
    services.remind_incident_reports()


@task()
def restore_drill_task(*, actor_id: int | None = None) -> bool:
    """A restore drill asked for on the 安全保障 screen (it takes minutes: never inside a request)."""
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    _record, result = services.run_restore_drill(actor=actor)
    return result.ok
