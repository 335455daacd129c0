"""Writes of the portal: 索引号, 保密审查, 有效性, the publication clock, disclosure trees, the
三审 workflow of each site and the Wagtail groups synced from the platform's roles.

Every function runs in one transaction and writes its audit entry; search index changes are
logged in the same transaction (the search service applies them after commit), and published
files are rewritten after commit (`publishing`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from wagtail.actions.publish_revision import PublishPermissionError
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Revision,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from yiwang.core.audit import services as audit
from yiwang.core.calendar import services as calendar
from yiwang.core.calendar.models import Clock
from yiwang.core.orgs.models import Agency, Membership
from yiwang.core.permissions import access
from yiwang.core.search import services as search_index

from . import publishing
from .models import (
    ConfidentialityReview,
    FinalReviewTask,
    IndexNumber,
    IndexNumberCounter,
    IndexNumberScheme,
    PolicyDocumentPage,
    ReviewConclusion,
    SearchableContent,
    SectionKind,
    SectionPage,
    SiteIdentity,
    Validity,
    ValidityChange,
)
from .models.policy import default_index_pattern

PUBLICATION_CLOCK_KIND = "ogi_publish"
PUBLICATION_CLOCK_DAYS = 20
PUBLICATION_CLOCK_BASIS = "《中华人民共和国政府信息公开条例》第二十六条：自该政府信息形成或者变更之日起20个工作日内公开"


class PublicationRefused(PublishPermissionError):
    """Publishing is not allowed yet (no 保密审查 on record for this revision)."""


# --- 索引号 ----------------------------------------------------------------------------------------


def _index_code(agency: Agency) -> str:
    return agency.uscc or f"{agency.division.code}{agency.pk:05d}"


def allocate_index_number(*, agency: Agency, page: Page | None = None, year: int | None = None) -> IndexNumber:
    """Give out the agency's next 索引号 for `year` (default: this year). Numbers are never reused:
    the counter only grows and every number stays in `IndexNumber` after its page is deleted."""
    year = year or timezone.localdate().year
    scheme = IndexNumberScheme.objects.filter(agency=agency).first()
    pattern = scheme.pattern if scheme else default_index_pattern()
    with transaction.atomic():
        counter, _ = IndexNumberCounter.objects.select_for_update().get_or_create(agency=agency, year=year)
        while True:  # skip a number an edited pattern happens to have produced already
            counter.last += 1
            number = pattern.format(
                uscc=agency.uscc, code=_index_code(agency), division=agency.division.code, year=year, seq=counter.last
            )
            if not IndexNumber.objects.filter(number=number).exists():
                break
        counter.save(update_fields=["last"])
        allocated = IndexNumber.objects.create(
            number=number,
            agency=agency,
            year=year,
            seq=counter.last,
            page_id=page.pk if page is not None else None,
            page_title=page.title if page is not None else "",
        )
        audit.record(
            event="portal.index_number_allocated",
            obj=allocated,
            detail={"number": number, "page_id": allocated.page_id},
        )
    return allocated


def assign_index_number(page: PolicyDocumentPage) -> str:
    """The page's 索引号, allocated on first need (creation or first publication) and then fixed."""
    if page.index_number:
        return page.index_number
    allocated = allocate_index_number(agency=page.agency, page=page, year=page.written_date.year)
    PolicyDocumentPage.objects.filter(pk=page.pk).update(index_number=allocated.number)
    page.index_number = allocated.number
    return allocated.number


# --- 保密审查 and publication ------------------------------------------------------------------------


