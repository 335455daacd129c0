"""Audit log (审计日志) — GB/T 22239 L3-CES1-12…15; 网络安全法 Art. 21 (≥ 6 months).

Append-only and hash-chained: each entry's `entry_hash` covers its own fields and the previous
entry's hash, so any edited, inserted or deleted row breaks the chain (`manage.py audit_verify`).
Database triggers (see the migrations) refuse UPDATE always, and DELETE of rows younger than the
retention period; the chain catches what a database superuser could still do.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    class Result(models.TextChoices):
        SUCCESS = "success", "成功"
        FAILURE = "failure", "失败"

    seq = models.BigIntegerField("序号", unique=True, editable=False)
    created_at = models.DateTimeField("时间", db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField("操作人", max_length=150, blank=True)
    ip = models.GenericIPAddressField("IP", null=True, blank=True)
    event = models.CharField("事件", max_length=80, db_index=True)
    object_type = models.CharField("对象类型", max_length=80, blank=True)
    object_id = models.CharField("对象标识", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    result = models.CharField("结果", max_length=8, choices=Result.choices, default=Result.SUCCESS)
    detail = models.JSONField("详情（变更前后）", default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    entry_hash = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["actor", "created_at"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.event} {self.object_repr}"


class AuditChainHead(models.Model):
    """One row: the last sequence number and hash. Locked while an entry is appended, so the
    chain is a single line even with many writers. `anchor_*` is where the chain starts after
    a purge (the hash of the last purged entry)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    anchor_seq = models.BigIntegerField(default=0)
    anchor_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = "审计链头"

    def __str__(self) -> str:
        return f"audit chain head at #{self.last_seq}"
