"""检查准备 (inspection readiness): the site against the veto items of 国办秘函〔2019〕19号.

Column freshness (动态/要闻 2 weeks, 通知公告/政策文件 6 months, empty columns), the home page
(2 weeks), availability (a page not open within 15 s is a failure; veto at ≥ 5 % of the week's
probes, at least 20 a day), broken internal links. Each finding is ok, amber (warning: act now) or
red (the threshold is reached). Thresholds are calendar days, configurable in
`YIWANG_PORTAL["MONITOR"]`. `run_inspection` tells the site's editors about new findings once.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Q
from django.urls import Resolver404, resolve
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page, Site

from yiwang.core.audit import services as audit
from yiwang.core.notifications.services import notify
from yiwang.core.notifications.templates import register_template
from yiwang.core.orgs.models import Membership
from yiwang.core.permissions.access import can

from .models import BrokenLink, InspectionAlert, SectionPage, SiteProbe
from .publishing import site_pages

OK, AMBER, RED = "ok", "amber", "red"
LEVEL_LABELS = {OK: "正常", AMBER: "预警", RED: "超限"}

DEFAULTS: dict[str, Any] = {
    # 动态/要闻: veto at 14 days without an update; warn from day 10.
    "NEWS_DAYS": 14,
    "NEWS_WARN_DAYS": 10,
    # 通知公告/政策文件 first-level columns: 6 months; warn from 5 months.
    "NOTICE_DAYS": 183,
    "NOTICE_WARN_DAYS": 150,
    # Home page: 2 weeks; warn from day 10.
    "HOME_DAYS": 14,
    "HOME_WARN_DAYS": 10,
    # Availability: over the last 7 days, ≥ 5 % failed probes is the veto, warn from 2 %.
    "AVAILABILITY_WINDOW_DAYS": 7,
    "AVAILABILITY_FAIL_SHARE": 0.05,
    "AVAILABILITY_WARN_SHARE": 0.02,
    "PROBES_PER_DAY": 20,
    # Veto counts: ≥ 5 stale columns or ≥ 5 empty columns.
    "STALE_COLUMNS_VETO": 5,
    "EMPTY_COLUMNS_VETO": 5,
    # Column kinds by title when a column has no `kind` (older trees).
    "NEWS_TITLE_WORDS": ("动态", "要闻", "新闻"),
    "NOTICE_TITLE_WORDS": ("通知公告", "公告", "政策文件", "文件"),
}
NEWS_KINDS = {"news"}
NOTICE_KINDS = {"notice", "policy"}
NOT_CONTENT_KINDS = {"entry", "disclosure"}  # entries point elsewhere; catalogues are generated

register_template(
    "portal.inspection_alert",
    title="【网站检查{{ level_label }}】{{ site_name }}：{{ message }}",
    body=(
        "{{ site_name }} 的检查指标出现{{ level_label }}：{{ message }}。\n"
        "依据《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号），请及时更新或处理。"
    ),
)


def thresholds() -> dict[str, Any]:
    return {**DEFAULTS, **getattr(settings, "YIWANG_PORTAL", {}).get("MONITOR", {})}


def _level(age_days: float | None, warn: float, red: float) -> str:
    if age_days is None:
        return RED
    if age_days >= red:
        return RED
    if age_days >= warn:
        return AMBER
    return OK


@dataclass(frozen=True)
class ColumnStatus:
    page_id: int
    title: str
    kind: str  # news | notice | general
    last_published_at: datetime | None
    age_days: float | None
    items: int
    level: str  # ok | amber | red
    problem: str  # "stale" | "empty" | ""
    edit_url: str

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]

    @property
    def kind_label(self) -> str:
        return {"news": "动态/要闻（2周）", "notice": "通知公告/政策文件（6个月）"}.get(self.kind, "一般栏目")


def _column_kind(column: Any, config: dict[str, Any]) -> str:
    kind = getattr(column, "kind", "") or ""
    if kind in NEWS_KINDS:
        return "news"
    if kind in NOTICE_KINDS:
        return "notice"
    if kind and kind != "general":
        return kind
    if any(word in column.title for word in config["NEWS_TITLE_WORDS"]):
        return "news"
    if any(word in column.title for word in config["NOTICE_TITLE_WORDS"]):
        return "notice"
    return "general"


def _age_days(when: datetime | None, now: datetime) -> float | None:
    return None if when is None else max(0.0, (now - when).total_seconds() / 86400)


def column_statuses(site: Site, *, now: datetime | None = None) -> list[ColumnStatus]:
    """Every live column of the site with its last publication (content pages below it)."""
    now = now or timezone.now()
    config = thresholds()
    own = site_pages(site)
    columns = list(SectionPage.objects.live().filter(pk__in=own.values("pk")).order_by("path"))
    column_paths = {c.path for c in columns}
    # Content = live pages that are not columns; one query for the whole site.
    content = (
        own.live()
        .exclude(path__in=column_paths)
        .exclude(pk=site.root_page_id)
        .values_list("path", "first_published_at")
    )
    latest: dict[str, datetime] = {}
    counts: dict[str, int] = {}
    for path, published in content:
        for column in columns:
            if path.startswith(column.path):
                counts[column.path] = counts.get(column.path, 0) + 1
                if published and (column.path not in latest or published > latest[column.path]):
                    latest[column.path] = published
    out = []
    for column in columns:
        kind = _column_kind(column, config)
        last = latest.get(column.path)
        age = _age_days(last, now)
        items = counts.get(column.path, 0)
        has_subcolumns = any(p != column.path and p.startswith(column.path) for p in column_paths)
        level, problem = OK, ""
        if kind in NOT_CONTENT_KINDS or (kind == "general" and has_subcolumns):
            pass
        elif items == 0 and not has_subcolumns:
            level, problem = RED, "empty"
        elif kind == "news":
            level = _level(age, config["NEWS_WARN_DAYS"], config["NEWS_DAYS"])
        elif kind == "notice":
            level = _level(age, config["NOTICE_WARN_DAYS"], config["NOTICE_DAYS"])
        if level != OK and not problem:
            problem = "stale"
        out.append(
            ColumnStatus(
                page_id=column.pk,
                title=column.title,
                kind=kind,
                last_published_at=last,
                age_days=age,
                items=items,
                level=level,
                problem=problem,
                edit_url=f"/staff/pages/{column.pk}/",
            )
        )
    return out


@dataclass(frozen=True)
class HomeStatus:
    last_update: datetime | None
    age_days: float | None
    level: str

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]


def home_status(site: Site, *, now: datetime | None = None) -> HomeStatus:
    """The home page counts as updated when it was republished or anything on the site was published
    (its lists show the newest items)."""
    now = now or timezone.now()
    config = thresholds()
    home = site.root_page
    newest = site_pages(site).live().exclude(pk=home.pk).aggregate(at=Max("first_published_at"))["at"]
    candidates = [when for when in (home.last_published_at, newest) if when]
    last = max(candidates) if candidates else None
    age = _age_days(last, now)
    return HomeStatus(last_update=last, age_days=age, level=_level(age, config["HOME_WARN_DAYS"], config["HOME_DAYS"]))


# --- availability ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Availability:
    probes: int
    failures: int
    days: int
    per_day: float
    level: str
    last: SiteProbe | None

    @property
    def failure_share(self) -> float:
        return self.failures / self.probes if self.probes else 0.0

    @property
    def failure_percent(self) -> str:
        return f"{self.failure_share * 100:.1f}%"

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]

    @property
    def enough_probes(self) -> bool:
        return self.per_day >= thresholds()["PROBES_PER_DAY"]


def availability(site: Site, *, now: datetime | None = None) -> Availability:
    now = now or timezone.now()
    config = thresholds()
    days = int(config["AVAILABILITY_WINDOW_DAYS"])
    probes = SiteProbe.objects.filter(site=site, started_at__gte=now - timedelta(days=days))
    total = probes.count()
    failures = probes.filter(ok=False).count()
    share = failures / total if total else 0.0
    level = OK
    if total and share >= config["AVAILABILITY_FAIL_SHARE"]:
        level = RED
    elif total and share >= config["AVAILABILITY_WARN_SHARE"]:
        level = AMBER
    last = SiteProbe.objects.filter(site=site).order_by("-started_at").first()
    return Availability(probes=total, failures=failures, days=days, per_day=total / days, level=level, last=last)


def probe_urls(site: Site) -> list[str]:
    """The only addresses a probe contacts: the site's own root URL (its host name and port)."""
    return [site.root_url.rstrip("/") + "/"]


