"""The portal's pages over HTTP: home, section (栏目) and article (文章), and the demo tree."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, Revision, Site

from yiwang.core.search.types import SearchDocument
from yiwang.core.web.context_processors import ELDER_COOKIE
from yiwang.modules.portal import search
from yiwang.modules.portal.demo_content import ARTICLES
from yiwang.modules.portal.models import SECTION_PAGE_SIZE, ArticlePage, HomePage, SectionPage


def section(slug: str) -> SectionPage:
    return SectionPage.objects.get(slug=slug)


def test_demo_makes_the_home_page_the_root_of_the_default_site(portal: HomePage) -> None:
    site = Site.objects.get(is_default_site=True)

    assert site.root_page_id == portal.pk
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    assert not Page.objects.filter(depth=2).exclude(pk=portal.pk).exists()  # Wagtail's welcome page is gone


def test_demo_builds_the_sections_and_at_least_thirty_published_articles(portal: HomePage) -> None:
    top = [page.title for page in portal.get_children().live().in_menu()]
    news = [page.title for page in section("zwdt").get_children().live()]
    articles = ArticlePage.objects.live().filter(title__in=[article.title for article in ARTICLES])

    assert top == ["走进伊春", "政务公开", "政务服务", "政民互动", "政务动态", "专题专栏"]
    assert news == ["要闻", "部门动态", "县区动态", "通知公告"]
    assert articles.count() == len(ARTICLES) >= 30
    for article in articles:
        assert article.first_published_at.year == 2026
        assert article.first_published_at <= timezone.now()
        assert Revision.page_revisions.filter(object_id=str(article.pk)).exists()


def test_home_page_shows_lead_news_notices_entries_and_footer(client: Client, portal: HomePage) -> None:
    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "汤旺河流域生态保护修复工程通过阶段验收" in html  # newest 要闻 leads
    assert "关于城区部分路段冬季道路施工期间交通管制的通告" in html  # newest 通知公告
    for entry in ("政务公开", "政务服务", "政民互动"):
        assert f"<strong>{entry}</strong>" in html
    assert "快捷链接" in html
    assert "网站标识码：2307000001" in html
    assert "黑ICP备2026000001号" in html
    assert "黑公网安备 23070202000001号" in html
    assert "主办单位：伊春市人民政府办公室" in html
    assert 'aria-current="page">首页</a>' in html


def test_home_page_shows_the_emergency_notice_only_when_set(client: Client, portal: HomePage) -> None:
    assert 'data-testid="emergency"' not in client.get("/").content.decode()

    portal.emergency_notice = "伊春市气象台发布寒潮蓝色预警，请注意防寒保暖。"
    portal.save_revision().publish()

    html = client.get("/").content.decode()
    assert 'data-testid="emergency"' in html
    assert "寒潮蓝色预警" in html


def test_home_page_lists_are_bounded_in_queries(
    client: Client, portal: HomePage, django_assert_max_num_queries: Any
) -> None:
    client.get("/")  # warm the site-root cache
    with django_assert_max_num_queries(25):
        client.get("/")


def test_section_page_lists_its_articles_newest_first_in_pages(client: Client, portal: HomePage) -> None:
    in_news = ArticlePage.objects.live().descendant_of(section("zwdt")).count()
    assert in_news > SECTION_PAGE_SIZE

    first = client.get("/zwdt/").content.decode()
    second = client.get("/zwdt/?page=2").content.decode()

    assert "市民政局为困难老人发放冬季取暖补贴" in first  # 2026-11-10, the newest in 政务动态
    assert "关于2026年元旦、春节期间政务服务大厅工作安排的公告" in second  # 2026-01-02, the oldest
    assert first.count("<h2><a href=") == SECTION_PAGE_SIZE
    assert 'rel="next"' in first and 'rel="prev"' in second
    for sub in ("要闻", "部门动态", "县区动态", "通知公告"):
        assert f">{sub}</a></li>" in first


def test_section_page_tolerates_bad_page_numbers(client: Client, portal: HomePage) -> None:
    assert client.get("/zwdt/?page=abc").status_code == 200
    last = client.get("/zwdt/?page=999")
    assert last.status_code == 200
    assert 'aria-current="page">2</span>' in last.content.decode()


def test_section_list_is_bounded_in_queries(
    client: Client, portal: HomePage, django_assert_max_num_queries: Any
) -> None:
    client.get("/zwdt/")
    with django_assert_max_num_queries(25):
        client.get("/zwdt/")


def test_section_page_leaves_out_unpublished_articles(client: Client, portal: HomePage) -> None:
    article = ArticlePage.objects.get(title="伊春市启动2026—2027年度供暖工作")
    article.unpublish()

    assert article.title not in client.get("/zwdt/yw/").content.decode()
    assert client.get(article.url_path.removeprefix("/yichun")).status_code == 404


def test_article_page_shows_title_date_source_and_body(client: Client, portal: HomePage) -> None:
    article = ArticlePage.objects.get(title="伊春市召开2026年森林草原防灭火工作会议")

    html = client.get(article.url).content.decode()

    assert f"<h1>{article.title}</h1>" in html
    assert '<time datetime="2026-03-12T17:20:00+08:00">2026-03-12 17:20</time>' in html
    assert "来源：伊春日报" in html
    assert "发布机构" not in html  # no agency in this database: nothing invented
    assert "坚持“打早、打小、打了”" in html


def test_publication_date_is_not_editable_and_survives_republishing(portal: HomePage) -> None:
    article = ArticlePage.objects.get(title="伊春概况")
    published = article.first_published_at
    form_class = ArticlePage.get_edit_handler().get_form_class()

    assert "first_published_at" not in form_class.base_fields
    assert "last_published_at" not in form_class.base_fields

    article.body = article.body + "<p>补充说明。</p>"
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.first_published_at == published


def test_first_publication_time_is_set_by_the_system(portal: HomePage) -> None:
    parent = section("yw")
    article = ArticlePage(title="新闻", slug="xinwen", body="<p>正文</p>", live=False)
    parent.add_child(instance=article)
    before = timezone.now()

    article.save_revision().publish()

    article.refresh_from_db()
    assert article.first_published_at >= before


def test_elder_mode_applies_to_portal_pages(client: Client, portal: HomePage) -> None:
    client.cookies[ELDER_COOKIE] = "1"

    assert 'class="elder"' in client.get("/zwdt/yw/").content.decode()


def test_searchables_yield_live_articles_as_search_documents(portal: HomePage) -> None:
    hidden = ArticlePage.objects.get(title="伊春概况")
    hidden.unpublish()

    documents = list(search.article_documents())

    live_articles = set(ArticlePage.objects.live().exact_type(ArticlePage).values_list("pk", flat=True))
    assert {int(document.object_id) for document in documents} == live_articles
    assert all(isinstance(document, SearchDocument) for document in documents)
    assert hidden.pk not in live_articles
    notices = list(search.notice_documents())
    notice = next(d for d in notices if d.title == "伊春市人民政府关于发布2026年春季森林防火戒严令的通告")
    assert notice.kind == "portal.notice"
    assert notice.column == str(SectionPage.objects.get(url_path__endswith="/zwdt/tzgg/").pk)  # the column's id
    assert notice.url.endswith("/zwdt/tzgg/20260314-131964/")
    assert "森林防火戒严期" in notice.body
    assert notice.published_at is not None and notice.published_at.year == 2026


@pytest.mark.django_db
def test_manifest_passes_the_system_checks() -> None:
    call_command("check")
