"""Pages generated from the organisation tree (机构职能, 领导信息), leader profiles, and the
政府信息公开目录 — an agency's catalogue of policy documents and disclosure items.

The organisation tree (`yiwang.core.orgs`) is the single source for names, duties, addresses,
office hours and leaders: the pages read it through `..selectors`, so a change in /staff/orgs/
shows on the site at once, in the one format 政府网站发展指引 asks of sites hosting many bodies.
That is why 机构职能 and 领导信息 are never published as files (`publish_as_file = False`, ADR 0006):
the organisation tree changes without a page being published.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils.html import strip_tags
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .content import SearchableContent
from .routing import RoutedRestrictions


class AgencyDirectoryPage(RoutedRestrictions, Page):
    """机构职能 — the agency and the bodies under it: duties, address, office hours, phone, leaders."""

    agency = models.ForeignKey("orgs.Agency", verbose_name="机构", on_delete=models.PROTECT, related_name="+")
    intro = models.TextField("说明", blank=True)

    publish_as_file = False  # reads the organisation tree, which changes without a publish
    content_panels = [*Page.content_panels, FieldPanel("agency"), FieldPanel("intro")]
    parent_page_types = ["portal.HomePage", "portal.SectionPage"]
    subpage_types: list[str] = []
    template = "portal/agency_directory_page.html"

    class Meta:
        verbose_name = "机构职能"
        verbose_name_plural = "机构职能"

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from ..selectors import agency_directory

        context = super().get_context(request, *args, **kwargs)
        context["entries"] = agency_directory(self.agency)
        return context


class LeaderIndexPage(RoutedRestrictions, Page):
    """领导信息 — the agency's leaders from the organisation tree, each linked to a profile if any."""

    agency = models.ForeignKey("orgs.Agency", verbose_name="机构", on_delete=models.PROTECT, related_name="+")
    intro = models.TextField("说明", blank=True)

    publish_as_file = False  # reads the organisation tree, which changes without a publish
    content_panels = [*Page.content_panels, FieldPanel("agency"), FieldPanel("intro")]
    parent_page_types = ["portal.HomePage", "portal.SectionPage"]
    subpage_types = ["portal.LeaderProfilePage"]
    template = "portal/leader_index_page.html"

    class Meta:
        verbose_name = "领导信息"
        verbose_name_plural = "领导信息"

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from ..selectors import leaders_with_profiles

        context = super().get_context(request, *args, **kwargs)
        context["leaders"] = leaders_with_profiles(self)
        return context


class LeaderProfilePage(RoutedRestrictions, SearchableContent, Page):
    """领导简历 — name, photo, 职务, 分工 and résumé of one leader (负责人信息, 发展指引)."""

    search_kind = "portal.leader"

    user = models.ForeignKey(
        "accounts.User",
        verbose_name="对应账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="组织机构中的任职人员；领导信息页据此把职务与简历对应起来。",
    )
    agency = models.ForeignKey(
        "orgs.Agency", verbose_name="机构", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("姓名", max_length=30)
    position = models.CharField("职务", max_length=100)
    photo = models.ForeignKey(
        "wagtailimages.Image", verbose_name="照片", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    portfolio = models.TextField("工作分工", blank=True)
    resume = RichTextField("简历", features=["bold", "ol", "ul"], blank=True)

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("name"), FieldPanel("position")]),
        FieldRowPanel([FieldPanel("agency"), FieldPanel("user")]),
        FieldPanel("photo"),
        FieldPanel("portfolio"),
        FieldPanel("resume"),
    ]
    parent_page_types = ["portal.LeaderIndexPage", "portal.SectionPage"]
    subpage_types: list[str] = []
    template = "portal/leader_profile_page.html"

    class Meta:
        verbose_name = "领导简历"
        verbose_name_plural = "领导简历"

    def search_body(self) -> str:
        return " ".join(filter(None, [self.name, self.position, self.portfolio, strip_tags(self.resume)]))


class DisclosureCatalogPage(RoutedRestrictions, Page):
    """政府信息公开目录 — the agency's policy documents and disclosure items, filterable and paged."""

    agency = models.ForeignKey("orgs.Agency", verbose_name="机构", on_delete=models.PROTECT, related_name="+")
    intro = models.TextField("说明", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("agency"), FieldPanel("intro")]
    parent_page_types = ["portal.HomePage", "portal.SectionPage"]
    subpage_types: list[str] = []
    template = "portal/disclosure_catalog_page.html"

    class Meta:
        verbose_name = "信息公开目录"
        verbose_name_plural = "信息公开目录"

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from ..selectors import catalogue_items
        from .pages import paginate
        from .policy import Genre, Topic

        context = super().get_context(request, *args, **kwargs)
        topic = request.GET.get("topic", "")
        genre = request.GET.get("genre", "")
        items = catalogue_items(
            self.agency, topic=topic if topic in Topic.values else "", genre=genre if genre in Genre.values else ""
        )
        context.update(
            items=paginate(request, items, 20),
            topics=Topic.choices,
            genres=Genre.choices,
            topic=topic,
            genre=genre,
        )
        return context