def probe_site(site: Site, *, timeout: float | None = None) -> list[SiteProbe]:
    """GET each of the site's own addresses once and record the outcome (15 s / 5 % rule)."""
    limit = timeout if timeout is not None else float(str(settings.YIWANG_PORTAL.get("PROBE_TIMEOUT_SECONDS", 15)))
    results = []
    for url in probe_urls(site):
        started = timezone.now()
        clock = time.monotonic()
        status: int | None = None
        error = ""
        try:
            # Only the site's own configured address (probe_urls), never a URL from content.
            request = urllib.request.Request(url, headers={"User-Agent": "yiwang-probe/1"}, method="GET")  # noqa: S310
            with urllib.request.urlopen(request, timeout=limit) as response:  # noqa: S310
                response.read()
                status = int(response.status)
        except urllib.error.HTTPError as exc:
            status = int(exc.code)
        except Exception as exc:  # timeouts, refused connections, DNS: all mean "not available"
            error = f"{type(exc).__name__}: {exc}"[:200]
        elapsed_ms = int((time.monotonic() - clock) * 1000)
        ok = status is not None and status < 400 and elapsed_ms <= limit * 1000
        if ok is False and not error:
            error = f"HTTP {status}" if status and status >= 400 else f"超过 {limit:g} 秒"
        results.append(
            SiteProbe.objects.create(
                site=site,
                url=url,
                started_at=started,
                status_code=status,
                duration_ms=elapsed_ms,
                ok=ok,
                error=error,
            )
        )
    return results


