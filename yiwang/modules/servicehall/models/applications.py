"""Applications (办件): what an applicant submits for a service item, and its handling record.

The life-cycle follows domain-rules §6.3 and 行政许可法 Art. 32, 42, 44, 45: 接件 → 预审 → 补正 |
不予受理 | 受理 → 审查 → [特别程序] → 决定 → 制证/送达 → 办结. The staff steps run on the workflow
engine (process `servicehall.application`); `status` mirrors the open step. The clocks (预审 5 working
days, statutory, promised, 送达 10 working days) are core calendar clocks held by the application.
Rows are written by `services.applications` only.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models

from yiwang.core.privacy.fields import EncryptedTextField

from .catalogue import ServiceItem, ServiceMaterial

__all__ = [
    "Application",
    "ApplicationMaterial",
    "ApplicationNotice",
    "ApplicationNumberCounter",
    "DeferralCommitment",
    "PromiseVerification",
    "SpecialProcedure",
]


class ApplicationNumberCounter(models.Model):
    """The last 办件编号 serial of a year (locked while a number is taken: gap-free, never reused)."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    last = models.PositiveIntegerField("最后序号", default=0)

    class Meta:
        verbose_name = "办件编号计数"
        verbose_name_plural = "办件编号计数"

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Application(models.Model):
    """办件 — one application for one service item."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "已接件"
        PRE_REVIEW = "pre_review", "预审中"
        CORRECTION = "correction", "待补正"
        REJECTED = "rejected", "不予受理"
        EXAMINING = "examining", "审查中"
        DECIDING = "deciding", "待决定"
        DELIVERING = "delivering", "制证送达"
        COMPLETED = "completed", "已办结"
        REVOKED = "revoked", "已撤销"

    class Decision(models.TextChoices):
        NONE = "", "未决定"
        GRANTED = "granted", "准予"
        DENIED = "denied", "不予"

    class ApplicantKind(models.TextChoices):
        PERSON = "person", "个人"
        LEGAL_PERSON = "legal_person", "法人"

    number = models.CharField("办件编号", max_length=40, unique=True)
    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="applications", verbose_name="事项")
    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="service_applications", verbose_name="实施机关"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="service_applications", verbose_name="申请人"
    )
    applicant_kind = models.CharField("申请人类型", max_length=16, choices=ApplicantKind.choices)
    applicant_name = models.CharField("申请人名称", max_length=200)
    # The form data holds ID and phone numbers: JSON encrypted at rest (never queried by content).
    form_data_encrypted = EncryptedTextField("申请表数据", purpose="servicehall.application_form", blank=True)
    form_version = models.PositiveIntegerField("申请表版本", default=1)
    promise_chosen = models.BooleanField("选择告知承诺", default=False)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    process_id = models.CharField("流程实例", max_length=40, blank=True)
    current_step = models.CharField("当前环节", max_length=60, blank=True)
    review_index = models.PositiveSmallIntegerField("审查环节序号", default=0)
    received_at = models.DateTimeField("接件时间")
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField("决定", max_length=10, choices=Decision.choices, blank=True, default="")
    decision_reasons = models.TextField("决定理由", blank=True)
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField("办结时间", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revocation_reasons = models.TextField("撤销理由", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "办件"
        verbose_name_plural = "办件"
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "status", "-received_at"], name="servicehall_app_agency_status"),
            models.Index(fields=["owner", "-received_at"], name="servicehall_app_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.item.name}" if self.item_id else self.number

    @property
    def form_data(self) -> dict[str, Any]:
        if not self.form_data_encrypted:
            return {}
        value = json.loads(self.form_data_encrypted)
        return value if isinstance(value, dict) else {}

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.REJECTED, self.Status.COMPLETED, self.Status.REVOKED)


class ApplicationMaterial(models.Model):
    """One 申请材料 of an application, against the item's ServiceMaterial (one row per material)."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", "已提交"
        MISSING = "missing", "未提交"
        DEFERRED = "deferred", "容缺后补"
        PROMISED = "promised", "告知承诺"
        SUPPLIED = "supplied", "已补交"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="materials")
    material = models.ForeignKey(ServiceMaterial, on_delete=models.PROTECT, related_name="+", verbose_name="材料")
    file = models.ForeignKey(
        "files.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="文件"
    )
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.MISSING)
    # 告知承诺: the applicant's promise letter in place of this proof (国办发〔2020〕42号).
    promise_text = models.TextField("承诺内容", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "办件材料"
        verbose_name_plural = "办件材料"
        ordering = ["application_id", "material__sort_order", "material_id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "material"], name="servicehall_app_material_once")
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.material_id}"


class ApplicationNotice(models.Model):
    """A written notice or receipt given to the applicant (its content kept, the PDF rendered from it)."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", "受理通知书（回执）"
        CORRECTION = "correction", "补正告知书"
        REJECTION = "rejection", "不予受理通知书"
        SPECIAL = "special", "特别程序告知书"
        GRANT = "grant", "准予许可决定书"
        DENIAL = "denial", "不予许可决定书"
        REVOCATION = "revocation", "撤销决定书"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField("类别", max_length=12, choices=Kind.choices)
    content = models.JSONField("内容", default=dict)
    issued_at = models.DateTimeField("出具时间")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField("补正完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "办件文书"
        verbose_name_plural = "办件文书"
        ordering = ["application_id", "issued_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.application_id}"


class DeferralCommitment(models.Model):
    """容缺 ledger row: a deferrable material accepted missing on the applicant's written commitment."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="deferrals")
    application_material = models.OneToOneField(
        ApplicationMaterial, on_delete=models.CASCADE, related_name="deferral", verbose_name="材料"
    )
    commitment = models.TextField("承诺补交内容")
    due_date = models.DateField("补交期限")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间")
    supplied_at = models.DateTimeField("补交时间", null=True, blank=True)

    class Meta:
        verbose_name = "容缺受理台账"
        verbose_name_plural = "容缺受理台账"
        ordering = ["application_id", "id"]

    def __str__(self) -> str:
        return f"容缺 {self.application_id}: {self.application_material_id}"


class PromiseVerification(models.Model):
    """告知承诺 核查: a promise accepted in place of a proof is verified by a deadline."""

    class Result(models.TextChoices):
        PENDING = "pending", "待核查"
        TRUE = "true", "承诺属实"
        FALSE = "false", "承诺不实"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="verifications")
    application_material = models.OneToOneField(
        ApplicationMaterial, on_delete=models.CASCADE, related_name="verification", verbose_name="承诺代替的材料"
    )
    promise_text = models.TextField("承诺内容")
    due_date = models.DateField("核查期限")
    result = models.CharField("核查结果", max_length=10, choices=Result.choices, default=Result.PENDING)
    findings = models.TextField("核查情况", blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField("核查时间", null=True, blank=True)

    class Meta:
        verbose_name = "告知承诺核查"
        verbose_name_plural = "告知承诺核查"
        ordering = ["application_id", "id"]

    def __str__(self) -> str:
        return f"核查 {self.application_id}: {self.application_material_id}"


class SpecialProcedure(models.Model):
    """特别程序 (行政许可法第四十五条): its time is not counted; the applicant is told in writing."""

    class Kind(models.TextChoices):
        HEARING = "hearing", "听证"
        EXPERT = "expert", "专家评审"
        INSPECTION = "inspection", "现场核查"
        TESTING = "testing", "检验检测"
        APPRAISAL = "appraisal", "鉴定"
        OTHER = "other", "其他"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="special_procedures")
    kind = models.CharField("类别", max_length=12, choices=Kind.choices)
    reason = models.TextField("理由")
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField("开始时间")
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)
    result = models.TextField("结果", blank=True)

    class Meta:
        verbose_name = "特别程序"
        verbose_name_plural = "特别程序"
        ordering = ["application_id", "started_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.application_id}"
