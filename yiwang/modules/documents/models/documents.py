"""The documents (公文), their numbers and opinions.

党政机关公文处理工作条例 (中办发〔2012〕14号) §8–§9 and GB/T 9704-2012: the 15 types and the 18
elements; 发文字号 per 机关代字 per year, without gaps and never reused (domain-rules §3.2).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.utils import timezone

from yiwang.core.orgs.models import Agency

__all__ = [
    "CLASSIFIED_LEVELS",
    "CLASSIFIED_REFUSAL",
    "DOC_NUMBER_RE",
    "Disclosure",
    "Distribution",
    "Document",
    "DocumentIssuer",
    "DocumentNumberCounter",
    "DocumentType",
    "IssuerCode",
    "Opinion",
    "SupervisionFlag",
    "SupervisionNote",
    "Urgency",
    "format_doc_number",
]

# 保守国家秘密法: no state secret on an internet-facing system (domain-rules §3.1, design invariant).
CLASSIFIED_LEVELS = ("秘密", "机密", "绝密")
CLASSIFIED_REFUSAL = "本平台连接互联网，不得处理涉密公文（秘密、机密、绝密）。请通过涉密网络办理。"
# GB/T 9704-2012 §7.2.4: 机关代字〔年份〕序号号 — the year in 六角括号, no 第, no zero padding.
DOC_NUMBER_RE = re.compile(r"^(?P<code>[\u4e00-\u9fffA-Za-z0-9]{1,24})〔(?P<year>\d{4})〕(?P<serial>[1-9]\d*)号$")


def format_doc_number(code: str, year: int, serial: int) -> str:
    """伊政发〔2026〕12号"""
    return f"{code}〔{year}〕{serial}号"


class DocumentType(models.TextChoices):
    """文种: the 15 types of 党政机关公文处理工作条例 §8."""

    RESOLUTION = "决议", "决议"
    DECISION = "决定", "决定"
    ORDER = "命令", "命令（令）"
    COMMUNIQUE = "公报", "公报"
    ANNOUNCEMENT = "公告", "公告"
    PUBLIC_NOTICE = "通告", "通告"
    OPINION = "意见", "意见"
    NOTICE = "通知", "通知"
    BULLETIN = "通报", "通报"
    REPORT = "报告", "报告"
    REQUEST = "请示", "请示"
    REPLY = "批复", "批复"
    MOTION = "议案", "议案"
    LETTER = "函", "函"
    MINUTES = "纪要", "纪要"


class Urgency(models.TextChoices):
    """紧急程度 (GB/T 9704 §7.2.3)."""

    NONE = "", "无"
    URGENT = "加急", "加急"
    EXTRA_URGENT = "特急", "特急"


class Disclosure(models.TextChoices):
    """公开属性 (政府信息公开条例 §19–§20, §27): every 公文 carries one; 不予公开 states its reason."""

    PROACTIVE = "主动公开", "主动公开"
    ON_REQUEST = "依申请公开", "依申请公开"
    WITHHELD = "不予公开", "不予公开"


class IssuerCode(models.Model):
    """机关代字 — an agency's prefix of its 发文字号 (伊政发, 伊政办发, 伊政函 …); one agency may hold several."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="issuer_codes", verbose_name="机关")
    code = models.CharField("机关代字", max_length=24, unique=True)
    label = models.CharField("用途", max_length=50, blank=True, help_text="如“发文”“函”")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "机关代字"
        verbose_name_plural = "机关代字"
        ordering = ["agency_id", "code"]

    def __str__(self) -> str:
        return self.code


class DocumentNumberCounter(models.Model):
    """The last serial given per 机关代字 per year. Only ever moves forward (never reused)."""

    issuer_code = models.ForeignKey(IssuerCode, on_delete=models.PROTECT, related_name="counters")
    year = models.PositiveSmallIntegerField("年份")
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "发文字号计数"
        verbose_name_plural = "发文字号计数"
        constraints = [models.UniqueConstraint(fields=["issuer_code", "year"], name="documents_counter_code_year")]

    def __str__(self) -> str:
        return f"{self.issuer_code_id}/{self.year}: {self.last}"


