"""政策文件 and 解读, their 索引号, 有效性 and the 保密审查 record.

A policy document (政策文件, also any 政务公开 item with a 发文字号) carries the catalogue fields
of 政府信息公开目录: 发文字号, 成文日期, 发布日期 (the system's first publication), 发布机构,
主题分类, 体裁分类, 索引号 and 有效性. The 索引号 is allocated by `services.allocate_index_number`
from the agency's pattern; every allocated number is kept in `IndexNumber`, so a number is never
given twice even after its page is deleted. 有效性 changes go through `services.change_validity`
and are kept in `ValidityChange`; the original page shows a banner linking to what replaced it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils.html import strip_tags
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .content import SearchableContent
from .routing import RoutedRestrictions

BODY_FEATURES = ["h2", "h3", "bold", "ol", "ul", "link", "document-link", "image", "hr"]


class Topic(models.TextChoices):
    """主题分类 (after the State Council's 公文主题分类, as gov.cn's policy library uses it)."""

    GENERAL = "general", "综合政务"
    ECONOMY = "economy", "国民经济管理、国有资产监管"
    FINANCE = "finance", "财政、金融、审计"
    LAND = "land", "国土资源、能源"
    FORESTRY = "forestry", "农业、林业、水利"
    INDUSTRY = "industry", "工业、交通"
    COMMERCE = "commerce", "商贸、海关、旅游"
    MARKET = "market", "市场监管、安全生产监管"
    URBAN = "urban", "城乡建设、环境保护"
    EDUCATION = "education", "科技、教育"
    CULTURE = "culture", "文化、广电、新闻出版"
    HEALTH = "health", "卫生、体育"
    LABOUR = "labour", "劳动、人事、监察"
    SECURITY = "security", "公安、安全、司法"
    CIVIL = "civil", "民政、扶贫、救灾"
    OTHER = "other", "其他"


class Genre(models.TextChoices):
    """体裁分类 — the document's 文种 (GB/T 9704 公文种类) or kind of publication."""

    REGULATION = "regulation", "规章"
    NORMATIVE = "normative", "规范性文件"
    DECISION = "decision", "决定"
    ORDER = "order", "命令（令）"
    ANNOUNCEMENT = "announcement", "公告"
    CIRCULAR = "circular", "通告"
    OPINION = "opinion", "意见"
    NOTICE = "notice", "通知"
    BULLETIN = "bulletin", "通报"
    REPLY = "reply", "批复"
    LETTER = "letter", "函"
    PLAN = "plan", "规划、计划"
    REPORT = "report", "报告"
    OTHER = "other", "其他"


class Validity(models.TextChoices):
    """有效性 — 政府网站发展指引: an amended, repealed or expired document is marked on its original page."""

    VALID = "valid", "有效"
    AMENDED = "amended", "已修改"
    REPEALED = "repealed", "已废止"
    EXPIRED = "expired", "已失效"


class PolicyDocumentPage(RoutedRestrictions, SearchableContent, Page):
    """政策文件 — a government document published in the 政务公开 catalogue.

    发布日期 is `first_published_at` (set by the system). `index_number` and the validity fields are
    not editable in the page form: they are written by services and kept across revisions
    (`with_content_json`), so publishing an old revision cannot bring back an old 有效性.
    """

    search_kind = "portal.policy"

    agency = models.ForeignKey("orgs.Agency", verbose_name="发布机构", on_delete=models.PROTECT, related_name="+")
    document_number = models.CharField(
        "发文字号", max_length=60, blank=True, db_index=True, help_text="如：伊政规〔2026〕3号；无文号的信息可不填。"
    )
    written_date = models.DateField(
        "成文日期", help_text="自成文之日起20个工作日内公开（政府信息公开条例第二十六条）。"
    )
    topic = models.CharField("主题分类", max_length=16, choices=Topic.choices, default=Topic.GENERAL)
    genre = models.CharField("体裁分类", max_length=16, choices=Genre.choices, default=Genre.NOTICE)
    summary = models.CharField("摘要", max_length=250, blank=True)
    body = RichTextField("正文", features=BODY_FEATURES)
    index_number = models.CharField("索引号", max_length=60, unique=True, null=True, blank=True, editable=False)
    validity = models.CharField(
        "有效性", max_length=16, choices=Validity.choices, default=Validity.VALID, editable=False
    )
    validity_changed_at = models.DateTimeField("有效性变更时间", null=True, blank=True, editable=False)
    validity_note = models.CharField("有效性说明", max_length=200, blank=True, editable=False)
    replaced_by = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="修改/替代文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    # Written by services, never by the page form, and kept when a revision is published.
    SERVICE_FIELDS = ("index_number", "validity", "validity_changed_at", "validity_note", "replaced_by_id")

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("document_number"), FieldPanel("written_date")]),
                FieldPanel("agency"),
                FieldRowPanel([FieldPanel("topic"), FieldPanel("genre")]),
            ],
            heading="公开目录信息",
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("document_number"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("agency"),
    ]
    parent_page_types = ["portal.SectionPage"]
    subpage_types: list[str] = []
    template = "portal/policy_document_page.html"

    class Meta:
        verbose_name = "政策文件"
        verbose_name_plural = "政策文件"

    def with_content_json(self, content: dict[str, Any]) -> PolicyDocumentPage:
        obj: PolicyDocumentPage = super().with_content_json(content)
        for name in self.SERVICE_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj

    def search_body(self) -> str:
        return " ".join(filter(None, [self.document_number, self.summary, strip_tags(self.body)]))

    def requires_confidentiality_review(self) -> bool:
        return True

    @property
    def is_valid(self) -> bool:
        return self.validity == Validity.VALID

    def live_interpretations(self) -> list[InterpretationPage]:
        return list(InterpretationPage.objects.live().public().filter(policy=self).order_by("first_published_at"))

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["interpretations"] = self.live_interpretations()
        replaced = self.replaced_by
        context["replacement"] = replaced.specific if replaced is not None and replaced.live else None
        return context


