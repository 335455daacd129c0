"""Application forms defined as data (JSON Schema plus layout) — 申请表单.

One `ServiceForm` per service item holds the current definition; every save bumps `version` and keeps
the definition it replaced as a `ServiceFormVersion`, so an application can name the exact version it
was filled with and still be shown as the applicant saw it. Rows are written by `services.forms` only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .catalogue import ServiceItem

__all__ = ["ServiceForm", "ServiceFormVersion"]


class ServiceForm(models.Model):
    """申请表单 — the current application form of one service item."""

    item = models.OneToOneField(ServiceItem, on_delete=models.CASCADE, related_name="form", verbose_name="事项")
    schema = models.JSONField("字段定义（JSON Schema）", default=dict)
    layout = models.JSONField("布局", default=dict)
    version = models.PositiveIntegerField("版本", default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="最后修改人",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "申请表单"
        verbose_name_plural = "申请表单"

    def __str__(self) -> str:
        return f"{self.item} 申请表单 v{self.version}"

    @property
    def definition(self) -> dict:
        return {"schema": self.schema, "layout": self.layout}


class ServiceFormVersion(models.Model):
    """表单版本 — one saved version of a form, kept so an application knows what it was filled with."""

    form = models.ForeignKey(ServiceForm, on_delete=models.CASCADE, related_name="versions", verbose_name="表单")
    version = models.PositiveIntegerField("版本")
    schema = models.JSONField("字段定义（JSON Schema）")
    layout = models.JSONField("布局")
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="保存人",
    )
    saved_at = models.DateTimeField("保存时间")

    class Meta:
        verbose_name = "表单版本"
        verbose_name_plural = "表单版本"
        ordering = ["form_id", "-version"]
        constraints = [models.UniqueConstraint(fields=["form", "version"], name="servicehall_form_version_unique")]

    def __str__(self) -> str:
        return f"{self.form_id} v{self.version}"

    @property
    def definition(self) -> dict:
        return {"schema": self.schema, "layout": self.layout}
