"""归档 (the archive by 件): DA/T 22-2015 归档文件整理规则 and 国家档案局令第8号 (domain-rules §3.1).

The unit is the 件 — one document with its drafting sheet, metadata and workflow log, packaged
together. Each 件 gets a 件号 per (全宗号, 年度, 保管期限), allocated without gaps from a counter row,
and a 档号 built from them (by default `全宗号-年度-保管期限代码-件号`, e.g. `Z001-2026-Y-0001`;
the format is a setting). Retention per 8号令: 永久, 定期30年, 定期10年.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from yiwang.core.orgs.models import Agency

__all__ = ["ArchiveExport", "ArchiveFonds", "ArchiveRecord", "ArchiveSerialCounter", "Retention"]


class Retention(models.TextChoices):
    """保管期限 (国家档案局令第8号) with the DA/T 22-2015 codes used in the 档号."""

    PERMANENT = "Y", "永久"
    THIRTY_YEARS = "D30", "定期30年"
    TEN_YEARS = "D10", "定期10年"


class ArchiveFonds(models.Model):
    """全宗号 of an agency as its archives office assigned it. Without a row the default of the
    setting `DOCUMENTS_ARCHIVE_FONDS_DEFAULT` applies."""

    agency = models.OneToOneField(Agency, on_delete=models.PROTECT, related_name="archive_fonds", verbose_name="机关")
    code = models.CharField("全宗号", max_length=20, unique=True, help_text="由同级档案馆赋予，如“Z001”")

    class Meta:
        verbose_name = "全宗"
        verbose_name_plural = "全宗"

    def __str__(self) -> str:
        return self.code


class ArchiveSerialCounter(models.Model):
    """The last 件号 given per (全宗号, 年度, 保管期限); moves forward only, inside the archiving transaction."""

    fonds = models.CharField("全宗号", max_length=20)
    year = models.PositiveSmallIntegerField("年度")
    retention = models.CharField("保管期限", max_length=3, choices=Retention.choices)
    last = models.PositiveIntegerField("已用件号", default=0)

    class Meta:
        verbose_name = "件号计数"
        verbose_name_plural = "件号计数"
        constraints = [
            models.UniqueConstraint(fields=["fonds", "year", "retention"], name="documents_archive_counter_once")
        ]

    def __str__(self) -> str:
        return f"{self.fonds}-{self.year}-{self.retention}: {self.last}"


class ArchiveRecord(models.Model):
    """归档文件 — one 件: the archived document, its 档号 and the stored archive package (ZIP)."""

    document = models.OneToOneField(
        "documents.Document", on_delete=models.PROTECT, related_name="archive_record", verbose_name="公文"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="立档单位")
    fonds = models.CharField("全宗号", max_length=20)
    year = models.PositiveSmallIntegerField("年度")
    retention = models.CharField("保管期限", max_length=3, choices=Retention.choices)
    category = models.CharField("机构（问题）", max_length=50, blank=True)
    serial = models.PositiveIntegerField("件号")
    archive_code = models.CharField("档号", max_length=80, unique=True)
    package = models.ForeignKey(
        "files.StoredFile", on_delete=models.PROTECT, related_name="+", verbose_name="归档数据包"
    )
    package_sha256 = models.CharField("数据包 SHA-256", max_length=64)
    archived_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    archived_at = models.DateTimeField("归档时间", default=timezone.now)

    class Meta:
        verbose_name = "归档文件"
        verbose_name_plural = "归档文件"
        constraints = [
            models.UniqueConstraint(
                fields=["fonds", "year", "retention", "serial"], name="documents_archive_serial_once"
            ),
        ]
        indexes = [
            # The archive list: an agency's year, by retention and 件号 (the 归档文件目录's order).
            models.Index(fields=["agency", "year", "retention", "serial"], name="documents_archive_list"),
        ]

    def __str__(self) -> str:
        return self.archive_code


class ArchiveExport(models.Model):
    """A year's archive of an agency, exported as one ZIP by a background task."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="立档单位")
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("申请时间", default=timezone.now)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    count = models.PositiveIntegerField("件数", default=0)
    file = models.ForeignKey(
        "files.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="导出文件"
    )
    error = models.CharField("失败原因", max_length=300, blank=True)

    class Meta:
        verbose_name = "年度归档导出"
        verbose_name_plural = "年度归档导出"
        indexes = [models.Index(fields=["agency", "-requested_at"], name="documents_archive_export")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year} {self.status}"
