"""Stored files (文件). One row per uploaded blob; the blob lives in Django's default storage
under a name we choose (never the uploader's), the row says what it is and whose it is."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse


class StoredFile(models.Model):
    """存储文件: an upload for a purpose, attached to the object that owns it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    purpose = models.CharField("用途", max_length=64)
    original_name = models.CharField("原文件名", max_length=255)
    content_type = models.CharField("文件类型", max_length=127)
    size = models.BigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    storage_name = models.CharField("存储名", max_length=500, unique=True)
    owner_content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="所属对象类型"
    )
    owner_object_id = models.CharField("所属对象标识", max_length=64, blank=True)
    owner = GenericForeignKey("owner_content_type", "owner_object_id")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="上传人",
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "存储文件"
        verbose_name_plural = "存储文件"
        indexes = [models.Index(fields=["owner_content_type", "owner_object_id"], name="files_owner")]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("files:download", kwargs={"file_id": self.pk})

    @property
    def is_attached(self) -> bool:
        return self.owner_content_type_id is not None
