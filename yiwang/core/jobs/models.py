"""Runs of periodic jobs (定时任务执行记录). The unique (name, slot) pair is the claim that makes
several schedulers safe: whoever inserts the row enqueues the job; the others get an IntegrityError."""

from __future__ import annotations

from django.db import models


class JobRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "已排队"
        RUNNING = "running", "运行中"
        SUCCESS = "success", "成功"
        FAILED = "failed", "失败"

    name = models.CharField("任务", max_length=100)
    slot = models.BigIntegerField("时段")
    scheduled_for = models.DateTimeField("计划时间")
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.QUEUED)
    enqueued_at = models.DateTimeField("排队时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    error = models.TextField("错误", blank=True)

    class Meta:
        verbose_name = "定时任务执行记录"
        verbose_name_plural = "定时任务执行记录"
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="jobs_jobrun_one_per_slot")]
        indexes = [models.Index(fields=["name", "-slot"], name="jobs_jobrun_latest")]

    def __str__(self) -> str:
        return f"{self.name} @ {self.scheduled_for:%Y-%m-%d %H:%M}"
