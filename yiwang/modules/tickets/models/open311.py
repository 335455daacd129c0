"""Open311 GeoReport v2 tables: the third-party apps' API keys (接口密钥) and the record of which app
submitted which ticket (its Open311 token)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from yiwang.core.privacy.fields import KeyedHashField


class ApiKey(models.Model):
    """接口密钥 — a third-party app's key for submitting service requests through Open311.

    Only the keyed hash of the key is stored; the key itself is shown once, when it is created."""

    name = models.CharField("应用名称", max_length=100)
    contact = models.CharField("联系人及联系方式", max_length=200, blank=True, default="")
    # The first characters of the key, so staff can tell keys apart without the key itself.
    prefix = models.CharField("密钥前缀", max_length=12, editable=False)
    key_hash = KeyedHashField(unique=True)
    active = models.BooleanField("有效", default=True)
    # "600/m", "10000/h"…; empty: settings.YIWANG_TICKETS["OPEN311"]["KEY_RATE"].
    rate_limit = models.CharField("提交频率上限", max_length=16, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("停用时间", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="停用人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "接口密钥"
        verbose_name_plural = "接口密钥"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ServiceRequest(models.Model):
    """Open311 受理记录 — a ticket submitted through Open311: which app sent it, and its token."""

    ticket = models.OneToOneField(
        "tickets.Ticket", verbose_name="工单", on_delete=models.CASCADE, related_name="open311_request"
    )
    api_key = models.ForeignKey(ApiKey, verbose_name="接口密钥", on_delete=models.PROTECT, related_name="requests")
    token = models.CharField("令牌", max_length=32, unique=True)

    class Meta:
        verbose_name = "Open311 受理记录"
        verbose_name_plural = "Open311 受理记录"

    def __str__(self) -> str:
        return self.token
