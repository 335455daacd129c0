"""Reads of the portal: which site a page belongs to, the organisation-tree pages, the 公开目录,
and the publication clocks shown to editors."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from wagtail.models import Page, Site

from yiwang.core.calendar.models import Clock
from yiwang.core.orgs import selectors as orgs
from yiwang.core.orgs.models import Agency, Membership
from yiwang.core.permissions import access

from .models import LeaderIndexPage, LeaderProfilePage, PolicyDocumentPage, SiteIdentity


def _site_id_for_path(url_path: str, request: HttpRequest | None = None) -> int | None:
    # The request's copy of the site root paths when it has one (Wagtail's page URLs share it).
    roots = getattr(request, "_wagtail_cached_site_root_paths", None) or Site.get_site_root_paths()
    best: tuple[int, int] | None = None
    for root in roots:
        if url_path.startswith(root.root_path) and (best is None or len(root.root_path) > best[1]):
            best = (root.site_id, len(root.root_path))
    return best[0] if best is not None else None


def site_for_page(page: Page) -> Site | None:
    """The site a page belongs to: the one whose root is the nearest above it (or the page).

    Sub-site homes sit under the city home, so this is not `Site.find_for_request`: a county page
    reached by path on the city's host still belongs to (and shows the footer of) its county site.
    """
    site_id = _site_id_for_path(page.url_path)
    if site_id is None:
        return None
    return Site.objects.select_related("root_page").filter(pk=site_id).first()


def identity_for_page(page: Page) -> SiteIdentity | None:
    site = site_for_page(page)
    return SiteIdentity.for_site(site) if site is not None else None


@dataclass
class ChromeSite:
    """The site a public page belongs to, for the shared layout (the manifest's `site_identity`):
    a sub-site's page reached by path on the city's host still shows its own header and footer."""

    request: HttpRequest
    page: Page | None

    @cached_property
    def key(self) -> str:
        """The chrome's cache key: the site's id, from the cached site root paths (no query)."""
        if self.page is not None and self.page.pk:
            site_id = _site_id_for_path(self.page.url_path, self.request)
            if site_id is not None:
                return str(site_id)
        site = Site.find_for_request(self.request)
        return str(site.pk) if site is not None else "none"

    @cached_property
    def identity(self) -> SiteIdentity | None:
        """Its 网站标识 — read only when the chrome is rendered (a cache miss)."""
        if self.page is not None and self.page.pk:
            identity = identity_for_page(self.page)
            if identity is not None:
                return identity
        if Site.find_for_request(self.request) is None:
            return None
        return SiteIdentity.for_request(self.request)


def chrome_site(request: HttpRequest, page: Page | None) -> ChromeSite:
    return ChromeSite(request, page)


def site_code_for_page(page: Page) -> str:
    identity = identity_for_page(page)
    return identity.site_code if identity is not None else ""


@dataclass
class DirectoryEntry:
    agency: Agency
    leaders: list[Membership] = field(default_factory=list)


def agency_directory(agency: Agency) -> list[DirectoryEntry]:
    """机构职能: the agency and its active departments (one level down), with their leaders."""
    agencies = list(
        orgs.list_subtree(agency)
        .filter(Q(pk=agency.pk) | Q(parent=agency), is_active=True)
        .exclude(kind=Agency.Kind.OFFICE)
        .order_by("sort_order", "path")
    )
    leaders: dict[int, list[Membership]] = {}
    for membership in (
        Membership.objects.filter(agency__in=agencies, is_leader=True).select_related("user").order_by("pk")
    ):
        leaders.setdefault(membership.agency_id, []).append(membership)
    agencies.sort(key=lambda a: (a.pk != agency.pk, a.sort_order, a.path))
    return [DirectoryEntry(agency=a, leaders=leaders.get(a.pk, [])) for a in agencies]


@dataclass
class LeaderEntry:
    name: str
    title: str
    agency: Agency
    profile: LeaderProfilePage | None


def leaders_with_profiles(index: LeaderIndexPage) -> list[LeaderEntry]:
    """领导信息: leaders from the organisation tree, each with its live profile page if one exists;
    profiles of people not (or no longer) in the tree are listed after them."""
    profiles = list(LeaderProfilePage.objects.child_of(index).live().public().order_by("path"))
    by_user = {profile.user_id: profile for profile in profiles if profile.user_id}
    entries: list[LeaderEntry] = []
    used: set[int] = set()
    for membership in orgs.get_leaders(index.agency).order_by("pk"):
        profile = by_user.get(membership.user_id)
        if profile is not None:
            used.add(profile.pk)
        name = str(membership.user)  # 姓名 (display_name), else the user name
        entries.append(LeaderEntry(name=name, title=membership.title, agency=index.agency, profile=profile))
    for profile in profiles:
        if profile.pk not in used:
            entries.append(LeaderEntry(name=profile.name, title=profile.position, agency=index.agency, profile=profile))
    return entries


def catalogue_items(agency: Agency, *, topic: str = "", genre: str = "") -> QuerySet[PolicyDocumentPage]:
    """信息公开目录: the agency's live, public documents, newest first."""
    items = (
        PolicyDocumentPage.objects.live()
        .public()
        .filter(agency=agency)
        .select_related("agency")
        .order_by("-first_published_at", "-pk")
    )
    if topic:
        items = items.filter(topic=topic)
    if genre:
        items = items.filter(genre=genre)
    return items


@dataclass
class ClockRow:
    page: PolicyDocumentPage
    clock: Clock
    overdue: bool


def publication_clocks(user: Any) -> list[ClockRow]:
    """Drafts of policy documents with their 20-working-day publication clocks, for the editor's
    agencies (or every agency for a global grant); overdue first."""
    pages = PolicyDocumentPage.objects.filter(live=False).select_related("agency")
    pages = access.filter_permitted(user, "portal.edit", pages)
    by_id = {page.pk: page for page in pages}
    clocks = Clock.objects.filter(
        content_type=ContentType.objects.get_for_model(PolicyDocumentPage),
        object_id__in=list(by_id),
        state__in=Clock.OPEN_STATES,
    ).order_by("due_at")
    now = timezone.now()
    rows = [
        ClockRow(page=by_id[clock.object_id], clock=clock, overdue=bool(clock.due_at and clock.due_at < now))
        for clock in clocks
    ]
    return sorted(rows, key=lambda row: (not row.overdue, row.clock.due_at or now))
