"""政府网站 page types and the per-site identity shown in every footer.

Publication dates are Wagtail's `first_published_at`: set by the system the first time a page is
published and never exposed in an edit form (国办秘函〔2019〕19号: a falsified publication date is a
single-veto item), so no panel here offers a date field.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.validators import RegexValidator
from django.db import models
from django.http import HttpRequest
from django.urls import Resolver404, resolve
from django.utils.html import strip_tags
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .content import SearchableContent, column_items
from .routing import DirectRouting, RoutedRestrictions

SECTION_PAGE_SIZE = 15
HOME_LIST_SIZE = 8


@register_setting(icon="site")
class SiteIdentity(BaseSiteSetting):
    """网站标识 — what 政府网站发展指引 requires in the footer of each hosted site (portal or sub-site)."""

    government_name = models.CharField(
        "政府名称", max_length=100, blank=True, help_text="页头站名下方显示，如“伊春市人民政府”。"
    )
    organiser = models.CharField("主办单位", max_length=100, blank=True)
    operator = models.CharField("承办单位", max_length=100, blank=True)
    site_code = models.CharField(
        "网站标识码",
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^[0-9A-Za-z]{10}$", "网站标识码为10位字母或数字（如 2307000001）。")],
        help_text="全国政府网站信息报送系统分配的10位标识码：6位区划代码+4位序号。",
    )
    icp_number = models.CharField("ICP备案号", max_length=50, blank=True, help_text="如：黑ICP备xxxxxxxx号")
    public_security_number = models.CharField(
        "公安机关备案号", max_length=50, blank=True, help_text="如：黑公网安备 23070002000001号"
    )
    government_badge_url = models.URLField(
        "党政机关网站标识核验地址", blank=True, help_text="机构编制部门颁发的党政机关网站标识的核验链接。"
    )
    address = models.CharField("联系地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    email = models.EmailField("联系邮箱", blank=True)
    agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name="主办政府",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="本站所属的人民政府：决定三审工作流的审核组和编辑权限的范围。",
    )

    panels = [
        FieldPanel("agency"),
        MultiFieldPanel(
            [FieldPanel("government_name"), FieldPanel("organiser"), FieldPanel("operator")], heading="主办与承办"
        ),
        MultiFieldPanel(
            [
                FieldPanel("site_code"),
                FieldPanel("icp_number"),
                FieldPanel("public_security_number"),
                FieldPanel("government_badge_url"),
            ],
            heading="网站标识与备案",
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("postcode"), FieldPanel("phone"), FieldPanel("email")],
            heading="联系方式",
        ),
    ]

    class Meta:
        verbose_name = "网站标识"
        verbose_name_plural = "网站标识"


def paginate(request: HttpRequest, items: Any, per_page: int) -> Any:
    """One page of `items` from `?page=`; out-of-range or junk numbers give the nearest real page."""
    paginator = Paginator(items, per_page)
    number = request.GET.get("page", "1")
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


class HomePage(RoutedRestrictions, DirectRouting, Page):
    """门户首页 — the root page of a site: 要闻, 通知公告, the three service entries and quick links."""

    emergency_notice = models.CharField(
        "紧急通知",
        max_length=200,
        blank=True,
        help_text="填写后在首页顶部醒目显示（如森林火险预警）；清空即撤下。不使用弹窗。",
    )
    emergency_link = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="紧急通知详情页",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    intro = models.CharField("网站简介", max_length=250, blank=True)
    news_section = models.ForeignKey(
        "portal.SectionPage",
        verbose_name="要闻栏目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notices_section = models.ForeignKey(
        "portal.SectionPage",
        verbose_name="通知公告栏目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    disclosure_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="政务公开入口",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    services_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="政务服务入口",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    interaction_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="政民互动入口",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("emergency_notice"), PageChooserPanel("emergency_link")], heading="紧急通知"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                PageChooserPanel("news_section", "portal.SectionPage"),
                PageChooserPanel("notices_section", "portal.SectionPage"),
            ],
            heading="首页栏目",
        ),
        MultiFieldPanel(
            [
                PageChooserPanel("disclosure_page"),
                PageChooserPanel("services_page"),
                PageChooserPanel("interaction_page"),
            ],
            heading="服务入口",
        ),
        InlinePanel("quick_links", label="快捷链接"),
    ]

    # A county/district sub-site's home sits under the city home: its own Site (host name) has it as
    # root, and on the city's host it is reachable by path too (/jiayin/ …) — see ADR 0011.
    parent_page_types = ["wagtailcore.Page", "portal.HomePage"]
    subpage_types = [
        "portal.SectionPage",
        "portal.SpecialTopicPage",
        "portal.HomePage",
        "portal.AgencyDirectoryPage",
        "portal.LeaderIndexPage",
        "portal.DisclosureCatalogPage",
    ]
    template = "portal/home_page.html"

    class Meta:
        verbose_name = "门户首页"
        verbose_name_plural = "门户首页"

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["lead_news"] = self.latest_articles(self.news_section)
        context["notices"] = self.latest_articles(self.notices_section)
        context["entries"] = [
            (page.specific_deferred if page else None, label, text)
            for page, label, text in (
                (self.disclosure_page, "政务公开", "政府信息主动公开、依申请公开、政策文件与解读"),
                (self.services_page, "政务服务", "一网通办：办事指南、在线办理、办件查询"),
                (self.interaction_page, "政民互动", "市长信箱、12345热线、在线咨询、民意征集"),
            )
        ]
        context["quick_links"] = self.quick_links.select_related("link_page").all()
        return context

    @staticmethod
    def latest_articles(section: SectionPage | None) -> list[ArticlePage]:
        if section is None or not section.live:
            return []
        return list(
            ArticlePage.objects.live()
            .public()
            .descendant_of(section)
            .select_related("agency")
            .order_by("-first_published_at")[:HOME_LIST_SIZE]
        )


class HomeQuickLink(Orderable):
    """快捷链接 — a link on the home page to a page of this site or an outside address."""

    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="quick_links")
    title = models.CharField("名称", max_length=40)
    link_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name="站内页面", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    link_url = models.URLField("外部链接", blank=True)

    panels = [FieldPanel("title"), PageChooserPanel("link_page"), FieldPanel("link_url")]

    class Meta(Orderable.Meta):
        verbose_name = "快捷链接"

    @property
    def url(self) -> str:
        if self.link_page is not None:
            return str(self.link_page.url or "")
        return self.link_url


class SectionKind(models.TextChoices):
    """栏目类型 — what the inspection indicators (国办秘函〔2019〕19号) expect of a column's updates."""

    GENERAL = "general", "一般栏目"
    NEWS = "news", "动态/要闻（2周内须更新）"
    NOTICE = "notice", "通知公告（6个月内须更新）"
    POLICY = "policy", "政策文件（6个月内须更新）"
    DISCLOSURE = "disclosure", "政务公开目录"
    REPORT = "report", "年报"
    ENTRY = "entry", "入口（政务服务、政民互动）"
    TOPIC = "topic", "专题专栏"


