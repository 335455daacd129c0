"""Publishing: Wagtail groups from the platform's roles, the 三审 workflow with 保密审查 at 终审,
scheduled publishing through the periodic job, and publication times the system alone sets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision, Site, TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from yiwang.core.jobs.periodic import get_job
from yiwang.core.search.models import SearchChange
from yiwang.modules.portal import services
from yiwang.modules.portal.models import (
    ArticlePage,
    ConfidentialityReview,
    PolicyDocumentPage,
    SectionPage,
)
from yiwang.testing.factories import MembershipFactory, StaffFactory
from yiwang.testing.personas import World

Login = Callable[[Any], Client]
TITLE = "伊春市民政局关于做好2026年冬季困难群众取暖救助工作的通知"


def _category(world: World, slug: str = "msbz") -> SectionPage:
    tree = SectionPage.objects.get(slug="xxgk-mzj")
    statutory = SectionPage.objects.child_of(tree).get(slug="fdzdgk")
    return SectionPage.objects.child_of(statutory).get(slug=slug)


def _policy_form(world: World, **extra: Any) -> dict[str, Any]:
    return nested_form_data(
        {
            "title": TITLE,
            "slug": "qnjz-2026",
            "agency": world.city_civil_affairs.pk,
            "document_number": "伊民发〔2026〕41号",
            "written_date": "2026-11-20",
            "topic": "civil",
            "genre": "notice",
            "summary": "对城乡低保、特困人员发放一次性取暖救助金。",
            "body": rich_text("<p>各县（市、区）民政局：为保障困难群众温暖过冬，现就取暖救助工作通知如下。</p>"),
            "comments": inline_formset([]),
            **extra,
        }
    )


def test_roles_become_wagtail_groups_scoped_to_the_agencys_pages(portal_world: World, login: Login) -> None:
    clerk = portal_world.city_clerk
    groups = set(clerk.groups.values_list("name", flat=True))

    assert "市民政局·网站编辑" in groups
    assert any(name.endswith("·初审") for name in groups)
    assert not any(name.endswith("·终审") for name in groups)  # 终审 needs portal.publish
    client = login(clerk)
    own = _category(portal_world)
    other = SectionPage.objects.get(slug="yw")  # the city's 要闻: not 民政局's
    assert client.get(reverse("wagtailadmin_pages:add_subpage", args=[own.pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:add_subpage", args=[other.pk])).status_code in (302, 403)


def test_a_member_who_loses_the_role_leaves_the_groups(portal_world: World) -> None:
    clerk = portal_world.city_clerk
    clerk.memberships.all().delete()

    services.sync_editor_groups()

    assert not clerk.groups.exists()


def test_policy_document_goes_through_three_reviews_and_is_published(portal_world: World, login: Login) -> None:
    parent = _category(portal_world)
    editor = login(portal_world.city_clerk)
    response = editor.post(
        reverse("wagtailadmin_pages:add", args=["portal", "policydocumentpage", parent.pk]),
        _policy_form(portal_world, **{"action-submit": "提交审核"}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = PolicyDocumentPage.objects.get(title=TITLE)
    assert not page.live
    assert page.index_number  # allocated at creation
    assert page.current_workflow_task.name.startswith("初审")

    def act(user: Any, action: str, **data: str) -> None:
        client = login(user)
        state = TaskState.objects.get(workflow_state__object_id=str(page.pk), status="in_progress")
        url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk])
        assert client.post(url, {"comment": "", **data}).status_code == 302

    act(portal_world.office_director, "approve")  # 初审 (portal.edit in 民政局)
    page.refresh_from_db()
    assert page.current_workflow_task.name.startswith("复审")
    act(portal_world.leader, "approve")  # 复审 (portal.publish)
    page.refresh_from_db()
    assert page.current_workflow_task.name.startswith("终审")
    act(portal_world.leader, "approve", conclusion="public", basis="政府信息公开条例第十七条")

    page.refresh_from_db()
    assert page.live
    review = ConfidentialityReview.objects.get(page_id=page.pk)
    assert review.reviewer == portal_world.leader
    assert review.revision_id == page.live_revision_id
    assert SearchChange.objects.filter(kind="portal.policy", object_id=str(page.pk), op="upsert").exists()
    assert services.publication_clock(page).state != "running"


def test_publish_button_refuses_a_policy_document_without_a_review(portal_world: World, login: Login) -> None:
    parent = _category(portal_world)
    client = login(portal_world.leader)  # may publish, but not skip the 保密审查

    response = client.post(
        reverse("wagtailadmin_pages:add", args=["portal", "policydocumentpage", parent.pk]),
        _policy_form(portal_world, **{"action-publish": "发布"}),
        follow=True,
    )

    page = PolicyDocumentPage.objects.get(title=TITLE)
    assert not page.live
    assert "保密审查" in response.content.decode()


def test_a_policy_document_cannot_be_published_around_the_rule(portal_world: World) -> None:
    parent = _category(portal_world)
    page = PolicyDocumentPage(
        title=TITLE,
        slug="x",
        agency=portal_world.city_civil_affairs,
        written_date=date(2026, 11, 20),
        body="<p>正文</p>",
    )
    revision = services.add_page(parent, page)

    with pytest.raises(services.PublicationRefused):
        revision.publish()

    assert not PolicyDocumentPage.objects.get(pk=page.pk).live


def test_scheduled_publishing_runs_from_the_periodic_job(portal_world: World, login: Login) -> None:
    section = SectionPage.objects.get(slug="yw")
    article = ArticlePage(
        title="伊春市召开冬季供暖保障工作调度会", slug="gn-ddh", body="<p>会议部署冬季供暖保障工作。</p>"
    )
    section.add_child(instance=article)
    article.go_live_at = timezone.now() + timedelta(minutes=5)
    article.save_revision().publish()  # approved, waiting for its time
    assert not ArticlePage.objects.get(pk=article.pk).live

    # Five minutes later: the approved revision's time has come.
    past = timezone.now() - timedelta(minutes=1)
    revision = Revision.objects.get(object_id=str(article.pk), approved_go_live_at__isnull=False)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    get_job("portal.publish_scheduled").func()

    assert ArticlePage.objects.get(pk=article.pk).live


def test_editors_cannot_back_date_the_publication_time(portal_world: World, login: Login) -> None:
    section = SectionPage.objects.get(slug="yw")
    editor = StaffFactory(username="web_reviewer", display_name="市政府办网站审核陈晨")
    MembershipFactory(user=editor, agency=portal_world.city_office, role=portal_world.leader_role)
    MembershipFactory(user=editor, agency=portal_world.city_government, role=portal_world.leader_role)
    services.sync_editor_groups()
    client = login(editor)
    before = timezone.now()

    client.post(
        reverse("wagtailadmin_pages:add", args=["portal", "articlepage", section.pk]),
        nested_form_data(
            {
                "title": "伊春市开展冬季安全生产大检查",
                "slug": "aqsc-djc",
                "body": rich_text("<p>检查覆盖全市重点行业领域。</p>"),
                "attachments": inline_formset([]),
                "comments": inline_formset([]),
                "first_published_at": "2020-01-01 08:00",  # not a form field: ignored
                "go_live_at": "2020-01-01 08:00",  # in the past: publishes now, not then
                "action-publish": "发布",
            }
        ),
    )

    article = ArticlePage.objects.get(slug="aqsc-djc")
    assert article.first_published_at is not None
    assert article.first_published_at >= before


def test_site_workflow_is_configurable_per_site(portal_world: World) -> None:
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    jiayin = Site.objects.get(root_page__slug="jiayin")
    city = Site.objects.get(is_default_site=True)
    county_default = services.ensure_site_workflow(jiayin)
    city_default = services.ensure_site_workflow(city)
    county_page = SectionPage.objects.descendant_of(jiayin.root_page).first()
    city_page = SectionPage.objects.child_of(city.root_page).first()
    assert county_default.name == "三审·嘉荫县人民政府网"
    assert county_page.get_workflow() == county_default and city_page.get_workflow() == city_default

    # An administrator gives the county a two-step review; the city keeps its 三审.
    two_step = Workflow.objects.create(name="两审·嘉荫县", active=True)
    for order, name in enumerate(("初审·嘉荫县", "终审·嘉荫县")):
        WorkflowTask.objects.create(
            workflow=two_step, task=GroupApprovalTask.objects.create(name=name), sort_order=order
        )
    WorkflowPage.objects.filter(page=jiayin.root_page).update(workflow=two_step)

    assert county_page.get_workflow() == two_step
    assert [t.name for t in county_page.get_workflow().tasks] == ["初审·嘉荫县", "终审·嘉荫县"]
    assert city_page.get_workflow() == city_default
    services.ensure_site_workflow(jiayin)  # the loader running again keeps the administrator's choice
    assert county_page.get_workflow() == two_step