def record_confidentiality_review(
    *, page: Page, revision: Revision | None, reviewer: Any, conclusion: str, basis: str, note: str = ""
) -> ConfidentialityReview:
    if conclusion not in ReviewConclusion.values:
        raise ValueError(f"未知的保密审查结论：{conclusion}")
    if not basis.strip():
        raise ValueError("请填写保密审查依据。")
    name = str(reviewer) if reviewer is not None else ""
    with transaction.atomic():
        review = ConfidentialityReview.objects.create(
            page_id=page.pk,
            revision=revision,
            reviewer=reviewer,
            reviewer_name=name or "系统",
            conclusion=conclusion,
            basis=basis.strip(),
            note=note,
        )
        audit.record(
            event="portal.confidentiality_review",
            actor=reviewer,
            obj=review,
            detail={"page_id": page.pk, "revision_id": revision.pk if revision else None, "conclusion": conclusion},
        )
    return review


def review_for_revision(page: Page, revision: Revision) -> ConfidentialityReview | None:
    return (
        ConfidentialityReview.objects.filter(page_id=page.pk, revision=revision)
        .exclude(conclusion=ReviewConclusion.NOT_PUBLIC)
        .first()
    )


def before_publish(page: SearchableContent, revision: Revision) -> None:
    """Refuse publication without a 保密审查 of this revision where one is required; give a
    policy document its 索引号."""
    specific: Any = page
    if specific.requires_confidentiality_review() and review_for_revision(specific, revision) is None:
        raise PublicationRefused(
            f"“{specific.title}”须经终审并记录保密审查结论后才能发布（政府信息公开条例第十七条）。"
        )
    if isinstance(specific, PolicyDocumentPage):
        assign_index_number(specific)


def after_publish(page: SearchableContent, *, user: Any = None) -> None:
    """Once live: stop the 20-working-day clock and write the audit entry. (The search index is
    updated by the `page_published` trigger in `delivery_signals`, the one path for every publish.)"""
    specific: Any = page
    current = Page.objects.filter(pk=specific.pk).values("live", "first_published_at", "last_published_at").first()
    if not current or not current["live"]:
        return  # scheduled for later: the scheduled publication comes back here
    if isinstance(specific, PolicyDocumentPage):
        clock = publication_clock(specific)
        if clock is not None and clock.state in (Clock.State.RUNNING,):
            calendar.stop_clock(clock=clock, actor=user)
    fresh = type(specific).objects.get(pk=specific.pk)
    audit.record(
        event="portal.page_live",
        actor=user,
        obj=fresh,
        detail={"page_id": fresh.pk, "title": fresh.title, "first_published_at": current["first_published_at"]},
    )


# --- the 20-working-day publication clock ---------------------------------------------------------------


def publication_clock(page: PolicyDocumentPage) -> Clock | None:
    from django.contrib.contenttypes.models import ContentType

    return (
        Clock.objects.filter(
            content_type=ContentType.objects.get_for_model(PolicyDocumentPage),
            object_id=page.pk,
            kind=PUBLICATION_CLOCK_KIND,
        )
        .order_by("-created_at")
        .first()
    )


def start_publication_clock(page: PolicyDocumentPage, *, actor: Any = None) -> Clock | None:
    """Start (once) the clock from the 成文日期: publish within 20 working days (条例第二十六条)."""
    if page.live or publication_clock(page) is not None:
        return None
    return calendar.start_clock(
        obj=page,
        unit=Clock.Unit.WORKING_DAYS,
        limit=PUBLICATION_CLOCK_DAYS,
        start=page.written_date,
        basis=PUBLICATION_CLOCK_BASIS,
        kind=PUBLICATION_CLOCK_KIND,
        responsible=actor if getattr(actor, "pk", None) else None,
        responsible_agency=page.agency,
        actor=actor if getattr(actor, "pk", None) else None,
    )


def page_created(page: Page, *, actor: Any = None) -> None:
    """A new page from the workspace or the demo: policy documents get their 索引号 and clock."""
    specific = page.specific
    if isinstance(specific, PolicyDocumentPage):
        with transaction.atomic():
            assign_index_number(specific)
            start_publication_clock(specific, actor=actor)


