"""检查准备: column and home-page freshness against the veto thresholds (amber before red), the
15 s / 5 % availability rule, broken internal links, one alert per finding, and the staff dashboard."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import Site

from yiwang.core.notifications.models import Message
from yiwang.modules.portal import monitor
from yiwang.modules.portal.models import ArticlePage, BrokenLink, HomePage, SectionPage, SiteProbe
from yiwang.modules.portal.publishing import site_pages


def city() -> Site:
    return Site.objects.select_related("root_page").get(is_default_site=True)


def status_of(title: str, now: Any) -> monitor.ColumnStatus:
    return next(c for c in monitor.column_statuses(city(), now=now) if c.title == title)


def newest_in(column_title: str) -> Any:
    column = SectionPage.objects.filter(pk__in=site_pages(city()).values("pk")).get(title=column_title)
    return ArticlePage.objects.live().descendant_of(column).order_by("-first_published_at").first().first_published_at


def test_a_news_column_turns_amber_then_red_as_days_pass(portal: HomePage) -> None:
    last = newest_in("要闻")

    assert status_of("要闻", last + timedelta(days=3)).level == "ok"
    amber = status_of("要闻", last + timedelta(days=11))
    assert (amber.level, amber.problem, amber.kind) == ("amber", "stale", "news")
    assert status_of("要闻", last + timedelta(days=15)).level == "red"


def test_a_notice_column_has_six_months(portal: HomePage) -> None:
    last = newest_in("通知公告")

    assert status_of("通知公告", last + timedelta(days=30)).level == "ok"
    assert status_of("通知公告", last + timedelta(days=160)).level == "amber"
    assert status_of("通知公告", last + timedelta(days=190)).level == "red"


def test_thresholds_are_configurable(portal: HomePage, settings: Any) -> None:
    settings.YIWANG_PORTAL = {**settings.YIWANG_PORTAL, "MONITOR": {"NEWS_WARN_DAYS": 2, "NEWS_DAYS": 4}}
    last = newest_in("要闻")

    assert status_of("要闻", last + timedelta(days=3)).level == "amber"
    assert status_of("要闻", last + timedelta(days=5)).level == "red"


def test_an_empty_column_is_red(portal: HomePage) -> None:
    parent = portal.get_children().get(slug="zwdt")
    parent.add_child(instance=SectionPage(title="工作动态", slug="gzdt-empty", kind="news"))

    empty = status_of("工作动态", timezone.now())
    assert (empty.level, empty.problem, empty.items) == ("red", "empty", 0)


def test_the_home_page_counts_as_updated_by_anything_new_on_the_site(portal: HomePage) -> None:
    site = city()
    last = monitor.home_status(site).last_update
    assert last is not None

    assert monitor.home_status(site, now=last + timedelta(days=1)).level == "ok"
    assert monitor.home_status(site, now=last + timedelta(days=12)).level == "amber"
    assert monitor.home_status(site, now=last + timedelta(days=15)).level == "red"


def _probes(site: Site, total: int, failed: int) -> None:
    now = timezone.now()
    SiteProbe.objects.bulk_create(
        SiteProbe(
            site=site,
            url=site.root_url + "/",
            started_at=now - timedelta(minutes=30 * i),
            status_code=None if i < failed else 200,
            duration_ms=15001 if i < failed else 120,
            ok=i >= failed,
        )
        for i in range(total)
    )


@pytest.mark.parametrize(("failed", "level"), [(0, "ok"), (3, "amber"), (5, "red"), (9, "red")])
def test_availability_applies_the_five_percent_rule(portal: HomePage, failed: int, level: str) -> None:
    site = city()
    _probes(site, 100, failed)

    share = monitor.availability(site)
    assert (share.probes, share.failures, share.level) == (100, failed, level)


def test_probes_older_than_the_week_do_not_count(portal: HomePage) -> None:
    site = city()
    SiteProbe.objects.create(
        site=site, url=site.root_url + "/", started_at=timezone.now() - timedelta(days=8), ok=False, error="x"
    )
    assert monitor.availability(site).probes == 0


class FakeResponse:
    status = 200

    def __enter__(self) -> FakeResponse:
        return self

    def __exit__(self, *args: Any) -> None:
        return None

    def read(self) -> bytes:
        return b"<html></html>"


def test_probe_site_contacts_only_the_configured_site_address_and_records_it(
    portal: HomePage, monkeypatch: pytest.MonkeyPatch
) -> None:
    contacted: list[tuple[str, float]] = []

    def fake_urlopen(request: Any, timeout: float) -> FakeResponse:
        contacted.append((request.full_url, timeout))
        return FakeResponse()

    monkeypatch.setattr(monitor.urllib.request, "urlopen", fake_urlopen)
    site = city()

    call_command("probe_site", "--site", str(site.pk))

    assert contacted == [("http://127.0.0.1:8000/", 15.0)]
    probe = SiteProbe.objects.get(site=site)
    assert probe.ok and probe.status_code == 200


def test_a_probe_that_times_out_or_fails_is_a_failure(portal: HomePage, monkeypatch: pytest.MonkeyPatch) -> None:
    def timing_out(request: Any, timeout: float) -> FakeResponse:
        raise TimeoutError("timed out")

    monkeypatch.setattr(monitor.urllib.request, "urlopen", timing_out)

    (probe,) = monitor.probe_site(city())

    assert not probe.ok
    assert "TimeoutError" in probe.error


def test_broken_internal_links_are_found_and_good_ones_are_not(portal: HomePage) -> None:
    article = ArticlePage.objects.live().filter(pk__in=site_pages(city()).values("pk")).first()
    assert article is not None
    good = portal.get_children().live().first()
    article.body = (
        f'<p><a linktype="page" id="{good.pk}">好链接</a> <a linktype="page" id="999999">已删除的页面</a> '
        '<a href="/no-such-column/">失效地址</a> <a href="/search/">搜索</a> '
        '<a href="https://www.gov.cn/">外部</a> <a linktype="document" id="424242">附件</a></p>'
    )
    article.save_revision().publish()

    count = monitor.check_links(city())

    links = {(link.page_id, link.target, link.reason) for link in BrokenLink.objects.all()}
    assert count == 3
    assert (article.pk, "页面 #999999", "页面不存在或未发布") in links
    assert (article.pk, "/no-such-column/", "站内地址无法打开") in links
    assert (article.pk, "document #424242", "文件已删除") in links


def test_editors_are_alerted_once_per_finding_and_again_when_it_gets_worse(
    portal_world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = city()
    editor = portal_world.leader  # 局长: portal.publish in 市民政局, a department of the city government
    monkeypatch.setattr(monitor, "site_editors", lambda s: [editor])
    last = monitor.home_status(site).last_update

    first = monitor.run_inspection(site, now=last + timedelta(days=11))
    again = monitor.run_inspection(site, now=last + timedelta(days=12))
    worse = monitor.run_inspection(site, now=last + timedelta(days=15))

    assert first["alerts"] >= 1
    assert again["alerts"] == 0
    assert worse["alerts"] >= 1
    titles = list(Message.objects.filter(recipient=editor).values_list("title", flat=True))
    assert sum("首页" in t and "预警" in t for t in titles) == 1
    assert sum("首页" in t and "超限" in t for t in titles) == 1


def test_a_cleared_finding_is_closed_and_alerts_again_if_it_returns(
    portal_world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = city()
    editor = portal_world.leader
    monkeypatch.setattr(monitor, "site_editors", lambda s: [editor])
    last = monitor.home_status(site).last_update

    monitor.run_inspection(site, now=last + timedelta(days=15))
    monitor.run_inspection(site, now=last + timedelta(days=1))  # cleared
    monitor.run_inspection(site, now=last + timedelta(days=15))

    titles = list(Message.objects.filter(recipient=editor).values_list("title", flat=True))
    assert sum("首页" in t and "超限" in t for t in titles) == 2


def test_the_sites_editors_are_its_publishers(portal_world: Any) -> None:
    editors = monitor.site_editors(city())
    assert portal_world.citizen not in editors
    assert portal_world.operator not in editors


def test_the_dashboard_shows_a_stale_column_to_an_editor(
    portal_world: Any, login: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = city()
    last = newest_in("要闻")
    real = monitor.column_statuses
    monkeypatch.setattr(monitor, "column_statuses", lambda s, now=None: real(s, now=last + timedelta(days=20)))

    response = login(portal_world.city_clerk).get(f"/staff/portal/inspection/{site.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="inspection-dashboard"' in html
    assert 'data-column="要闻"' in html
    row = html[html.index('data-column="要闻"') :]
    assert "超限" in row[: row.index("</tr>")]


def test_people_without_edit_rights_cannot_see_the_dashboard(portal_world: Any, login: Any) -> None:
    site = city()
    operator = login(portal_world.operator).get(f"/staff/portal/inspection/{site.pk}/")
    assert operator.status_code == 302

    anonymous = Client().get(f"/staff/portal/inspection/{site.pk}/")
    assert anonymous.status_code == 302
    assert "/staff/portal/inspection/" not in anonymous["Location"].split("?")[0]


def test_check_links_now_is_a_post_and_reports_the_count(portal_world: Any, login: Any) -> None:
    site = city()
    client = login(portal_world.city_clerk)

    assert client.get(f"/staff/portal/inspection/{site.pk}/check-links/").status_code == 405
    response = client.post(f"/staff/portal/inspection/{site.pk}/check-links/", follow=True)

    assert response.status_code == 200
    assert "链接检查完成" in response.content.decode()


def test_probes_inspection_and_republishing_run_as_periodic_jobs() -> None:
    from yiwang.core.jobs.periodic import registered_jobs

    jobs = registered_jobs()
    assert jobs["portal.probe_sites"].every == timedelta(minutes=30)  # 48 a day: the rule wants ≥ 20
    assert jobs["portal.inspection"].every == timedelta(hours=1)
    assert jobs["portal.republish"].every == timedelta(hours=1)


def test_a_county_editor_sees_only_the_county_sites_dashboard(portal_world: Any, login: Any) -> None:
    city_site = city()
    county_site = Site.objects.get(root_page__slug="jiayin")
    client = login(portal_world.jiayin_clerk)

    assert client.get(f"/staff/portal/inspection/{county_site.pk}/").status_code == 200
    refused = client.get(f"/staff/portal/inspection/{city_site.pk}/")
    assert refused.status_code == 302 and refused["Location"] == "/staff/"  # the workspace's refusal
    refused_post = client.post(f"/staff/portal/inspection/{city_site.pk}/check-links/")
    assert refused_post.status_code == 302 and refused_post["Location"] == "/staff/"
    listing = client.get("/staff/portal/inspection/", follow=True).content.decode()
    assert f"/staff/portal/inspection/{city_site.pk}/" not in listing
