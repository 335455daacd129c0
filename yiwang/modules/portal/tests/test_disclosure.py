"""政务公开: disclosure trees seeded with OGI Art. 20/21, the 20-working-day clock, the 目录."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.test import Client
from django.urls import reverse

from yiwang.core.calendar.models import Clock
from yiwang.core.calendar.workcalendar import work_calendar
from yiwang.modules.portal import services
from yiwang.modules.portal.models import DisclosureCatalogPage, PolicyDocumentPage, SectionKind, SectionPage
from yiwang.testing.personas import World

Login = Callable[[Any], Client]


def test_a_government_tree_has_the_article_20_and_21_categories(portal_world: World) -> None:
    tree = SectionPage.objects.get(slug="xxgk", agency=portal_world.city_government)

    titles = [section.title for section in SectionPage.objects.child_of(tree)]
    statutory = SectionPage.objects.child_of(tree).get(slug="fdzdgk")
    categories = SectionPage.objects.child_of(statutory)

    assert titles[:4] == ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"]
    assert DisclosureCatalogPage.objects.child_of(tree).live().exists()
    assert categories.count() == 15 + 7
    assert categories.filter(title="突发公共事件的应急预案、预警信息及应对情况").exists()
    assert categories.filter(title="社会救助").exists()  # Art. 21: city and county governments
    assert categories.get(slug="fgwj").kind == SectionKind.POLICY


def test_a_department_tree_has_only_the_article_20_categories(portal_world: World) -> None:
    tree = SectionPage.objects.get(slug="xxgk-mzj")
    statutory = SectionPage.objects.child_of(tree).get(slug="fdzdgk")

    assert SectionPage.objects.child_of(statutory).count() == 15
    assert tree.agency == portal_world.city_civil_affairs


def test_seeding_again_adds_nothing(portal_world: World) -> None:
    tree = SectionPage.objects.get(slug="xxgk-mzj")
    before = tree.get_descendants().count()

    services.seed_disclosure_tree(agency=portal_world.city_civil_affairs, parent=tree.get_parent(), slug="xxgk-mzj")

    assert tree.get_descendants().count() == before


def test_a_new_policy_document_starts_the_20_working_day_clock_from_its_written_date(portal_world: World) -> None:
    page = PolicyDocumentPage(
        title="伊春市民政局关于开展2026年度养老机构等级评定的通知",
        slug="ylpd",
        agency=portal_world.city_civil_affairs,
        written_date=date(2026, 10, 9),
        body="<p>正文</p>",
    )
    services.add_page(SectionPage.objects.get(slug="xxgk-mzj"), page)

    clock = services.publication_clock(page)
    assert clock is not None
    assert clock.unit == Clock.Unit.WORKING_DAYS and clock.limit == 20
    assert clock.start_date == date(2026, 10, 9)
    # 20 working days, the start day not counted (调休 Saturday 10 October counts, holidays do not).
    assert clock.due_date == work_calendar.add_working_days(date(2026, 10, 9), 20)
    assert "第二十六条" in clock.basis


def test_editors_see_open_clocks_with_overdue_ones_flagged(portal_world: World, login: Login) -> None:
    page = PolicyDocumentPage(
        title="伊春市民政局关于做好2026年度社会组织年检工作的通知",
        slug="nj",
        agency=portal_world.city_civil_affairs,
        written_date=date(2026, 9, 1),  # 20 working days ran out in October
        body="<p>正文</p>",
    )
    services.add_page(SectionPage.objects.get(slug="xxgk-mzj"), page)

    html = login(portal_world.city_clerk).get(reverse("portal_policies")).content.decode()

    assert page.title in html
    assert "已超期" in html


def test_the_catalogue_lists_the_agencys_documents_with_filters(portal_world: World, client: Client) -> None:
    catalogue = DisclosureCatalogPage.objects.get(agency=portal_world.city_government)

    html = client.get(catalogue.url).content.decode()
    normative = client.get(catalogue.url + "?genre=notice").content.decode()

    assert "伊政规〔2026〕7号" in html
    assert "已废止" in html
    assert "伊政规〔2026〕7号" not in normative


def test_the_validity_screen_marks_a_document_repealed(portal_world: World, login: Login) -> None:
    from yiwang.testing.factories import MembershipFactory, StaffFactory

    reviewer = StaffFactory(username="gov_reviewer", display_name="市政府网站审核")
    MembershipFactory(user=reviewer, agency=portal_world.city_government, role=portal_world.leader_role)
    policy = PolicyDocumentPage.objects.get(document_number="伊政规〔2026〕2号")
    staff = login(reviewer)

    response = staff.post(
        reverse("portal_policy_validity", args=[policy.pk]),
        {"validity": "repealed", "replaced_by": "999999", "note": ""},
    )
    assert "找不到该编号的页面" in response.content.decode()
    response = staff.post(
        reverse("portal_policy_validity", args=[policy.pk]), {"validity": "repealed", "note": "已废止。"}
    )

    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.validity == "repealed"


def test_every_tree_starts_with_a_guide_naming_the_agencys_disclosure_office(
    portal_world: World, client: Client
) -> None:
    from yiwang.modules.portal.models import ArticlePage

    agency = portal_world.city_civil_affairs
    agency.address, agency.phone = "伊春市伊美区新兴中大街1号", "0458-3600000"
    agency.save()
    parent = SectionPage.objects.get(slug="xxgk-mzj").get_parent()
    tree = services.seed_disclosure_tree(agency=agency, parent=parent, slug="xxgk-test")
    column = SectionPage.objects.child_of(tree).get(slug="gkzn")

    guide = ArticlePage.objects.child_of(column).get()
    assert not guide.live  # a draft: it goes live through 三审 with its 保密审查
    html = str(guide.body)
    for text in ("分类与编排体系", "获取方式", "20个工作日", "政府信息公开工作机构", "0458-3600000", "新兴中大街1号"):
        assert text in html
    services.seed_disclosure_tree(agency=agency, parent=parent, slug="xxgk-test")  # again: kept, not doubled
    assert ArticlePage.objects.child_of(column).count() == 1


def test_the_demo_publishes_each_trees_guide(portal_world: World, client: Client) -> None:
    from yiwang.modules.portal.models import ArticlePage

    tree = SectionPage.objects.get(slug="xxgk", agency=portal_world.city_government)
    guide = ArticlePage.objects.child_of(SectionPage.objects.child_of(tree).get(slug="gkzn")).live().get()

    assert "政府信息公开工作机构" in client.get(guide.url).content.decode()
