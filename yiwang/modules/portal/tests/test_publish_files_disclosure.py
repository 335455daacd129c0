"""Static publishing of 政务公开: a change rewrites every file that shows it — the policy page's
有效性 banner, the two-way 文件 ⇄ 解读 links, the agency's 公开目录 — and the pages generated from
the organisation tree are never files (they change without a publish)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from wagtail.models import Page, Site

from yiwang.modules.portal import publishing, services
from yiwang.modules.portal.models import (
    AgencyDirectoryPage,
    DisclosureCatalogPage,
    InterpretationPage,
    LeaderIndexPage,
    PolicyDocumentPage,
    Validity,
)
from yiwang.testing.personas import World


def file_text(root: Path, page: Page) -> str:
    path = publishing.file_for(root, page)
    assert path is not None
    return path.read_text(encoding="utf-8") if path.exists() else ""


def written(root: Path, *pages: Page) -> None:
    """The files as they were before the change (the last publish or the hourly repair)."""
    publishing.refresh_pages(root, pages)


def publish_reviewed(page: Page) -> None:
    revision = page.save_revision()
    services.record_confidentiality_review(
        page=page, revision=revision, reviewer=None, conclusion="public", basis="政府信息公开条例第十七条"
    )
    revision.publish()
    page.refresh_from_db()


def path_of(page: Page) -> str:
    return page.get_url_parts()[2]  # type: ignore[index]


def test_changing_validity_rewrites_the_policy_file_its_column_and_catalogue(
    portal_world: World, publish_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    policy = PolicyDocumentPage.objects.get(document_number="伊政规〔2026〕2号")
    catalogue = DisclosureCatalogPage.objects.get(agency=portal_world.city_government)
    column = policy.get_parent()
    written(publish_root, policy, column, catalogue)
    assert 'data-testid="validity-banner"' not in file_text(publish_root, policy)

    with django_capture_on_commit_callbacks(execute=True):
        services.change_validity(policy=policy, validity=Validity.REPEALED, actor=None, note="已被新规定替代。")

    html = file_text(publish_root, policy)
    assert 'data-testid="validity-banner"' in html
    assert "本文件已废止" in html and "已被新规定替代。" in html
    row = re.search(r"伊政规〔2026〕2号</td>.*?</tr>", file_text(publish_root, catalogue), re.S)
    assert row is not None and "已废止" in row.group(0)
    assert "已废止" in file_text(publish_root, column)


def test_publishing_and_unpublishing_an_interpretation_rewrites_the_policy_file(
    portal_world: World, publish_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    policy = PolicyDocumentPage.objects.get(document_number="伊政规〔2026〕2号")
    parent = InterpretationPage.objects.filter(policy__agency=portal_world.city_government).first().get_parent()
    written(publish_root, policy)
    interpretation = InterpretationPage(
        title="图解《伊春市森林草原防灭火工作责任制规定》", slug="tj-fhzr", policy=policy, body="<p>一图读懂。</p>"
    )
    services.add_page(parent, interpretation)

    with django_capture_on_commit_callbacks(execute=True):
        publish_reviewed(interpretation)

    assert f'href="{path_of(interpretation)}"' in file_text(publish_root, policy)

    with django_capture_on_commit_callbacks(execute=True):
        interpretation.unpublish()

    assert f'href="{path_of(interpretation)}"' not in file_text(publish_root, policy)


def test_publishing_and_unpublishing_a_policy_document_refreshes_its_agencys_catalogue(
    portal_world: World, publish_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    catalogue = DisclosureCatalogPage.objects.get(agency=portal_world.city_government)
    column = PolicyDocumentPage.objects.get(document_number="伊政规〔2026〕2号").get_parent()
    written(publish_root, catalogue)
    title = "伊春市人民政府关于公布2026年度城市供热价格的通知"
    policy = PolicyDocumentPage(
        title=title,
        slug="grjg-2026",
        agency=portal_world.city_government,
        document_number="伊政规〔2026〕9号",
        written_date=date(2026, 10, 9),
        body="<p>供热价格如下。</p>",
    )
    services.add_page(column, policy)

    with django_capture_on_commit_callbacks(execute=True):
        publish_reviewed(policy)

    assert title in file_text(publish_root, catalogue)

    with django_capture_on_commit_callbacks(execute=True):
        policy.unpublish()

    assert title not in file_text(publish_root, catalogue)


def test_pages_generated_from_the_organisation_tree_are_never_files(
    portal_world: World, publish_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    directory = AgencyDirectoryPage.objects.get(agency=portal_world.city_government)
    leaders = LeaderIndexPage.objects.get(agency=portal_world.city_government)
    stale = publishing.file_for(publish_root, directory)
    assert stale is not None
    publishing.write_file(stale, "<p>旧的机构职能</p>".encode())

    with django_capture_on_commit_callbacks(execute=True):
        directory.save_revision().publish()
        leaders.save_revision().publish()
    publishing.publish_site(Site.objects.get(is_default_site=True))

    assert not stale.exists()  # answered by the app: the tree as it is now
    assert file_text(publish_root, leaders) == ""
    assert file_text(publish_root, leaders.get_parent())  # its column is still a file
