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

from . import services
from .demo_content import AGENCY_SHORT_NAMES, ARTICLES, SECTIONS, DemoArticle, DemoSection
from .demo_content_policies import (
    DISCLOSURE_DEPARTMENTS,
    INTERPRETATIONS,
    LEADERS,
    POLICIES,
    TOPICS,
    DemoInterpretation,
    DemoPolicy,
)
from .demo_content_sites import SUBSITES, DemoSubsite
from .models import (
    AgencyDirectoryPage,
    ArticlePage,
    HomePage,
    HomeQuickLink,
    InterpretationPage,
    LeaderIndexPage,
    LeaderProfilePage,
    NoticePage,
    PolicyDocumentPage,
    ReviewConclusion,
    SectionKind,
    SectionPage,
    SiteIdentity,
    SpecialTopicPage,
    Validity,
)

HOME_SLUG = "yichun"
LIGHT_SUBSITES = ("jiayin", "tieli")
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


def load(stdout: TextIO, *, full: bool = True) -> None:
    """Create or complete the portal's demo pages. Safe to run again.

    `full=False` (tests) makes two sub-sites (嘉荫县, 铁力市) and one department's 政务公开 tree
    instead of all ten and five: every page type, in a fraction of the time."""
    with transaction.atomic():
        counts = _load(full=full)
        audit.record(event="portal.demo_loaded", actor=None, actor_label="demo", detail=counts)
    stdout.write(
        f"政府网站：首页 1，子站 {counts['subsites']}，栏目 {len(SECTIONS)}，新增文章 {counts['articles_created']}"
        f"（共 {len(ARTICLES)}），新增政策文件 {counts['policies_created']}，新增解读 {counts['interpretations_created']}。\n"
    )


def _load(*, full: bool = True) -> dict[str, int]:
    locale = _default_locale()
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    home = _home_page(root, locale)
    site = _default_site(home)
    _remove_welcome_page(root, home)
    _fill_identity(site, IDENTITY_DEFAULTS, _agencies().get("伊春市人民政府"))

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
    for slug, title, intro, items in TOPICS:
        topic = _topic(sections["ztzl"], slug, title, intro, locale)
        for item in items:
            article = _article(topic, item, agencies.get(item.agency), locale)
            if article is not None:
                created.append(article)
    subsites = SUBSITES if full else tuple(spec for spec in SUBSITES if spec.slug in LIGHT_SUBSITES)
    created += _subsites(home, sections, agencies, locale, subsites)
    policy_counts = _disclosure(home, sections, agencies, locale, full=full)
    # Searchable with their archive dates (publishing indexed them with today's).
    search_index.index_documents(
        page.specific.search_document() for page in Page.objects.filter(pk__in=[a.pk for a in created]).order_by("pk")
    )

    _link_home(home, sections)
    for site in Site.objects.all():
        services.ensure_site_workflow(site)
    services.shared_collection()
    services.sync_editor_groups()
    return {
        "sections": len(sections),
        "articles_created": len(created),
        "articles": len(ARTICLES),
        "subsites": len(subsites),
        **policy_counts,
    }


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


def _fill_identity(site: Site, defaults: dict[str, str], agency: Agency | None) -> None:
    identity = SiteIdentity.for_site(site)
    changed = [name for name, value in defaults.items() if not getattr(identity, name)]
    for name in changed:
        setattr(identity, name, defaults[name])
    if agency is not None and identity.agency_id is None:
        identity.agency = agency
        changed.append("agency")
    if changed:
        identity.save(update_fields=changed)


