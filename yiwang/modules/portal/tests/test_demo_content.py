"""The demo's 集约化 sites, 政务公开 content and publishing set-up, loaded over the test organisations."""

from __future__ import annotations

import io

from django.test import Client
from wagtail.models import Site, WorkflowPage

from yiwang.modules.portal import demo, selectors
from yiwang.modules.portal.models import (
    AgencyDirectoryPage,
    HomePage,
    InterpretationPage,
    LeaderIndexPage,
    LeaderProfilePage,
    NoticePage,
    PolicyDocumentPage,
    SectionPage,
    SiteIdentity,
    SpecialTopicPage,
    Validity,
)
from yiwang.testing.personas import World


def test_demo_creates_sub_sites_with_their_own_identity(portal_world: World) -> None:
    jiayin = Site.objects.get(root_page__slug="jiayin")
    identity = SiteIdentity.for_site(jiayin)

    assert jiayin.hostname == "jiayin.localhost"
    assert jiayin.site_name == "嘉荫县人民政府网"
    assert identity.site_code == "2307220001"
    assert identity.organiser == "嘉荫县人民政府办公室"
    assert identity.agency == portal_world.jiayin_government
    assert NoticePage.objects.descendant_of(jiayin.root_page).live().exists()


def test_every_site_gets_a_three_review_workflow(portal_world: World) -> None:
    for site in Site.objects.all():
        workflow = WorkflowPage.objects.get(page=site.root_page).workflow
        assert [task.name.split("·")[0] for task in workflow.tasks] == ["初审", "复审", "终审"]


def test_demo_policy_documents_carry_index_numbers_interpretations_and_a_repeal(portal_world: World) -> None:
    new = PolicyDocumentPage.objects.get(document_number="伊政规〔2026〕7号")
    old = PolicyDocumentPage.objects.get(document_number="伊政规〔2021〕4号")

    assert new.live and new.index_number
    assert new.index_number.endswith("/2026-" + new.index_number[-5:])
    assert old.index_number and "/2021-" in old.index_number
    assert old.validity == Validity.REPEALED
    assert old.replaced_by_id == new.pk
    assert InterpretationPage.objects.filter(policy=new).live().exists()


def test_demo_is_idempotent_with_sites_and_policies(portal_world: World) -> None:
    numbers = set(PolicyDocumentPage.objects.values_list("index_number", flat=True))
    sites = Site.objects.count()
    out = io.StringIO()

    demo.load(out, full=False)

    assert "新增政策文件 0" in out.getvalue()
    assert "新增文章 0" in out.getvalue()
    assert set(PolicyDocumentPage.objects.values_list("index_number", flat=True)) == numbers
    assert Site.objects.count() == sites


def test_demo_pages_of_every_type_render(client: Client, portal_world: World) -> None:
    pages = [
        HomePage.objects.get(slug="jiayin"),
        SpecialTopicPage.objects.get(slug="slfh"),
        PolicyDocumentPage.objects.get(document_number="伊政规〔2021〕4号"),
        InterpretationPage.objects.live().first(),
        LeaderIndexPage.objects.live().first(),
        LeaderProfilePage.objects.live().first(),
        AgencyDirectoryPage.objects.live().first(),
        SectionPage.objects.get(slug="zwfw", depth=3),
    ]
    for page in pages:
        assert page is not None
        response = client.get(page.url)
        assert response.status_code == 200, page.url
    assert selectors.site_code_for_page(pages[0]) == "2307220001"
