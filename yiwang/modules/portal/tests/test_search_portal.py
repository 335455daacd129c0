"""Portal content in the one search service: every page type found by words, 发文字号 and 索引号, with
filters and highlighting, and a publish/unpublish is reflected at once (index follows the commit)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from yiwang.modules.portal import search, services
from yiwang.modules.portal.models import ArticlePage, HomePage, PolicyDocumentPage, ReviewConclusion, SectionPage

DOC_NUMBER = "伊政发〔2026〕12号"
INDEX_NUMBER = "230700-0001/2026-00042"


@pytest.fixture
def policy(portal: HomePage, world: Any, django_capture_on_commit_callbacks: Any) -> PolicyDocumentPage:
    column = portal.get_children().get(slug="zwdt").get_children().get(slug="tzgg").specific
    page = PolicyDocumentPage(
        title="伊春市人民政府关于进一步加强森林草原防灭火工作的通知",
        slug="slfh-2026-12",
        agency=world.city_government,
        document_number=DOC_NUMBER,
        index_number=INDEX_NUMBER,
        written_date=date(2026, 3, 2),
        summary="落实森林草原防灭火责任，严格野外火源管控。",
        body="<p>各县（市、区）人民政府：为切实做好春季森林草原防灭火工作，严防重特大森林火灾发生，现通知如下。</p>",
    )
    with django_capture_on_commit_callbacks(execute=True):
        column.add_child(instance=page)
        publish_reviewed(page)
    page.refresh_from_db()
    return page


def publish_reviewed(page: PolicyDocumentPage) -> None:
    """Publish with the 保密审查 a policy document needs (政府信息公开条例第十七条)."""
    revision = page.save_revision()
    services.record_confidentiality_review(
        page=page, revision=revision, reviewer=None, conclusion=ReviewConclusion.PUBLIC, basis="条例第十七条"
    )
    revision.publish()


def results_html(client: Client, **params: str) -> str:
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_policy_document_is_found_by_words_with_highlighting(client: Client, policy: PolicyDocumentPage) -> None:
    html = results_html(client, q="森林草原 防灭火")

    assert policy.url in html
    assert "<mark>森林草原</mark>" in html
    assert f"发文字号：{DOC_NUMBER}" in html
    assert f"索引号：{INDEX_NUMBER}" in html


def test_a_policy_document_is_found_by_its_exact_document_number(client: Client, policy: PolicyDocumentPage) -> None:
    html = results_html(client, q=DOC_NUMBER)
    assert policy.url in html
    assert "共找到 <strong>1</strong> 条结果" in html

    # Brackets as people type them, and a neighbouring number that must not match.
    assert policy.url in results_html(client, q="伊政发[2026]12号")
    assert policy.url not in results_html(client, q="伊政发〔2026〕112号")


def test_a_policy_document_is_found_by_its_index_number(client: Client, policy: PolicyDocumentPage) -> None:
    assert policy.url in results_html(client, q=INDEX_NUMBER)


def test_unpublishing_takes_the_document_out_of_search(
    client: Client, policy: PolicyDocumentPage, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        policy.unpublish()

    assert policy.url not in results_html(client, q=DOC_NUMBER)


def test_an_edit_published_again_is_searchable_under_its_new_words(
    client: Client, policy: PolicyDocumentPage, django_capture_on_commit_callbacks: Any
) -> None:
    policy.title = "伊春市人民政府关于做好冰雪旅游季安全保障的通知"
    with django_capture_on_commit_callbacks(execute=True):
        publish_reviewed(policy)

    assert "<mark>冰雪旅游</mark>" in results_html(client, q="冰雪旅游")


def test_filters_narrow_by_type_column_agency_and_date(client: Client, policy: PolicyDocumentPage, world: Any) -> None:
    assert policy.url in results_html(client, q="防灭火", kind="portal.policy")
    assert policy.url not in results_html(client, q="防灭火", kind="portal.article")
    notices = policy.get_parent()
    news = notices.get_parent().get_children().get(slug="yw")
    jiayin_notices = SectionPage.objects.get(slug="tzgg", url_path__startswith="/yichun/jiayin/")
    assert policy.url in results_html(client, q="防灭火", column=str(notices.pk))
    assert policy.url not in results_html(client, q="防灭火", column=str(news.pk))
    # Columns are told apart by id: the county's 通知公告 has the same slug but is another column.
    assert policy.url not in results_html(client, q="防灭火", column=str(jiayin_notices.pk))
    assert policy.url in results_html(client, q="防灭火", agency=str(world.city_government.pk))
    assert policy.url not in results_html(client, q="防灭火", agency=str(world.jiayin_government.pk))
    today = timezone.localdate(policy.first_published_at).isoformat()
    assert policy.url in results_html(client, q="防灭火", date_from=today, date_to=today)
    assert policy.url not in results_html(client, q="防灭火", date_to="2020-01-01")


def test_the_results_page_offers_facets_with_readable_names(client: Client, policy: PolicyDocumentPage) -> None:
    html = results_html(client, q="防灭火")

    assert 'data-testid="search-facets"' in html
    assert "政策文件（" in html  # the type facet
    assert "通知公告（" in html  # the column facet shows the column's title, not its slug
    assert "伊春市人民政府（" in html  # the agency facet


def test_bad_dates_are_refused_with_a_message_and_the_input_kept(client: Client, portal: HomePage) -> None:
    html = results_html(client, q="防火", date_from="2026-05-01", date_to="2026-04-01")

    assert "结束日期不能早于开始日期" in html
    assert 'value="防火"' in html


def test_every_live_content_page_has_one_document_of_its_kind(portal: HomePage, policy: PolicyDocumentPage) -> None:
    documents = list(search.policy_documents())
    assert [d.object_id for d in documents] == [str(policy.pk)]
    assert documents[0].doc_number == DOC_NUMBER
    articles = list(search.article_documents())
    assert len(articles) == ArticlePage.objects.live().exact_type(ArticlePage).count()
    assert all(d.kind == "portal.article" for d in articles)
    assert search.kind_of(HomePage) is None and search.kind_of(SectionPage) is None