def _section(parent: Page, spec: DemoSection, locale: Locale) -> SectionPage:
    section = SectionPage.objects.child_of(parent).filter(slug=spec.slug).first()
    if section is None:
        section = SectionPage(
            title=spec.title,
            slug=spec.slug,
            intro=spec.intro,
            show_in_menus=spec.in_menu,
            kind=spec.kind,
            entry_url=str(getattr(settings, spec.entry, "")) if spec.entry else "",
            entry_label=f"进入{spec.title}" if spec.entry else "",
            live=False,
            locale=locale,
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


def _archive_time(moment: str) -> datetime:
    planned = datetime.strptime(moment, "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI)
    return min(planned, timezone.now())


def _article(section: SectionPage, spec: DemoArticle, agency: Agency | None, locale: Locale) -> ArticlePage | None:
    """Create and publish one archive article; None when it is already there."""
    if ArticlePage.objects.child_of(section).filter(title=spec.title).exists():
        return None
    body = _paragraphs(spec.body)
    page_class = NoticePage if section.kind == SectionKind.NOTICE else ArticlePage
    article = page_class(
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
    when = _archive_time(spec.date)
    _set_archive_time(article, when)
    return article


def _paragraphs(paragraphs: tuple[str, ...]) -> str:
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)


def _set_archive_time(article: Page, when: datetime) -> None:
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
        "news_section": sections.get("yw"),
        "notices_section": sections.get("tzgg"),
        "disclosure_page": sections.get("zwgk"),
        "services_page": sections.get("zwfw"),
        "interaction_page": sections.get("zmhd"),
    }
    changed = False
    for name, page in wanted.items():
        if page is not None and getattr(home, f"{name}_id") is None:
            setattr(home, name, page)
            changed = True
    if not home.quick_links.exists() and all(slug in sections for _, slug in QUICK_LINKS):
        home.quick_links = [
            HomeQuickLink(title=title, link_page=sections[slug], sort_order=index)
            for index, (title, slug) in enumerate(QUICK_LINKS)
        ]
        changed = True
    if changed:
        _publish(home)


def _topic(parent: SectionPage, slug: str, title: str, intro: str, locale: Locale) -> SpecialTopicPage:
    topic = SpecialTopicPage.objects.child_of(parent).filter(slug=slug).first()
    if topic is None:
        topic = SpecialTopicPage(
            title=title,
            slug=slug,
            intro=intro,
            kind=SectionKind.TOPIC,
            lead=f"<p>{escape(intro)}</p>",
            live=False,
            locale=locale,
        )
        parent.add_child(instance=topic)
        _publish(topic)
    return topic


def _subsite_host(spec: DemoSubsite) -> tuple[str, int]:
    pattern = str(getattr(settings, "PORTAL_SUBSITE_HOST_PATTERN", "{slug}.localhost"))
    return pattern.format(slug=spec.slug, division=spec.division), int(getattr(settings, "PORTAL_SUBSITE_PORT", 80))


def _subsites(
    city: HomePage,
    city_sections: dict[str, SectionPage],
    agencies: dict[str, Agency],
    locale: Locale,
    subsites: tuple[DemoSubsite, ...],
) -> list[ArticlePage]:
    """A sub-site per county/district: its home under the city home, its own Site, identity, columns."""
    created: list[ArticlePage] = []
    for spec in subsites:
        home = HomePage.objects.child_of(city).filter(slug=spec.slug).first()
        if home is None:
            home = HomePage(
                title=spec.government, slug=spec.slug, intro=spec.intro, show_in_menus=False, live=False, locale=locale
            )
            city.add_child(instance=home)
            _publish(home)
        hostname, port = _subsite_host(spec)
        site = Site.objects.filter(root_page=home).first()
        if site is None:
            site = Site.objects.create(hostname=hostname, port=port, root_page=home, site_name=spec.site_name)
        _fill_identity(
            site,
            {
                "government_name": spec.government,
                "organiser": f"{spec.government}办公室",
                "operator": f"{spec.name}政务服务中心",
                "site_code": f"{spec.division}0001",
                "icp_number": f"黑ICP备2026{spec.division[-3:]}号",
                "public_security_number": f"黑公网安备 {spec.division}02000001号",
                "address": spec.address,
                "postcode": spec.postcode,
                "phone": spec.phone,
            },
            agencies.get(spec.government),
        )
        columns = {
            "dt": _section(home, DemoSection("dt", "政务动态", f"{spec.name}工作动态。", kind="news"), locale),
            "tzgg": _section(
                home, DemoSection("tzgg", "通知公告", f"{spec.government}通知、公告、公示。", kind="notice"), locale
            ),
            "zwgk": _section(home, DemoSection("zwgk", "政务公开", f"{spec.government}政府信息公开。"), locale),
        }
        agency = agencies.get(spec.government)
        for item in spec.items:
            article = _article(columns[item.section], item, agency, locale)
            if article is not None:
                created.append(article)
        if agency is not None:
            _publish_guide(services.seed_disclosure_tree(agency=agency, parent=columns["zwgk"]))
            _org_pages(columns["zwgk"], agency, locale)
        # One service hall and one interaction platform for every site (集约化).
        shared = {"zwfw": city_sections["zwfw"], "zmhd": city_sections["zmhd"]}
        _link_home(home, {"yw": columns["dt"], "tzgg": columns["tzgg"], "zwgk": columns["zwgk"], **shared})
    return created


def _org_pages(zwgk: SectionPage, government: Agency, locale: Locale) -> LeaderIndexPage:
    """机构职能 and 领导信息 of a site's government under its 政务公开, read from the organisation tree."""
    if not AgencyDirectoryPage.objects.child_of(zwgk).exists():
        directory = AgencyDirectoryPage(title="机构职能", slug="jgzn", agency=government, live=False, locale=locale)
        zwgk.add_child(instance=directory)
        _publish(directory)
    leaders = LeaderIndexPage.objects.child_of(zwgk).first()
    if leaders is None:
        leaders = LeaderIndexPage(title="领导信息", slug="ldxx", agency=government, live=False, locale=locale)
        zwgk.add_child(instance=leaders)
        _publish(leaders)
    return leaders


def _publish_guide(tree: SectionPage) -> None:
    """The demo publishes each tree's drafted 信息公开指南, with its 保密审查 on record."""
    guide = ArticlePage.objects.child_of(SectionPage.objects.child_of(tree).get(slug="gkzn")).filter(live=False).first()
    if guide is None:
        return
    revision = guide.get_latest_revision() or guide.save_revision(log_action=True)
    services.record_confidentiality_review(
        page=guide,
        revision=revision,
        reviewer=None,
        conclusion=ReviewConclusion.PUBLIC,
        basis="《中华人民共和国政府信息公开条例》第十二条（机构公开信息，不涉密）",
    )
    revision.publish(log_action=True)


def _disclosure(
    home: HomePage, sections: dict[str, SectionPage], agencies: dict[str, Agency], locale: Locale, *, full: bool
) -> dict[str, int]:
    """The city's 政务公开: disclosure trees, 机构职能, 领导信息, policy documents and 解读."""
    counts = {"policies_created": 0, "interpretations_created": 0}
    government = agencies.get("伊春市人民政府")
    if government is None:  # no organisation tree loaded (most tests): nothing to file documents under
        return counts
    zwgk = sections["zwgk"]
    trees = {government.full_name: services.seed_disclosure_tree(agency=government, parent=zwgk)}
    _publish_guide(trees[government.full_name])
    departments = DISCLOSURE_DEPARTMENTS if full else dict(list(DISCLOSURE_DEPARTMENTS.items())[1:2])
    for full_name, slug in departments.items():
        if full_name in agencies:
            trees[full_name] = services.seed_disclosure_tree(
                agency=agencies[full_name], parent=sections["bmxxgk"], slug=f"xxgk-{slug}"
            )
            _publish_guide(trees[full_name])
    leaders = _org_pages(zwgk, government, locale)
    for leader in LEADERS:
        if not LeaderProfilePage.objects.child_of(leaders).filter(slug=leader.slug).exists():
            profile = LeaderProfilePage(
                title=f"{leader.position} {leader.name}",
                slug=leader.slug,
                name=leader.name,
                position=leader.position,
                agency=government,
                portfolio=leader.portfolio,
                resume=_paragraphs(leader.resume),
                live=False,
                locale=locale,
            )
            leaders.add_child(instance=profile)
            _publish(profile)

    policies: dict[str, PolicyDocumentPage] = {}
    for spec in POLICIES:
        agency = agencies.get(spec.agency)
        if agency is None:
            continue
        tree = trees.get(spec.agency, trees[government.full_name])
        column = _category(tree, spec.category)
        page, made = _policy(column, spec, agency, locale)
        policies[spec.key] = page
        counts["policies_created"] += made
    for spec in POLICIES:
        if spec.repealed_by and spec.key in policies and spec.repealed_by in policies:
            old, new = policies[spec.key], policies[spec.repealed_by]
            if old.validity == Validity.VALID:
                services.change_validity(
                    policy=old,
                    validity=Validity.REPEALED,
                    replaced_by=new,
                    note=f"已被《{new.title}》（{new.document_number}）废止。",
                    actor=None,
                )
    for item in INTERPRETATIONS:
        if item.policy in policies:
            counts["interpretations_created"] += _interpretation(
                sections["zcjd"], item, policies[item.policy], agencies, locale
            )
    return counts


def _category(tree: SectionPage, slug: str) -> SectionPage:
    statutory = SectionPage.objects.child_of(tree).get(slug="fdzdgk")
    return SectionPage.objects.child_of(statutory).filter(slug=slug).first() or SectionPage.objects.child_of(
        statutory
    ).get(slug="fgwj")


def _policy(column: SectionPage, spec: DemoPolicy, agency: Agency, locale: Locale) -> tuple[PolicyDocumentPage, bool]:
    existing = PolicyDocumentPage.objects.child_of(column).filter(title=spec.title).first()
    if existing is not None:
        return existing, False
    page = PolicyDocumentPage(
        title=spec.title,
        slug=f"{spec.written.replace('-', '')}-{hashlib.sha1(spec.number.encode(), usedforsecurity=False).hexdigest()[:6]}",
        agency=agency,
        document_number=spec.number,
        written_date=datetime.strptime(spec.written, "%Y-%m-%d").date(),
        topic=spec.topic,
        genre=spec.genre,
        summary=spec.summary,
        body=_paragraphs(spec.body),
        live=False,
        locale=locale,
    )
    if not spec.published:  # a draft: 索引号 and the 20-working-day clock, not published
        services.add_page(column, page)
        return page, True
    column.add_child(instance=page)
    services.assign_index_number(page)
    revision = page.save_revision(log_action=True)
    services.record_confidentiality_review(
        page=page,
        revision=revision,
        reviewer=None,
        conclusion=ReviewConclusion.PUBLIC,
        basis="《中华人民共和国政府信息公开条例》第十七条（存档文件，发布前已审查）",
    )
    revision.publish(log_action=True)
    _set_archive_time(page, _archive_time(spec.published))
    search_index.index_document(PolicyDocumentPage.objects.get(pk=page.pk).search_document())
    return page, True


def _interpretation(
    column: SectionPage,
    spec: DemoInterpretation,
    policy: PolicyDocumentPage,
    agencies: dict[str, Agency],
    locale: Locale,
) -> int:
    if InterpretationPage.objects.child_of(column).filter(title=spec.title).exists():
        return 0
    page = InterpretationPage(
        title=spec.title,
        slug=f"jd-{hashlib.sha1(spec.title.encode(), usedforsecurity=False).hexdigest()[:8]}",
        policy=policy,
        agency=agencies.get(spec.agency),
        kind=spec.kind,
        summary=spec.body[0][:250],
        body=_paragraphs(spec.body),
        live=False,
        locale=locale,
    )
    column.add_child(instance=page)
    revision = page.save_revision(log_action=True)
    services.record_confidentiality_review(
        page=page,
        revision=revision,
        reviewer=None,
        conclusion=ReviewConclusion.PUBLIC,
        basis="《中华人民共和国政府信息公开条例》第十七条（与政策文件同步审签）",
    )
    revision.publish(log_action=True)
    _set_archive_time(page, _archive_time(spec.published))
    search_index.index_document(InterpretationPage.objects.get(pk=page.pk).search_document())
    return 1