def add_page(parent: Page, page: Page, *, actor: Any = None) -> Revision:
    """Create a draft page under `parent` (services and the demo; editors use the workspace)."""
    with transaction.atomic():
        page.live = False
        parent.add_child(instance=page)
        revision = page.save_revision(user=actor if getattr(actor, "pk", None) else None, log_action=True)
        page_created(page, actor=actor)
    return revision


# --- 有效性 ----------------------------------------------------------------------------------------


def change_validity(
    *, policy: PolicyDocumentPage, validity: str, actor: Any, replaced_by: Page | None = None, note: str = ""
) -> ValidityChange:
    """Mark a document 已修改/已废止/已失效 (or 有效 again); the original page shows a banner."""
    if validity not in Validity.values:
        raise ValueError(f"未知的有效性：{validity}")
    if replaced_by is not None and replaced_by.pk == policy.pk:
        raise ValueError("文件不能被自身替代。")
    now = timezone.now()
    with transaction.atomic():
        before = policy.validity
        PolicyDocumentPage.objects.filter(pk=policy.pk).update(
            validity=validity,
            validity_changed_at=now,
            validity_note=note,
            replaced_by=replaced_by,
        )
        policy.validity, policy.validity_changed_at, policy.validity_note = validity, now, note
        policy.replaced_by = replaced_by
        change = ValidityChange.objects.create(
            policy=policy, validity=validity, replaced_by=replaced_by, note=note, actor=actor
        )
        audit.record(
            event="portal.validity_changed",
            actor=actor,
            obj=policy,
            detail={"before": before, "after": validity, "replaced_by": replaced_by.pk if replaced_by else None},
        )
        if policy.live:
            search_index.index_document(PolicyDocumentPage.objects.get(pk=policy.pk).search_document())
            publishing.page_changed(policy)  # the banner on its file, its column, 目录 and 解读
    return change


# --- 政务公开 tree ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DisclosureCategory:
    slug: str
    title: str
    kind: str = SectionKind.DISCLOSURE


# 政府信息公开条例第二十条 (every administrative organ) and 第二十一条 (设区的市、县级人民政府).
ARTICLE_20 = (
    ("fgwj", "行政法规、规章和规范性文件"),
    ("jgzn", "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"),
    ("ghxx", "国民经济和社会发展规划、专项规划、区域规划及相关政策"),
    ("tjxx", "统计信息"),
    ("xzxk", "行政许可和其他对外管理服务事项"),
    ("xzcf", "行政处罚、行政强制"),
    ("czys", "财政预算、决算"),
    ("sfxm", "行政事业性收费项目及其依据、标准"),
    ("zfcg", "政府集中采购项目的目录、标准及实施情况"),
    ("zdxm", "重大建设项目的批准和实施情况"),
    ("msbz", "扶贫、教育、医疗、社会保障、促进就业政策及实施情况"),
    ("yjgl", "突发公共事件的应急预案、预警信息及应对情况"),
    ("jdjc", "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"),
    ("gwyzk", "公务员招考的职位、名额、报考条件等事项以及录用结果"),
    ("qtxx", "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"),
)
ARTICLE_21 = (
    ("szjs", "市政建设"),
    ("ggfw", "公共服务"),
    ("gysy", "公益事业"),
    ("tdzs", "土地征收"),
    ("fwzs", "房屋征收"),
    ("zagl", "治安管理"),
    ("shjz", "社会救助"),
)