class InterpretationKind(models.TextChoices):
    TEXT = "text", "文字解读"
    GRAPHIC = "graphic", "图文解读"
    EXPERT = "expert", "专家解读"
    VIDEO = "video", "视频解读"
    OFFICIAL = "official", "负责人解读"


class InterpretationPage(RoutedRestrictions, SearchableContent, Page):
    """政策解读 — linked to its document; both pages show the link (inspectors check it both ways)."""

    search_kind = "portal.interpretation"

    policy = models.ForeignKey(
        PolicyDocumentPage,
        verbose_name="所解读的文件",
        on_delete=models.PROTECT,
        related_name="interpretations",
    )
    agency = models.ForeignKey(
        "orgs.Agency", verbose_name="解读机构", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        "解读形式", max_length=16, choices=InterpretationKind.choices, default=InterpretationKind.TEXT
    )
    summary = models.CharField("摘要", max_length=250, blank=True)
    body = RichTextField("正文", features=BODY_FEATURES)

    content_panels = [
        *Page.content_panels,
        FieldPanel("policy"),
        FieldRowPanel([FieldPanel("agency"), FieldPanel("kind")]),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["portal.SectionPage"]
    subpage_types: list[str] = []
    template = "portal/interpretation_page.html"

    class Meta:
        verbose_name = "政策解读"
        verbose_name_plural = "政策解读"

    def search_body(self) -> str:
        return " ".join(filter(None, [self.policy.document_number, self.summary, strip_tags(self.body)]))

    def requires_confidentiality_review(self) -> bool:
        return True


class IndexNumberScheme(models.Model):
    """索引号规则 — an agency's pattern for 索引号 (default: settings.PORTAL_INDEX_NUMBER_PATTERN).

    Placeholders: {uscc} (统一社会信用代码), {code} (the credit code, or the division code and the
    agency's number when the agency has none), {division}, {year}, {seq} (format it, e.g. {seq:05d}).
    """

    agency = models.OneToOneField("orgs.Agency", verbose_name="机构", on_delete=models.CASCADE, related_name="+")
    pattern = models.CharField("索引号格式", max_length=80, help_text="如 {uscc}/{year}-{seq:05d}")

    class Meta:
        verbose_name = "索引号规则"
        verbose_name_plural = "索引号规则"

    def __str__(self) -> str:
        return f"{self.agency}：{self.pattern}"


def default_index_pattern() -> str:
    return str(getattr(settings, "PORTAL_INDEX_NUMBER_PATTERN", "{code}/{year}-{seq:05d}"))


class IndexNumberCounter(models.Model):
    """The last sequence number given out per agency and year (locked while a number is allocated)."""

    agency = models.ForeignKey("orgs.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="portal_index_counter_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"


class IndexNumber(models.Model):
    """索引号 — every number ever allocated. Rows outlive their pages, so a number is never reused."""

    number = models.CharField("索引号", max_length=60, unique=True)
    agency = models.ForeignKey("orgs.Agency", verbose_name="机构", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    seq = models.PositiveIntegerField("序号")
    page_id = models.PositiveIntegerField("页面", null=True, blank=True, help_text="页面删除后保留编号记录。")
    page_title = models.CharField("标题", max_length=255)
    allocated_at = models.DateTimeField("分配时间", auto_now_add=True)

    class Meta:
        verbose_name = "索引号"
        verbose_name_plural = "索引号"
        ordering = ["-allocated_at"]

    def __str__(self) -> str:
        return self.number


class ValidityChange(models.Model):
    """有效性变更记录 — who changed a document's validity, when, why, and what replaced it."""

    policy = models.ForeignKey(PolicyDocumentPage, on_delete=models.CASCADE, related_name="validity_changes")
    validity = models.CharField("有效性", max_length=16, choices=Validity.choices)
    replaced_by = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField("说明", max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField("变更时间", auto_now_add=True)

    class Meta:
        verbose_name = "有效性变更"
        verbose_name_plural = "有效性变更"
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return f"{self.policy_id} → {self.get_validity_display()}"


class ReviewConclusion(models.TextChoices):
    PUBLIC = "public", "可以公开"
    PUBLIC_REDACTED = "redacted", "删除涉密或敏感内容后公开"
    NOT_PUBLIC = "not_public", "不予公开"


class ConfidentialityReview(models.Model):
    """保密审查 — recorded before a policy document or disclosure item is published (条例第十七条).

    The review is of one revision: a later edit needs a new review before it is published.
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey("wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="审查人"
    )
    reviewer_name = models.CharField("审查人姓名", max_length=50)
    conclusion = models.CharField("审查结论", max_length=16, choices=ReviewConclusion.choices)
    basis = models.CharField("审查依据", max_length=200)
    note = models.CharField("说明", max_length=300, blank=True)
    reviewed_at = models.DateTimeField("审查时间", auto_now_add=True)

    class Meta:
        verbose_name = "保密审查"
        verbose_name_plural = "保密审查"
        ordering = ["-reviewed_at"]

    def __str__(self) -> str:
        return f"{self.reviewer_name}：{self.get_conclusion_display()}"

    @property
    def allows_publication(self) -> bool:
        return self.conclusion != ReviewConclusion.NOT_PUBLIC
