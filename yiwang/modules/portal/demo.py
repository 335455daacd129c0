"""Demo data for the portal (manifest `demo_data`): the 中国伊春 page tree and its 2026 archive.

Idempotent: sections and articles are found by slug/title under their parent and created only
when missing; site identity fields are filled only when empty, so an editor's changes survive.

Dates: every article is published through a real Wagtail revision. The reference deployment
ships an *archive* of 2026 items, so after publishing the loader sets the system timestamps
(first/last published, revision time) to the archive date. This is the only place that does so;
no form or API can (国办秘函〔2019〕19号 treats a back-dated publication date as a veto item).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Locale, Page, Revision, Site

from yiwang.core.audit import services as audit
from yiwang.core.orgs.models import Agency
from yiwang.core.search import services as search_index

from .demo_content import AGENCY_SHORT_NAMES, ARTICLES, SECTIONS, DemoArticle, DemoSection
from .models import ArticlePage, HomePage, HomeQuickLink, SectionPage, SiteIdentity
from .search import article_document

HOME_SLUG = "yichun"
SITE_HOSTNAME = "127.0.0.1"
SITE_PORT = 8000
SHANGHAI = ZoneInfo("Asia/Shanghai")

IDENTITY_DEFAULTS = {
    "government_name": "伊春市人民政府",
    "organiser": "伊春市人民政府办公室",
    "operator": "伊春市营商环境建设监督局（伊春市政务服务中心）",
    "site_code": "2307000001",
    "icp_number": "黑ICP备2026000001号",
    "public_security_number": "黑公网安备 23070202000001号",
    "address": "黑龙江省伊春市伊美区新兴中大街",
    "postcode": "153000",
    "phone": "0458-12345",
    "email": "zfb@yc.gov.cn",
}
QUICK_LINKS = (
    ("政务服务", "zwfw"),
    ("政务公开", "zwgk"),
    ("市长信箱", "zmhd"),
    ("通知公告", "tzgg"),
    ("走进伊春", "zjyc"),
    ("专题专栏", "ztzl"),
)


def load(stdout: TextIO) -> None:
    """Create or complete the portal's demo pages. Safe to run again."""
    with transaction.atomic():
        counts = _load()
        audit.record(event="portal.demo_loaded", actor=None, actor_label="demo", detail=counts)
    stdout.write(
        f"政府网站：首页 1，栏目 {len(SECTIONS)}，新增文章 {counts['articles_created']}（共 {len(ARTICLES)}）。\n"
    )


def _load() -> dict[str, int]:
    locale = _default_locale()
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    home = _home_page(root, locale)
    site = _default_site(home)
    _remove_welcome_page(root, home)
    _fill_identity(site)

    sections: dict[str, SectionPage] = {}
    for spec in SECTIONS:
        parent: Page = sections[spec.parent] if spec.parent else home
        sections[spec.slug] = _section(parent, spec, locale)

    created: list[ArticlePage] = []
    agencies = _agencies()
    for item in ARTICLES:
        article = _article(sections[item.section], item, agencies.get(item.agency), locale)
        if article is not None:
            created.append(article)
    # New articles become searchable after commit, like any published article.
    columns = {section.path: slug for slug, section in sections.items()}
    search_index.index_documents(
        article_document(article, column=columns.get(article.path[: -ArticlePage.steplen], ""))
        for article in ArticlePage.objects.filter(pk__in=[a.pk for a in created]).order_by("pk")
    )

    _link_home(home, sections)
    return {"sections": len(sections), "articles_created": len(created), "articles": len(ARTICLES)}


def _default_locale() -> Locale:
    # After a test database flush the migration-created locale is gone; recreate it.
    language = settings.LANGUAGE_CODE
    locale = Locale.objects.filter(language_code=language).first()
    return locale or Locale.objects.create(language_code=language)


def _publish(page: Page) -> None:
    page.save_revision(log_action=True).publish(log_action=True)


def _home_page(root: Page, locale: Locale) -> HomePage:
    home = HomePage.objects.child_of(root).first()
    if home is None:
        home = HomePage(
            title="中国伊春",
            slug=HOME_SLUG,
            live=False,
            locale=locale,
            intro="伊春市人民政府门户网站——林都伊春，森林城市。",
        )
        root.add_child(instance=home)
        _publish(home)
    return home