def seed_disclosure_tree(
    *, agency: Agency, parent: Page, slug: str = "xxgk", actor: Any = None, publish: bool = True
) -> SectionPage:
    """The agency's 政府信息公开 column (国办公开办函〔2019〕61号 naming): 指南, 制度, 法定主动公开内容
    with the Art. 20 categories (and Art. 21's for city and county governments), 年报, and the
    目录. Existing columns are kept (found by slug): running it again adds only what is missing."""
    from .models import DisclosureCatalogPage

    with transaction.atomic():
        title = "政府信息公开" if slug == "xxgk" else agency.full_name
        intro = f"{agency.full_name}政府信息公开专栏。"
        root = _section(parent, slug, title, SectionKind.DISCLOSURE, agency, actor, publish, intro=intro)
        guide = _section(root, "gkzn", "政府信息公开指南", SectionKind.GENERAL, agency, actor, publish)
        _seed_guide(guide, agency)
        _section(root, "gkzd", "政府信息公开制度", SectionKind.GENERAL, agency, actor, publish)
        statutory = _section(root, "fdzdgk", "法定主动公开内容", SectionKind.DISCLOSURE, agency, actor, publish)
        categories = list(ARTICLE_20)
        if agency.kind == Agency.Kind.GOVERNMENT and agency.division.level in ("city", "county"):
            categories += list(ARTICLE_21)
        for cat_slug, title in categories:
            kind = SectionKind.POLICY if cat_slug == "fgwj" else SectionKind.DISCLOSURE
            _section(statutory, cat_slug, title, kind, agency, actor, publish)
        _section(root, "gknb", "政府信息公开年报", SectionKind.REPORT, agency, actor, publish)
        if not DisclosureCatalogPage.objects.child_of(root).exists():
            catalogue = DisclosureCatalogPage(title="政府信息公开目录", slug="gkml", agency=agency, live=False)
            root.add_child(instance=catalogue)
            if publish:
                catalogue.save_revision(log_action=True).publish(log_action=True)
        audit.record(event="portal.disclosure_tree_seeded", actor=actor, obj=root, detail={"agency_id": agency.pk})
    return root


def _seed_guide(column: SectionPage, agency: Agency) -> None:
    """A first draft of the 信息公开指南 (条例 Art. 12: the classification and arrangement of the
    information, how to obtain it, and the disclosure office's name, address, hours, phone and
    internet contact), written from the agency's own record. A draft: like everything in the tree
    it goes live through 三审 with its 保密审查. Kept if the column has one already."""
    from django.utils.html import escape

    from .models import ArticlePage

    if ArticlePage.objects.child_of(column).exists():
        return
    name = escape(agency.full_name)
    office = [
        f"<li>机构名称：{name}政府信息公开工作机构</li>",
        *([f"<li>办公地址：{escape(agency.address)}</li>"] if agency.address else []),
        *([f"<li>办公时间：{escape(agency.office_hours)}</li>"] if agency.office_hours else []),
        *([f"<li>联系电话：{escape(agency.phone)}</li>"] if agency.phone else []),
        "<li>互联网联系方式：本网站“政民互动”栏目</li>",
    ]
    body = "".join(
        [
            f"<p>为便于公民、法人和其他组织获取{name}的政府信息，根据《中华人民共和国政府信息公开条例》，编制本指南。</p>",
            "<h2>一、政府信息的分类与编排体系</h2>",
            "<p>主动公开的政府信息按《条例》第二十条、第二十一条列明的类别编排在“法定主动公开内容”下，"
            "每条信息标注索引号、发文字号、成文日期、发布日期、主题分类和有效性，"
            "并列入“政府信息公开目录”，可按类别、主题和日期查阅。</p>",
            "<h2>二、获取方式</h2>",
            "<p>主动公开的政府信息自形成或者变更之日起20个工作日内在本栏目公开，可在本网站浏览、检索和订阅。"
            "依申请公开的，可通过网上申请、信函或者当面提交申请；能够当场答复的当场答复，"
            "不能当场答复的自收到申请之日起20个工作日内答复，需要延长的经负责人同意并告知申请人，"
            "延长期限最长不超过20个工作日。</p>",
            "<h2>三、政府信息公开工作机构</h2>",
            f"<ul>{''.join(office)}</ul>",
            "<h2>四、监督和救济</h2>",
            "<p>认为行政机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开"
            "工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。</p>",
        ]
    )
    article = ArticlePage(
        title=f"{agency.full_name}政府信息公开指南",
        slug="gkzn-zn",
        agency=agency,
        summary="政府信息的分类编排、获取方式和公开工作机构。",
        body=body,
        live=False,
    )
    column.add_child(instance=article)
    article.save_revision(log_action=True)