class SectionPage(RoutedRestrictions, Page):
    """栏目 — a column: its sub-columns and, newest first, the items published under it.

    `agency` makes it a department's (or a disclosure tree's) section: the agency's editors get
    Wagtail page permissions on it (`services.sync_editor_groups`). `kind` tells the
    inspection-readiness monitor which freshness threshold applies. An entry column (政务服务,
    政民互动) carries `entry_url`, the address of the service hall or interaction modules.
    """

    intro = models.TextField("栏目说明", blank=True)
    agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name="所属机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="部门栏目或政务公开目录所属的机构；该机构的网站编辑可在此栏目下编辑。",
    )
    kind = models.CharField("栏目类型", max_length=16, choices=SectionKind.choices, default=SectionKind.GENERAL)
    entry_url = models.CharField("入口地址", max_length=200, blank=True, help_text="入口栏目指向的地址，如 /services/")
    entry_label = models.CharField("入口名称", max_length=40, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("kind"),
        FieldPanel("agency"),
        MultiFieldPanel([FieldPanel("entry_url"), FieldPanel("entry_label")], heading="入口"),
    ]
    parent_page_types = ["portal.HomePage", "portal.SectionPage"]
    subpage_types = [
        "portal.SectionPage",
        "portal.ArticlePage",
        "portal.NoticePage",
        "portal.PolicyDocumentPage",
        "portal.InterpretationPage",
        "portal.SpecialTopicPage",
        "portal.AgencyDirectoryPage",
        "portal.LeaderIndexPage",
        "portal.LeaderProfilePage",
        "portal.DisclosureCatalogPage",
    ]
    template = "portal/section_page.html"

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"

    def entry_available(self) -> bool:
        """Whether the entry address leads somewhere: an external address, or a path this platform
        serves with a view of its own (the service hall, the interaction modules) — not a path that
        only falls through to the page tree and would answer 404. Until the module behind an entry
        is installed, the column shows its own content and no dead link."""
        url = self.entry_url.strip()
        if url.startswith(("https://", "http://")):
            return True
        if not url.startswith("/"):
            return False
        try:
            match = resolve(url.split("?", 1)[0])
        except Resolver404:
            return False
        return match.url_name != "wagtail_serve"

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["entry_available"] = bool(self.entry_url) and self.entry_available()
        context["subsections"] = SectionPage.objects.child_of(self).live().public()
        context["articles"] = paginate(request, column_items(self), SECTION_PAGE_SIZE)
        return context


