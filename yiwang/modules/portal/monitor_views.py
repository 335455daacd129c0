"""检查准备 screens in the staff workspace (/staff/portal/inspection/…): one dashboard per site."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from wagtail.models import Site

from yiwang.core.audit import services as audit
from yiwang.core.permissions.access import can
from yiwang.core.security.policy import access_policy
from yiwang.core.web.http import client_ip

from . import monitor
from .models import BrokenLink

VERB = "portal.edit"


def can_inspect(user: object) -> bool:
    return can(user, VERB)


def _require(request: HttpRequest) -> None:
    if not can_inspect(request.user):
        raise PermissionDenied("只有网站编辑可以查看检查准备情况。")


def _require_site(request: HttpRequest, site_id: int) -> Site:
    _require(request)
    site = get_object_or_404(Site.objects.select_related("root_page"), pk=site_id)
    if not monitor.can_inspect_site(request.user, site):
        raise PermissionDenied("只能查看本单位所编辑网站的检查准备情况。")
    return site


def _my_sites(request: HttpRequest) -> list[Site]:
    return [site for site in monitor.sites() if monitor.can_inspect_site(request.user, site)]


@access_policy(verb="portal.edit")
def site_list(request: HttpRequest) -> HttpResponse:
    _require(request)
    sites = _my_sites(request)
    if len(sites) == 1:
        return redirect("portal_inspection_site", site_id=sites[0].pk)
    return render(request, "portal/monitor_sites.html", {"sites": sites})


@access_policy(verb="portal.edit")
def site_dashboard(request: HttpRequest, site_id: int) -> HttpResponse:
    site = _require_site(request, site_id)
    columns = monitor.column_statuses(site)
    config = monitor.thresholds()
    stale = [c for c in columns if c.problem == "stale" and c.level == monitor.RED and c.kind in ("news", "notice")]
    empty = [c for c in columns if c.problem == "empty"]
    context = {
        "site": site,
        "home": monitor.home_status(site),
        "columns": columns,
        "uptime": monitor.availability(site),
        "recent_probes": monitor.SiteProbe.objects.filter(site=site).order_by("-started_at")[:20],
        "broken_links": BrokenLink.objects.filter(site=site).select_related("page")[:200],
        "config": config,
        "stale_count": len(stale),
        "empty_count": len(empty),
        "stale_veto": len(stale) >= config["STALE_COLUMNS_VETO"],
        "empty_veto": len(empty) >= config["EMPTY_COLUMNS_VETO"],
        "sites": _my_sites(request),
    }
    return render(request, "portal/monitor_site.html", context)


@access_policy(verb="portal.edit", methods=("POST",))
@require_POST
def check_links_now(request: HttpRequest, site_id: int) -> HttpResponse:
    site = _require_site(request, site_id)
    count = monitor.check_links(site)
    audit.record(
        event="portal.links_checked",
        actor=request.user,
        ip=client_ip(request),
        detail={"site_id": site.pk, "broken": count},
    )
    messages.success(request, f"链接检查完成：发现 {count} 个失效链接。")
    return redirect("portal_inspection_site", site_id=site.pk)