# --- broken links ----------------------------------------------------------------------------------

PAGE_LINK = re.compile(r'<a[^>]*\blinktype="page"[^>]*\bid="(\d+)"')
DOC_LINK = re.compile(r'<a[^>]*\blinktype="document"[^>]*\bid="(\d+)"')
IMAGE_EMBED = re.compile(r'<embed[^>]*\bembedtype="image"[^>]*\bid="(\d+)"')
HREF = re.compile(r'\bhref="([^"]+)"')


def _page_texts(page: Page) -> Iterator[str]:
    """The stored text of every rich text and stream field of the page."""
    from wagtail.fields import RichTextField, StreamField

    for model_field in page._meta.concrete_fields:
        if isinstance(model_field, RichTextField):
            yield str(getattr(page, model_field.attname) or "")
        elif isinstance(model_field, StreamField):
            value = getattr(page, model_field.attname)
            raw = getattr(value, "raw_data", None)
            yield str(list(raw) if raw is not None else value)


def _page_link_targets(page: Page) -> Iterator[tuple[str, str]]:
    """(kind, target) for every link in the page's text and its page-chooser fields."""
    for text in _page_texts(page):
        for pid in PAGE_LINK.findall(text):
            yield "page", pid
        for did in DOC_LINK.findall(text):
            yield "document", did
        for iid in IMAGE_EMBED.findall(text):
            yield "image", iid
        for href in HREF.findall(text):
            yield "href", href
    for model_field in page._meta.concrete_fields:
        related = getattr(model_field, "related_model", None)
        if model_field.many_to_one and related is not None and issubclass(related, Page):
            value = getattr(page, model_field.attname)
            if value:
                yield "page", str(value)


