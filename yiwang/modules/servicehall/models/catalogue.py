"""The catalogue of 政务服务事项 (service items) and the elements of each item's 办事指南.

The fields follow 国务院令第716号 and the 办事指南 elements that inspectors check
(domain-rules §1.4 and §6): 事项名称、编码、类型、实施机关、设定依据、受理条件、申请材料、办理流程、
办理时限（法定与承诺，工作日）、收费、办理地点和时间、咨询和监督电话、网办深度、到现场次数.
Rows are written by `services.catalogue` only; a published item is what the portal shows.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

__all__ = ["LifeEvent", "ServiceItem", "ServiceMaterial", "ServiceStep", "ServiceTopic", "validate_item_code"]

# 事项编码 is opaque to the platform: letters, digits and the separators the national and
# provincial catalogues use, never spaces. The format is checked, not its meaning.
ITEM_CODE_RE = re.compile(r"^[0-9A-Z][0-9A-Z\-_.]{5,63}$")


def validate_item_code(value: str) -> None:
    if not ITEM_CODE_RE.match(value or ""):
        raise ValidationError(
            "事项编码只能由大写字母、数字和“- _ .”组成，6 至 64 位，以字母或数字开头。",
            code="item_code",
        )


class Audience(models.TextChoices):
    PERSON = "person", "个人"
    LEGAL_PERSON = "legal_person", "法人"


class ServiceTopic(models.Model):
    """主题 — a topic to browse by (e.g. 社会保障、市场准入), for one audience."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=40)
    audience = models.CharField("服务对象", max_length=16, choices=Audience.choices)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "服务主题"
        verbose_name_plural = "服务主题"
        ordering = ["audience", "sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class LifeEvent(models.Model):
    """人生事件 / 企业生命周期 — a life event to browse by (e.g. 生育收养、开办企业)."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=40)
    audience = models.CharField("服务对象", max_length=16, choices=Audience.choices)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "人生事件"
        verbose_name_plural = "人生事件"
        ordering = ["audience", "sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class ServiceItem(models.Model):
    """政务服务事项 — one item of the catalogue, with the elements of its 办事指南."""

    class ItemType(models.TextChoices):
        LICENSING = "licensing", "行政许可"
        PAYMENT = "payment", "行政给付"
        CONFIRMATION = "confirmation", "行政确认"
        ADJUDICATION = "adjudication", "行政裁决"
        REWARD = "reward", "行政奖励"
        FILING = "filing", "行政备案"
        OTHER_POWER = "other_power", "其他行政权力"
        PUBLIC_SERVICE = "public_service", "公共服务"

    class OnlineDepth(models.IntegerChoices):
        # 网办深度, as the national 一体化平台 grades it.
        INFORMATION = 1, "一级：网上咨询、信息公开"
        DOWNLOAD = 2, "二级：下载表格、在线预约"
        PRE_REVIEW = 3, "三级：网上预审、现场核验"
        FULL = 4, "四级：全程网办"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已停用"

    code = models.CharField("事项编码", max_length=64, unique=True, validators=[validate_item_code])
    name = models.CharField("事项名称", max_length=200)
    item_type = models.CharField("事项类型", max_length=20, choices=ItemType.choices)
    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="service_items", verbose_name="实施机关"
    )
    legal_basis = models.TextField("设定依据", blank=True)
    conditions = models.TextField("受理条件", blank=True)
    # 办理时限 in working days (工作日); 0 means 即办件. Null means not yet entered (flagged).
    statutory_days = models.PositiveSmallIntegerField("法定办结时限（工作日）", null=True, blank=True)
    promised_days = models.PositiveSmallIntegerField("承诺办结时限（工作日）", null=True, blank=True)
    fee_charged = models.BooleanField("是否收费", default=False)
    fee_basis = models.TextField("收费依据", blank=True)
    fee_standard = models.TextField("收费标准", blank=True)
    location = models.TextField("办理地点", blank=True)
    office_hours = models.CharField("办理时间", max_length=200, blank=True)
    consult_phone = models.CharField("咨询电话", max_length=60, blank=True)
    supervise_phone = models.CharField("监督投诉电话", max_length=60, blank=True)
    online_depth = models.PositiveSmallIntegerField("网办深度", choices=OnlineDepth.choices, null=True, blank=True)
    visits = models.PositiveSmallIntegerField("到办事现场次数", null=True, blank=True)
    for_person = models.BooleanField("面向个人", default=False)
    for_legal_person = models.BooleanField("面向法人", default=False)
    topics = models.ManyToManyField(ServiceTopic, blank=True, related_name="items", verbose_name="主题")
    life_events = models.ManyToManyField(LifeEvent, blank=True, related_name="items", verbose_name="人生事件")
    # A guided item (e.g. 电子税务) is handled on another system: the guide links there, no 办件 here.
    external_url = models.URLField("办理系统地址", blank=True, help_text="在其他系统办理的事项，填写其网址")
    # 告知承诺制 (国办发〔2020〕42号): the applicant may sign a promise letter instead of a proof.
    allows_promise = models.BooleanField("可告知承诺", default=False, help_text="申请人可以书面承诺代替证明材料")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "政务服务事项"
        verbose_name_plural = "政务服务事项"
        ordering = ["agency_id", "code"]
        indexes = [models.Index(fields=["status", "agency"], name="servicehall_item_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(promised_days__isnull=True)
                | models.Q(statutory_days__isnull=True)
                | models.Q(promised_days__lte=models.F("statutory_days")),
                name="servicehall_item_promise_within_statute",
                violation_error_message="承诺办结时限不能超过法定办结时限。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def is_guided(self) -> bool:
        return bool(self.external_url)


class ServiceMaterial(models.Model):
    """申请材料 — one material of an item, with the attributes the 办事指南 lists."""

    class Source(models.TextChoices):
        APPLICANT = "applicant", "申请人自备"
        GOVERNMENT = "government", "政府部门核发"
        OTHER = "other", "其他"

    class Form(models.TextChoices):
        ORIGINAL = "original", "原件"
        COPY = "copy", "复印件"
        BOTH = "both", "原件和复印件"

    class Medium(models.TextChoices):
        PAPER = "paper", "纸质"
        ELECTRONIC = "electronic", "电子"
        EITHER = "either", "纸质或电子"

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="materials", verbose_name="事项")
    sort_order = models.PositiveSmallIntegerField("序号", default=0)
    name = models.CharField("材料名称", max_length=200)
    source = models.CharField("来源渠道", max_length=12, choices=Source.choices, default=Source.APPLICANT)
    form = models.CharField("材料形式", max_length=12, choices=Form.choices, default=Form.ORIGINAL)
    copies = models.PositiveSmallIntegerField("份数", default=1)
    medium = models.CharField("载体", max_length=12, choices=Medium.choices, default=Medium.ELECTRONIC)
    file_format = models.CharField("格式要求", max_length=100, blank=True, help_text="如 PDF、JPG，A4 纸")
    required = models.BooleanField("必要", default=True)
    deferrable = models.BooleanField("可容缺", default=False, help_text="可先受理、后补交（容缺受理）")
    # The e-certificate type that supplies this material (never ask again for what the platform has).
    certificate_type = models.CharField("可用电子证照", max_length=64, blank=True)
    notes = models.TextField("填报说明", blank=True)
    sample_file = models.ForeignKey(
        "files.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="示例样表"
    )
    blank_form_file = models.ForeignKey(
        "files.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="空白表格"
    )

    class Meta:
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"
        ordering = ["item_id", "sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(required=False, deferrable=True),
                name="servicehall_material_deferrable_required",
                violation_error_message="只有必要材料才能设为可容缺。",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ServiceStep(models.Model):
    """办理流程 — one step of an item's handling, with its own limit in working days."""

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="steps", verbose_name="事项")
    sort_order = models.PositiveSmallIntegerField("序号", default=0)
    name = models.CharField("环节名称", max_length=60)
    days = models.PositiveSmallIntegerField("环节时限（工作日）", default=0)
    description = models.TextField("办理标准", blank=True)

    class Meta:
        verbose_name = "办理环节"
        verbose_name_plural = "办理环节"
        ordering = ["item_id", "sort_order", "id"]

    def __str__(self) -> str:
        return self.name
