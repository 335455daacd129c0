"""收文 (incoming documents): what an agency receives, over the platform (公文交换) or on paper.

党政机关公文处理工作条例 §26: 签收 → 登记 → 初审 → 承办（拟办、批办、承办） → 传阅 → 催办 → 答复.
The 收文号 is given per receiving agency per year, without gaps and never reused, like the 发文字号.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from yiwang.core.orgs.models import Agency

from .documents import Distribution, DocumentType, Urgency

__all__ = [
    "HandlingAssignment",
    "IncomingDocument",
    "IncomingNumberCounter",
    "IncomingOpinion",
    "format_incoming_number",
]


def format_incoming_number(prefix: str, year: int, serial: int) -> str:
    """收〔2026〕15号"""
    return f"{prefix}〔{year}〕{serial}号"


class IncomingNumberCounter(models.Model):
    """The last 收文号 serial given per receiving agency per year. Only ever moves forward."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年份")
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "收文号计数"
        verbose_name_plural = "收文号计数"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="documents_in_counter_agency_year")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"


class IncomingDocument(models.Model):
    """收文 — one document received by one agency, and how it is handled there."""

    class Status(models.TextChoices):
        # Mirrored from the open step of the 收文 process (签收 comes before the process starts).
        SIGN_FOR = "sign_for", "待签收"
        REGISTER = "register", "登记"
        REVIEW = "review", "初审"
        PROPOSE = "propose", "拟办"
        INSTRUCT = "instruct", "批办"
        ASSIGN = "assign", "分办"
        HANDLE = "handle", "承办"
        FINISH = "finish", "办结"
        DONE = "done", "已办结"
        RETURNED = "returned", "已退回"

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="incoming_documents", verbose_name="收文机关"
    )
    # Over the platform: the 分发 record it came with (the sender reads 签收/退回 there). Null: 来文登记.
    distribution = models.OneToOneField(
        Distribution, null=True, blank=True, on_delete=models.PROTECT, related_name="incoming"
    )
    # Copied from the document (or typed in at 来文登记)
    title = models.CharField("标题", max_length=200)
    source_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="来文机关（平台内）"
    )
    source_name = models.CharField("来文单位", max_length=100)
    source_number = models.CharField("来文字号", max_length=40, blank=True)
    doc_type = models.CharField("文种", max_length=4, choices=DocumentType.choices, blank=True)
    urgency = models.CharField("紧急程度", max_length=2, blank=True, choices=Urgency.choices, default="")
    written_on = models.DateField("成文日期", null=True, blank=True)
    pages = models.PositiveSmallIntegerField("页数", null=True, blank=True)
    file = models.ForeignKey(
        "files.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="来文文件"
    )
    # 收文号 (stamped once by 登记)
    year = models.PositiveSmallIntegerField("年度")
    number_serial = models.PositiveIntegerField("收文序号", null=True, blank=True)
    number = models.CharField("收文号", max_length=40, blank=True)
    # The 收文 process
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.SIGN_FOR)
    process_id = models.CharField("流程实例", max_length=64, blank=True)
    received_at = models.DateTimeField("收到时间", default=timezone.now)
    signed_for_at = models.DateTimeField("签收时间", null=True, blank=True)
    signed_for_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField("登记时间", null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # 拟办, 批办 (圈阅: read and agreed, no text), 办理期限
    proposal = models.TextField("拟办意见", blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField("拟办时间", null=True, blank=True)
    instruction = models.TextField("领导批示", blank=True)
    circled = models.BooleanField("圈阅", default=False)
    instructed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    instructed_at = models.DateTimeField("批示时间", null=True, blank=True)
    deadline = models.DateField("办理期限", null=True, blank=True)
    # 办结 and 答复, or 退回 at 签收/初审
    completed_at = models.DateTimeField("办结时间", null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reply = models.TextField("答复", blank=True)
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_reason = models.TextField("退回理由", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "收文"
        verbose_name_plural = "收文"
        indexes = [
            # 收文 list: newest first by keyset (received_at, id), per agency and per agency + filter.
            models.Index(fields=["agency", "-received_at", "-id"], name="documents_in_agency"),
            models.Index(fields=["agency", "status", "-received_at", "-id"], name="documents_in_agency_status"),
            models.Index(fields=["agency", "year", "-received_at", "-id"], name="documents_in_agency_year"),
            # A user who sees many agencies (a city-wide post, a global grant): the list's order with
            # the agency read from the index, so a page stops after its rows instead of sorting all.
            models.Index(fields=["-received_at", "-id", "agency"], name="documents_in_received"),
            models.Index(fields=["year", "-received_at", "-id", "agency"], name="documents_in_year"),
        ]
        constraints = [
            # A 收文号 is given once: no two documents of an agency share (year, serial).
            models.UniqueConstraint(
                fields=["agency", "year", "number_serial"],
                condition=models.Q(number_serial__isnull=False),
                name="documents_in_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.number or self.title

    @property
    def is_urgent(self) -> bool:
        return self.urgency in (Urgency.URGENT, Urgency.EXTRA_URGENT)


class HandlingAssignment(models.Model):
    """承办 — one agency (department) handling a 收文: the 主办 or a 协办, with its deadline and result."""

    class Role(models.TextChoices):
        MAIN = "main", "主办"
        ASSIST = "assist", "协办"

    incoming = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE, related_name="assignments")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="承办单位")
    role = models.CharField("承办方式", max_length=8, choices=Role.choices)
    deadline = models.DateField("办理期限", null=True, blank=True)
    assigned_at = models.DateTimeField("交办时间", default=timezone.now)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    result = models.TextField("办理结果", blank=True)
    done_at = models.DateTimeField("办毕时间", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "承办"
        verbose_name_plural = "承办"
        ordering = ["incoming_id", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["incoming", "agency"], name="documents_handling_once")]
        # The visibility check: "收文 my agency handles".
        indexes = [models.Index(fields=["agency", "incoming"], name="documents_handling_agency")]

    def __str__(self) -> str:
        return f"{self.incoming_id} {self.role} {self.agency_id}"


class IncomingOpinion(models.Model):
    """收文处理笺 — one line: step, person, agency, text, time (退回 and 圈阅 are marked)."""

    class Result(models.TextChoices):
        DONE = "办理", "办理"
        RETURN = "退回", "退回"
        CIRCLE = "圈阅", "圈阅"

    incoming = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE, related_name="opinions")
    step = models.CharField("环节", max_length=10)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("意见", blank=True)
    result = models.CharField("结果", max_length=2, choices=Result.choices, default=Result.DONE)
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "收文处理意见"
        verbose_name_plural = "收文处理意见"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["incoming", "at"], name="documents_in_opinion")]

    def __str__(self) -> str:
        return f"{self.step} {self.result}"
