"""安全保障 records: backups and restore drills, security incidents (安全事件登记) with their
timeline, and the alerts already sent (so a periodic check never alerts twice)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class BackupRecord(models.Model):
    """One backup, verification, restore or restore drill (数据备份恢复, GB/T 22239 L3-CES1-29/30)."""

    class Kind(models.TextChoices):
        BACKUP = "backup", "备份"
        VERIFY = "verify", "校验"
        RESTORE = "restore", "恢复"
        DRILL = "drill", "恢复演练"

    class Status(models.TextChoices):
        OK = "ok", "成功"
        FAILED = "failed", "失败"

    kind = models.CharField("类型", max_length=8, choices=Kind.choices)
    status = models.CharField("结果", max_length=8, choices=Status.choices)
    name = models.CharField("备份名称", max_length=100, blank=True)
    location = models.CharField("位置", max_length=500, blank=True)
    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("结束时间")
    size_bytes = models.BigIntegerField("大小（字节）", default=0)
    audit_head_seq = models.BigIntegerField("审计链头序号", default=0)
    audit_head_hash = models.CharField("审计链头哈希", max_length=64, blank=True)
    offsite = models.JSONField("异地副本", default=list, blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)

    class Meta:
        verbose_name = "备份与恢复记录"
        verbose_name_plural = "备份与恢复记录"
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["kind", "status", "-started_at"], name="security_backup_latest")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name} {self.get_status_display()}"


class Incident(models.Model):
    """A security incident (网络安全事件). Levels per 国家网络安全事件报告管理办法 (2025): 较大 and
    above are reported to the provincial 网信 department within 4 hours by default (domain-rules
    §7.3); the hours per level are SECURITY_INCIDENT_REPORT_HOURS, keyed by the `Level` names."""

    class Level(models.TextChoices):
        EXTRAORDINARY = "1", "特别重大"
        MAJOR = "2", "重大"
        LARGER = "3", "较大"
        GENERAL = "4", "一般"

    class Status(models.TextChoices):
        OPEN = "open", "处置中"
        CONTAINED = "contained", "已控制"
        CLOSED = "closed", "已结案"

    number = models.CharField("编号", max_length=20, unique=True)
    title = models.CharField("事件名称", max_length=200)
    level = models.CharField("级别", max_length=1, choices=Level.choices)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    occurred_at = models.DateTimeField("发生时间")
    discovered_at = models.DateTimeField("发现时间")
    description = models.TextField("情况描述")
    report_due_at = models.DateTimeField("报告时限", null=True, blank=True)
    reported_at = models.DateTimeField("报告时间", null=True, blank=True)
    reported_to = models.CharField("报告对象", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    closed_at = models.DateTimeField("结案时间", null=True, blank=True)

    class Meta:
        verbose_name = "安全事件"
        verbose_name_plural = "安全事件"
        ordering = ["-discovered_at"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def needs_report(self) -> bool:
        return self.report_due_at is not None


class IncidentEntry(models.Model):
    """One line of an incident's timeline (处置记录): what happened or was done, when, by whom."""

    class Kind(models.TextChoices):
        NOTE = "note", "处置记录"
        REPORT = "report", "报告"
        STATUS = "status", "状态变更"
        LEVEL = "level", "级别变更"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField("类型", max_length=8, choices=Kind.choices, default=Kind.NOTE)
    at = models.DateTimeField("时间")
    text = models.TextField("内容")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "事件处置记录"
        verbose_name_plural = "事件处置记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.incident.number} {self.at:%Y-%m-%d %H:%M}"


class SecurityAlert(models.Model):
    """An alert sent to the security administrators; `key` is unique so a pattern seen again in the
    next run of the periodic check is not alerted twice (e.g. `failed_logins:user:42:2026-03-02T10`)."""

    key = models.CharField("去重键", max_length=200, unique=True)
    rule = models.CharField("规则", max_length=50, db_index=True)
    summary = models.CharField("摘要", max_length=300)
    detail = models.JSONField("详情", default=dict, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "安全告警"
        verbose_name_plural = "安全告警"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.summary