class Document(models.Model):
    """公文 — one outgoing document and its 18 elements (GB/T 9704-2012 §7)."""

    class Status(models.TextChoices):
        # Mirrored from the open step of the 发文 process, so lists need no join to the engine.
        DRAFT = "draft", "拟稿"
        REVIEW = "review", "核稿"
        COUNTERSIGN = "countersign", "会签"
        SIGN_OFF = "sign_off", "签发"
        RECHECK = "recheck", "复核"
        NUMBER = "number", "编号"
        SEAL = "seal", "用印"
        DISTRIBUTE = "distribute", "分发"
        ARCHIVE = "archive", "归档"
        ARCHIVED = "archived", "已归档"
        WITHDRAWN = "withdrawn", "已撤销"

    doc_type = models.CharField("文种", max_length=4, choices=DocumentType.choices, default=DocumentType.NOTICE)
    # 1 份号
    copy_number = models.CharField("份号", max_length=6, blank=True)
    # 2 密级和保密期限: kept for metadata only — the only value this platform accepts is 非密 (empty).
    secrecy = models.CharField("密级", max_length=4, blank=True, choices=[("", "非密")], default="")
    # 3 紧急程度
    urgency = models.CharField("紧急程度", max_length=2, blank=True, choices=Urgency.choices, default="")
    # 4 发文机关标志 / 11 发文机关署名: the 主办 agency and the co-issuers (DocumentIssuer, in order)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="documents", verbose_name="主办机关")
    issuer_mark = models.CharField("发文机关标志", max_length=100, blank=True, help_text="留空则用各发文机关全称")
    co_issuers = models.ManyToManyField(
        Agency, through="DocumentIssuer", related_name="co_issued_documents", verbose_name="联合发文机关"
    )
    # 5 发文字号 (stamped once by 编号; kept even if the document is withdrawn later)
    issuer_code = models.ForeignKey(
        IssuerCode, null=True, blank=True, on_delete=models.PROTECT, related_name="documents", verbose_name="机关代字"
    )
    number_year = models.PositiveSmallIntegerField("字号年份", null=True, blank=True)
    number_serial = models.PositiveIntegerField("字号序号", null=True, blank=True)
    doc_number = models.CharField("发文字号", max_length=40, blank=True)
    # 6 签发人 (上行文): the names printed; the signing leader is also recorded as a person
    signers = models.CharField("签发人", max_length=100, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField("签发时间", null=True, blank=True)
    # 7 标题, 8 主送机关, 9 正文, 10 附件说明
    title = models.CharField("标题", max_length=200)
    main_to = models.CharField("主送机关", max_length=500, blank=True)
    body = models.TextField("正文", blank=True)
    attachments_note = models.TextField("附件说明", blank=True, help_text="每行一个附件名称")
    # 11 发文机关署名 (empty: the issuers' full names), 12 成文日期 (the day of 签发 unless set)
    signature = models.CharField("发文机关署名", max_length=300, blank=True)
    written_on = models.DateField("成文日期", null=True, blank=True)
    # 13 印章: the sealed PDF (PAdES) once 用印 is done; 18 页码 from the rendering
    sealed_file = models.ForeignKey(
        "files.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="用印文件"
    )
    sealed_at = models.DateTimeField("用印时间", null=True, blank=True)
    pages = models.PositiveSmallIntegerField("页数", null=True, blank=True)
    # 14 附注, 15 附件 (the files, attached through core.files to this document)
    note = models.CharField("附注", max_length=200, blank=True)
    # 16 抄送机关, 17 印发机关和印发日期
    cc = models.CharField("抄送机关", max_length=500, blank=True)
    printer = models.CharField("印发机关", max_length=100, blank=True)
    print_date = models.DateField("印发日期", null=True, blank=True)
    # Recipients on the platform (分发 sends to them; the 收文 side reads Distribution)
    main_to_agencies = models.ManyToManyField(Agency, blank=True, related_name="+", verbose_name="主送机关（平台内）")
    cc_agencies = models.ManyToManyField(Agency, blank=True, related_name="+", verbose_name="抄送机关（平台内）")
    # The 发文 process
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT)
    process_id = models.CharField("流程实例", max_length=64, blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")  # 拟稿年度, then the 字号 year: the list's year filter
    created_at = models.DateTimeField("拟稿时间", default=timezone.now)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    numbered_at = models.DateTimeField("编号时间", null=True, blank=True)
    distributed_at = models.DateTimeField("分发时间", null=True, blank=True)
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)
    # 公开属性 (政府信息公开条例 §19–§20): decided at 拟稿, reviewed at 核稿 and 签发. 此件公开发布 =
    # 主动公开 and published on the portal's 政务公开 in one step after 用印 (services/publishing.py);
    # the portal reports back the page and its 索引号 (plain strings: no key into the portal).
    disclosure = models.CharField("公开属性", max_length=8, choices=Disclosure.choices, default=Disclosure.ON_REQUEST)
    non_disclosure_reason = models.TextField("不予公开理由", blank=True)
    publish_on_portal = models.BooleanField("此件公开发布", default=False)
    publication_requested_at = models.DateTimeField("申请发布时间", null=True, blank=True)
    publication_error = models.TextField("发布失败原因", blank=True)
    published_at = models.DateTimeField("网站发布时间", null=True, blank=True)
    portal_page_ref = models.CharField("网站页面", max_length=64, blank=True)
    portal_url = models.CharField("网站地址", max_length=500, blank=True)
    portal_index_number = models.CharField("索引号", max_length=60, blank=True)

    class Meta:
        verbose_name = "公文"
        verbose_name_plural = "公文"
        indexes = [
            # 发文 list: newest first by keyset (created_at, id), per agency and per staff filter.
            models.Index(fields=["agency", "-created_at", "-id"], name="documents_doc_agency"),
            # The list of a user who sees several agencies (co-issued, received, city-wide): one
            # walk in the list's order, the agency read from the index for the visibility test.
            models.Index(fields=["-created_at", "-id", "agency"], name="documents_doc_created"),
            models.Index(fields=["year", "-created_at", "-id", "agency"], name="documents_doc_year"),
            models.Index(fields=["agency", "status", "-created_at", "-id"], name="documents_doc_agency_status"),
            models.Index(fields=["status", "-created_at", "-id", "agency"], name="documents_doc_status"),
            models.Index(fields=["issuer_code", "year", "-created_at", "-id"], name="documents_doc_code_year"),
            models.Index(fields=["doc_type", "year", "-created_at", "-id"], name="documents_doc_type_year"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(secrecy=""), name="documents_doc_unclassified"),
            # 不予公开 always carries its reason; 此件公开发布 only for a 主动公开 document.
            models.CheckConstraint(
                condition=~models.Q(disclosure="不予公开") | ~models.Q(non_disclosure_reason=""),
                name="documents_doc_withheld_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(publish_on_portal=False) | models.Q(disclosure="主动公开"),
                name="documents_doc_publish_proactive",
            ),
            # A 发文字号 is given once: no two documents share (代字, year, serial).
            models.UniqueConstraint(
                fields=["issuer_code", "number_year", "number_serial"],
                condition=models.Q(number_serial__isnull=False),
                name="documents_doc_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.doc_number or self.title

    @property
    def is_joint(self) -> bool:
        """联合行文: co-issuers besides the 主办 agency."""
        return self.issuers.exclude(agency_id=self.agency_id).exists()


class DocumentIssuer(models.Model):
    """One issuing agency of a document, in the order of the 发文机关标志 (主办 first, order 0)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="issuers")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "发文机关"
        verbose_name_plural = "发文机关"
        ordering = ["document_id", "order"]
        constraints = [models.UniqueConstraint(fields=["document", "agency"], name="documents_issuer_once")]
        # The visibility check: "documents where one of my agencies co-issues".
        indexes = [models.Index(fields=["agency", "document"], name="documents_issuer_agency")]

    def __str__(self) -> str:
        return f"{self.document_id}#{self.order}"


class Opinion(models.Model):
    """审批意见 — one line of the 发文稿纸: step, person, agency, text, time, result."""

    class Result(models.TextChoices):
        AGREE = "同意", "同意"
        RETURN = "退回", "退回"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="opinions")
    step = models.CharField("环节", max_length=10)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("意见", blank=True)
    result = models.CharField("结果", max_length=2, choices=Result.choices, default=Result.AGREE)
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "审批意见"
        verbose_name_plural = "审批意见"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["document", "at"], name="documents_opinion_doc")]

    def __str__(self) -> str:
        return f"{self.step} {self.result}"


class Distribution(models.Model):
    """分发 — one recipient agency on the platform; the 收文 side signs for it (签收) later."""

    class Kind(models.TextChoices):
        MAIN = "main", "主送"
        CC = "cc", "抄送"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="distributions")
    recipient = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="received_documents")
    kind = models.CharField("方式", max_length=4, choices=Kind.choices)
    sent_at = models.DateTimeField("分发时间")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_for_at = models.DateTimeField("签收时间", null=True, blank=True)
    signed_for_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # 收文初审退回: the recipient sent it back with the reason (the sender's document page shows it).
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)
    return_reason = models.TextField("退回理由", blank=True)

    class Meta:
        verbose_name = "分发记录"
        verbose_name_plural = "分发记录"
        constraints = [models.UniqueConstraint(fields=["document", "recipient"], name="documents_distribution_once")]
        indexes = [
            # 收文 inbox of an agency (later) and the visibility check.
            models.Index(fields=["recipient", "-sent_at"], name="documents_dist_recipient"),
            # The 发文 list's "received by one of my agencies" test, index-only per document.
            models.Index(fields=["recipient", "document"], name="documents_dist_recipient_doc"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.recipient_id}"


class SupervisionFlag(models.Model):
    """督办 — a document or a leader's 批示 flagged for follow-up with a deadline (the 督办 module reads it)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="supervision_flags")
    instruction = models.TextField("督办事项或领导批示")
    deadline = models.DateField("办结期限")
    responsible_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="责任单位"
    )
    flagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    flagged_at = models.DateTimeField("立项时间", default=timezone.now)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "督办"
        verbose_name_plural = "督办"
        ordering = ["-flagged_at", "-id"]
        indexes = [
            models.Index(fields=["deadline"], condition=models.Q(closed_at__isnull=True), name="documents_flag_open")
        ]

    def __str__(self) -> str:
        return self.instruction[:30]


class SupervisionNote(models.Model):
    """督办 progress note (进展情况)."""

    flag = models.ForeignKey(SupervisionFlag, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("进展情况")
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "督办进展"
        verbose_name_plural = "督办进展"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.text[:30]