def _default_site(home: HomePage) -> Site:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return Site.objects.create(
            hostname=SITE_HOSTNAME,
            port=SITE_PORT,
            root_page=home,
            is_default_site=True,
            site_name=settings.YIWANG_SITE_NAME,
        )
    if site.root_page_id != home.pk or site.hostname != SITE_HOSTNAME:
        site.hostname, site.port, site.root_page = SITE_HOSTNAME, SITE_PORT, home
        site.site_name = site.site_name or settings.YIWANG_SITE_NAME
        site.save()
    return site


def _remove_welcome_page(root: Page, home: HomePage) -> None:
    """Wagtail's 'Welcome to your new Wagtail site!' page: a plain Page with no children."""
    for page in Page.objects.child_of(root).exclude(pk=home.pk).filter(numchild=0):
        if page.specific_class is Page and not Site.objects.filter(root_page=page).exists():
            page.delete()


def _fill_identity(site: Site) -> None:
    identity = SiteIdentity.for_site(site)
    changed = [name for name, value in IDENTITY_DEFAULTS.items() if not getattr(identity, name)]
    for name in changed:
        setattr(identity, name, IDENTITY_DEFAULTS[name])
    if changed:
        identity.save(update_fields=changed)


def _section(parent: Page, spec: DemoSection, locale: Locale) -> SectionPage:
    section = SectionPage.objects.child_of(parent).filter(slug=spec.slug).first()
    if section is None:
        section = SectionPage(
            title=spec.title, slug=spec.slug, intro=spec.intro, show_in_menus=spec.in_menu, live=False, locale=locale
        )
        parent.add_child(instance=section)
        _publish(section)
    return section


def _agencies() -> dict[str, Agency]:
    """Full name -> agency for the agencies that exist (absent in most tests: tolerated)."""
    query = Q()
    for full_name, short_names in AGENCY_SHORT_NAMES.items():
        query |= Q(full_name=full_name) | Q(short_name__in=short_names)
    found: dict[str, Agency] = {}
    for agency in Agency.objects.filter(query).order_by("path"):
        for full_name, short_names in AGENCY_SHORT_NAMES.items():
            if agency.full_name == full_name or agency.short_name in short_names:
                found.setdefault(full_name, agency)
    return found


def _article_slug(spec: DemoArticle) -> str:
    digest = hashlib.sha1(spec.title.encode(), usedforsecurity=False).hexdigest()[:6]
    return f"{spec.date[:10].replace('-', '')}-{digest}"


def _archive_time(spec: DemoArticle) -> datetime:
    planned = datetime.strptime(spec.date, "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI)
    return min(planned, timezone.now())


def _article(section: SectionPage, spec: DemoArticle, agency: Agency | None, locale: Locale) -> ArticlePage | None:
    """Create and publish one archive article; None when it is already there."""
    if ArticlePage.objects.child_of(section).filter(title=spec.title).exists():
        return None
    body = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in spec.body)
    article = ArticlePage(
        title=spec.title,
        slug=_article_slug(spec),
        agency=agency,
        source=spec.source,
        summary=spec.summary,
        body=body,
        live=False,
        locale=locale,
    )
    section.add_child(instance=article)
    _publish(article)
    when = _archive_time(spec)
    _set_archive_time(article, when)
    return article


def _set_archive_time(article: ArticlePage, when: datetime) -> None:
    fields: dict[str, Any] = {
        "first_published_at": when,
        "last_published_at": when,
        "latest_revision_created_at": when,
    }
    Page.objects.filter(pk=article.pk).update(**fields)
    Revision.objects.filter(object_id=str(article.pk), content_type_id=article.content_type_id).update(created_at=when)


def _link_home(home: HomePage, sections: dict[str, SectionPage]) -> None:
    home = HomePage.objects.get(pk=home.pk)
    wanted = {
        "news_section": sections["yw"],
        "notices_section": sections["tzgg"],
        "disclosure_page": sections["zwgk"],
        "services_page": sections["zwfw"],
        "interaction_page": sections["zmhd"],
    }
    changed = False
    for name, page in wanted.items():
        if getattr(home, f"{name}_id") is None:
            setattr(home, name, page)
            changed = True
    if not home.quick_links.exists():
        home.quick_links = [
            HomeQuickLink(title=title, link_page=sections[slug], sort_order=index)
            for index, (title, slug) in enumerate(QUICK_LINKS)
        ]
        changed = True
    if changed:
        _publish(home)