def _section(
    parent: Page, slug: str, title: str, kind: str, agency: Agency, actor: Any, publish: bool, intro: str = ""
) -> SectionPage:
    section = SectionPage.objects.child_of(parent).filter(slug=slug).first()
    if section is None:
        section = SectionPage(title=title, slug=slug, kind=kind, agency=agency, intro=intro, live=False)
        parent.add_child(instance=section)
        if publish:
            section.save_revision(log_action=True).publish(log_action=True)
    return section


# --- 三审 workflow and groups synced from roles ------------------------------------------------------------

REVIEW_STEPS = (
    ("first", "初审", "portal.edit"),
    ("second", "复审", "portal.publish"),
    ("final", "终审", "portal.publish"),
)
EDIT_PERMISSIONS = ("add_page", "change_page")
PUBLISH_PERMISSIONS = ("add_page", "change_page", "publish_page")
COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
)
SHARED_COLLECTION = "共享资源库"


def _site_label(site: Site) -> str:
    return site.site_name or site.hostname


def review_group(site: Site, step: str) -> Group:
    label = dict((s, t) for s, t, _ in REVIEW_STEPS)[step]
    group, _ = Group.objects.get_or_create(name=f"{_site_label(site)}·{label}")
    return group


def ensure_site_workflow(site: Site, *, actor: Any = None) -> Workflow:
    """The site's 三审 workflow (初审 → 复审 → 终审含保密审查), assigned to its root page.

    An administrator may assign another workflow to the site in the workspace (工作流): the
    setting is per site. Whatever workflow is used must end with a 终审（含保密审查） task for
    policy documents to be publishable."""
    name = f"三审·{_site_label(site)}"
    with transaction.atomic():
        workflow, created = Workflow.objects.get_or_create(name=name, defaults={"active": True})
        if created:
            for order, (step, label, _verb) in enumerate(REVIEW_STEPS):
                task_class = FinalReviewTask if step == "final" else GroupApprovalTask
                task = task_class.objects.create(name=f"{label}·{_site_label(site)}")
                task.groups.set([review_group(site, step)])
                WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
        if not WorkflowPage.objects.filter(page=site.root_page).exists():
            WorkflowPage.objects.create(page=site.root_page, workflow=workflow)
        audit.record(
            event="portal.site_workflow", actor=actor, obj=workflow, detail={"site_id": site.pk, "created": created}
        )
    return workflow


def _site_agencies() -> list[tuple[Site, Agency]]:
    """(site, its government) for every site whose 网站标识 names one, most specific first."""
    pairs = []
    for identity in SiteIdentity.objects.select_related("site", "agency").exclude(agency=None):
        pairs.append((identity.site, identity.agency))
    return sorted(pairs, key=lambda pair: -len(pair[1].path))


def _site_of_agency(agency_path: str, pairs: list[tuple[Site, Agency]]) -> Site | None:
    for site, government in pairs:
        if agency_path.startswith(government.path):
            return site
    return None


def _edit_roots(agency_ids: frozenset[int] | None) -> list[Page]:
    """The pages an agency's editors work under: its sites' roots and its own sections."""
    identities = SiteIdentity.objects.select_related("site").exclude(agency=None)
    sections = SectionPage.objects.exclude(agency=None)
    if agency_ids is not None:
        identities = identities.filter(agency_id__in=agency_ids)
        sections = sections.filter(agency_id__in=agency_ids)
    roots: list[Page] = [identity.site.root_page for identity in identities]
    for section in sections.order_by("path"):
        if not any(section.path.startswith(root.path) for root in roots):
            roots.append(section)
    return roots