class ArticlePage(RoutedRestrictions, SearchableContent, Page):
    """文章 — a news item (新闻). 发布时间 is the first publication, set by the system."""

    search_kind = "portal.article"

    agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name="发布机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",  # core knows nothing of modules: no reverse accessor on Agency
    )
    source = models.CharField("来源", max_length=100, blank=True, help_text="转载时填写原发媒体或单位。")
    summary = models.CharField("摘要", max_length=250, blank=True, help_text="用于列表和搜索结果；不填则不显示。")
    body = RichTextField("正文", features=["h2", "h3", "bold", "ol", "ul", "link", "document-link", "image", "hr"])

    content_panels = [
        *Page.content_panels,
        FieldPanel("agency"),
        FieldPanel("source"),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", label="附件"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("agency"),
    ]
    parent_page_types = ["portal.SectionPage"]
    subpage_types: list[str] = []
    template = "portal/article_page.html"
    # 公示期: only a notice has one (its field), but the template it shares asks every article —
    # a missing attribute makes the template engine list the page's attributes on every render.
    valid_until: Any = None

    class Meta:
        verbose_name = "文章"
        verbose_name_plural = "文章"

    @property
    def publisher_name(self) -> str:
        return self.agency.full_name if self.agency_id and self.agency else ""

    def search_body(self) -> str:
        return " ".join(filter(None, [self.summary, strip_tags(self.body)]))

    def requires_confidentiality_review(self) -> bool:
        """Items filed in a 政务公开 tree are disclosure items: 保密审查 first (条例第十七条)."""
        return self.get_ancestors().type(SectionPage).filter(sectionpage__kind=SectionKind.DISCLOSURE).exists()


class NoticeKind(models.TextChoices):
    NOTICE = "notice", "通知"
    ANNOUNCEMENT = "announcement", "公告"
    PUBLICITY = "publicity", "公示"
    CIRCULAR = "circular", "通告"


class NoticePage(ArticlePage):
    """通知公告 — a notice, announcement or 公示 (with the end of its 公示期)."""

    search_kind = "portal.notice"

    notice_kind = models.CharField("类别", max_length=16, choices=NoticeKind.choices, default=NoticeKind.NOTICE)
    valid_until = models.DateField("公示/有效期至", null=True, blank=True)

    content_panels = [
        *ArticlePage.content_panels[:2],
        FieldPanel("notice_kind"),
        FieldPanel("valid_until"),
        *ArticlePage.content_panels[2:],
    ]
    parent_page_types = ["portal.SectionPage"]
    subpage_types: list[str] = []
    template = "portal/article_page.html"

    class Meta:
        verbose_name = "通知公告"
        verbose_name_plural = "通知公告"


class SpecialTopicPage(SectionPage):
    """专题专栏 — a campaign column (林都伊春·森林防火 …) with a lead text and its own sub-columns."""

    lead = RichTextField("专题导语", blank=True, features=["bold", "link", "ol", "ul"])
    started_on = models.DateField("开设日期", null=True, blank=True)
    ended_on = models.DateField("结束日期", null=True, blank=True, help_text="专题结束后不再计入栏目更新检查。")

    content_panels = [
        *SectionPage.content_panels,
        FieldPanel("lead"),
        MultiFieldPanel([FieldPanel("started_on"), FieldPanel("ended_on")], heading="开设期间"),
    ]
    template = "portal/special_topic_page.html"

    class Meta:
        verbose_name = "专题"
        verbose_name_plural = "专题"


class ArticleAttachment(Orderable):
    """附件 — a document attached to an article (政策原文, 报名表 …)."""

    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="文件", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField("显示名称", max_length=100, blank=True, help_text="不填则使用文件标题。")

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = "附件"

    @property
    def display_title(self) -> str:
        return self.title or self.document.title