def _internal_path(href: str, hostnames: set[str]) -> str | None:
    """The path of a link into one of our sites, or None for outside links, anchors, mailto …"""
    if href.startswith("//"):
        href = "http:" + href
    match = re.match(r"^https?://([^/:]+)(?::\d+)?(/[^?#]*)?", href)
    if match:
        return (match.group(2) or "/") if match.group(1).lower() in hostnames else None
    if href.startswith("/"):
        return re.split(r"[?#]", href, maxsplit=1)[0] or "/"
    return None


def find_broken_links(site: Site) -> list[tuple[Page, str, str]]:
    """(page, target, reason) for every broken link in the site's published pages."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    hostnames = {h.lower() for h in Site.objects.values_list("hostname", flat=True)}
    live_paths = set(Page.objects.live().values_list("url_path", flat=True))
    live_ids = set(Page.objects.live().values_list("pk", flat=True))
    found: list[tuple[Page, str, str]] = []
    pages = site_pages(site).live().specific()
    for page in pages.iterator(chunk_size=200):
        targets = set(_page_link_targets(page))
        doc_ids = {int(t) for k, t in targets if k == "document"}
        image_ids = {int(t) for k, t in targets if k == "image"}
        docs = set(get_document_model().objects.filter(pk__in=doc_ids).values_list("pk", flat=True))
        images = set(get_image_model().objects.filter(pk__in=image_ids).values_list("pk", flat=True))
        for kind, target in sorted(targets):
            reason = ""
            if kind == "page" and int(target) not in live_ids:
                reason = "页面不存在或未发布"
            elif kind == "document" and int(target) not in docs:
                reason = "文件已删除"
            elif kind == "image" and int(target) not in images:
                reason = "图片已删除"
            elif kind == "href":
                path = _internal_path(target, hostnames)
                if path is not None and not _path_exists(site, path, live_paths):
                    reason = "站内地址无法打开"
            if reason:
                label = f"页面 #{target}" if kind == "page" else f"{kind} #{target}" if kind != "href" else target
                found.append((page, label[:500], reason))
    return found


def _path_exists(site: Site, path: str, live_paths: set[str]) -> bool:
    if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
        return True  # files: not checked here
    try:
        match = resolve(path)
    except Resolver404:
        return False
    if match.url_name != "wagtail_serve":
        return True
    full = site.root_page.url_path.rstrip("/") + path
    return (full if full.endswith("/") else full + "/") in live_paths


@transaction.atomic
def check_links(site: Site) -> int:
    """Replace the site's broken-link list with a fresh check. Returns how many were found."""
    found = find_broken_links(site)
    now = timezone.now()
    BrokenLink.objects.filter(site=site).delete()
    BrokenLink.objects.bulk_create(
        BrokenLink(site=site, page=page, target=target, reason=reason, found_at=now) for page, target, reason in found
    )
    return len(found)


# --- findings and alerts -------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    key: str
    level: str  # amber | red
    message: str


def findings(site: Site, *, now: datetime | None = None) -> list[Finding]:
    """Every amber or red item of the site, each with a stable key."""
    now = now or timezone.now()
    config = thresholds()
    out: list[Finding] = []
    home = home_status(site, now=now)
    if home.level != OK:
        days = f"{home.age_days:.0f}" if home.age_days is not None else "—"
        out.append(Finding("home", home.level, f"首页已 {days} 天未更新（{config['HOME_DAYS']} 天为单项否决）"))
    for column in column_statuses(site, now=now):
        if column.level == OK:
            continue
        if column.problem == "empty":
            out.append(Finding(f"column:{column.page_id}:empty", RED, f"栏目“{column.title}”为空栏目"))
        else:
            days = f"{column.age_days:.0f}" if column.age_days is not None else "—"
            out.append(
                Finding(f"column:{column.page_id}:stale", column.level, f"栏目“{column.title}”已 {days} 天未更新")
            )
    uptime = availability(site, now=now)
    if uptime.level != OK:
        out.append(
            Finding(
                "availability",
                uptime.level,
                f"近 {uptime.days} 天探测失败率 {uptime.failure_percent}（≥5% 为单项否决）",
            )
        )
    broken = BrokenLink.objects.filter(site=site).count()
    if broken:
        out.append(Finding("links", AMBER, f"发现 {broken} 个失效链接"))
    return out