def _agency_group(agency: Agency, publish: bool) -> Group:
    suffix = "网站审核" if publish else "网站编辑"
    group, _ = Group.objects.get_or_create(name=f"{agency.short_name or agency.full_name}·{suffix}"[:150])
    codenames = PUBLISH_PERMISSIONS if publish else EDIT_PERMISSIONS
    roots = _edit_roots(frozenset({agency.pk}))
    wanted = {(root.pk, codename) for root in roots for codename in codenames}
    have = set(GroupPagePermission.objects.filter(group=group).values_list("page_id", "permission__codename"))
    for page_id, codename in wanted - have:
        GroupPagePermission.objects.create(
            group=group,
            page_id=page_id,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    for page_id, codename in have - wanted:
        GroupPagePermission.objects.filter(group=group, page_id=page_id, permission__codename=codename).delete()
    _grant_collection(group)
    return group


def shared_collection() -> Collection:
    """统一信息资源库: one collection of images and documents that every site's editors share."""
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    existing = root.get_children().filter(name=SHARED_COLLECTION).first()
    return existing if existing is not None else root.add_child(name=SHARED_COLLECTION)


def _grant_collection(group: Group) -> None:
    collection = shared_collection()
    for app_label, codename in COLLECTION_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=permission)


def sync_editor_groups(*, actor: Any = None) -> dict[str, int]:
    """Wagtail groups from the platform's roles (the one source of who may do what).

    `portal.edit` in an agency → its “网站编辑” group: add/change pages under the agency's site
    root (for a government) or its own sections; `portal.publish` → “网站审核”: also publish.
    Review groups per site: 初审 ← portal.edit, 复审 and 终审 ← portal.publish, for staff whose
    agency belongs to that site (the nearest site government above it). Users leave groups they
    no longer qualify for. Scopes come from `access.resolve_scope` (subtree grants included)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    pairs = _site_agencies()
    site_by_pk = {site.pk: site for site, _ in pairs}
    managed: set[int] = set()
    wanted: dict[int, set[int]] = {}
    with transaction.atomic():
        for site, _gov in pairs:
            for step, _label, _verb in REVIEW_STEPS:
                managed.add(review_group(site, step).pk)
        user_ids = Membership.objects.values_list("user_id", flat=True).distinct()
        agencies = {a.pk: a for a in Agency.objects.select_related("division")}
        group_cache: dict[tuple[int, bool], Group] = {}
        for user in User.objects.filter(pk__in=user_ids, is_active=True):
            scope = access.resolve_scope(user)
            groups: set[int] = set()
            for verb, publish in (("portal.edit", False), ("portal.publish", True)):
                ids = scope.agency_ids(verb) or frozenset()
                for agency_id in ids:
                    key = (agency_id, publish)
                    if key not in group_cache:
                        group_cache[key] = _agency_group(agencies[agency_id], publish)
                    groups.add(group_cache[key].pk)
                    site = _site_of_agency(agencies[agency_id].path, pairs)
                    if site is not None:
                        for step, _label, step_verb in REVIEW_STEPS:
                            if step_verb == verb:
                                groups.add(review_group(site_by_pk[site.pk], step).pk)
            wanted[user.pk] = groups
        managed |= set(Group.objects.filter(name__endswith="·网站编辑").values_list("pk", flat=True))
        managed |= set(Group.objects.filter(name__endswith="·网站审核").values_list("pk", flat=True))
        changed = 0
        affected = set(User.objects.filter(groups__in=managed).values_list("pk", flat=True)) | set(wanted)
        for user in User.objects.filter(pk__in=affected):
            current = set(user.groups.filter(pk__in=managed).values_list("pk", flat=True))
            target = wanted.get(user.pk, set())
            if current != target:
                user.groups.remove(*(current - target))
                user.groups.add(*(target - current))
                changed += 1
        audit.record(event="portal.editor_groups_synced", actor=actor, detail={"users_changed": changed})
    return {"users": len(wanted), "changed": changed}