def site_editors(site: Site) -> list[Any]:
    """Who hears about the site's findings: holders of Wagtail edit/publish permissions on the site's
    root (or above), and staff whose role grants `portal.publish` (in the site's agency, if it has one)."""
    user_model = get_user_model()
    ancestors = list(site.root_page.get_ancestors(inclusive=True).values_list("pk", flat=True))
    groups = GroupPagePermission.objects.filter(
        page_id__in=ancestors, permission__codename__in=["publish_page", "change_page"]
    ).values_list("group_id", flat=True)
    user_ids = set(user_model.objects.filter(groups__in=list(groups), is_active=True).values_list("pk", flat=True))
    identity_agency = _site_agency_id(site)
    memberships = Membership.objects.select_related("role")
    if identity_agency:  # the site's government and its departments
        memberships = memberships.filter(Q(agency_id=identity_agency) | Q(agency__parent_id=identity_agency))
    for membership in memberships:
        if "portal.publish" in (membership.role.verbs or []):
            user_ids.add(membership.user_id)
    return list(user_model.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))


def can_inspect_site(user: Any, site: Site) -> bool:
    """A site's dashboard is for its own editors: `portal.edit` in the site's government or one of
    its departments (the people `site_editors` alerts), or anywhere when the site has no agency."""
    if not can(user, "portal.edit"):
        return False
    agency_id = _site_agency_id(site)
    if agency_id is None or can(user, "portal.edit", agency_id=agency_id):
        return True
    memberships = Membership.objects.filter(user=user).filter(Q(agency_id=agency_id) | Q(agency__parent_id=agency_id))
    return any("portal.edit" in (m.role.verbs or []) for m in memberships.select_related("role"))


def _site_agency_id(site: Site) -> int | None:
    from .models import SiteIdentity

    identity = SiteIdentity.objects.filter(site=site).first()
    return getattr(identity, "agency_id", None) if identity is not None else None


def _site_name(site: Site) -> str:
    return site.site_name or site.root_page.title


def run_inspection(site: Site, *, now: datetime | None = None) -> dict[str, int]:
    """Check the site and alert its editors about each new finding (or one that got worse) once;
    findings that cleared are closed, so they alert again if they come back."""
    now = now or timezone.now()
    current = {f.key: f for f in findings(site, now=now)}
    sent = 0
    with transaction.atomic():
        open_alerts = {
            a.key: a for a in InspectionAlert.objects.select_for_update().filter(site=site, resolved_at=None)
        }
        for key, open_alert in open_alerts.items():
            if key not in current:
                open_alert.resolved_at = now
                open_alert.save(update_fields=["resolved_at"])
        to_send: list[Finding] = []
        for key, finding in current.items():
            alert = open_alerts.get(key)
            if alert is not None and (alert.level == finding.level or alert.level == RED):
                continue
            if alert is not None:
                alert.level, alert.message, alert.alerted_at = finding.level, finding.message[:300], now
                alert.save(update_fields=["level", "message", "alerted_at"])
            else:
                InspectionAlert.objects.create(
                    site=site, key=key, level=finding.level, message=finding.message[:300], alerted_at=now
                )
            to_send.append(finding)
        editors = site_editors(site) if to_send else []
        for finding in to_send:
            notify(
                recipients=editors,
                template="portal.inspection_alert",
                context={
                    "site_name": _site_name(site),
                    "level_label": LEVEL_LABELS[finding.level],
                    "message": finding.message,
                    "url": f"/staff/portal/inspection/{site.pk}/",
                },
            )
            sent += 1
        if not sent:
            return {"findings": len(current), "alerts": 0}
        audit.record(
            event="portal.inspection_run",
            actor=None,
            actor_label="system",
            detail={"site_id": site.pk, "findings": len(current), "alerts": sent, "recipients": len(editors)},
        )
    return {"findings": len(current), "alerts": sent}


def sites() -> Iterable[Site]:
    return Site.objects.select_related("root_page").order_by("-is_default_site", "hostname", "port")
