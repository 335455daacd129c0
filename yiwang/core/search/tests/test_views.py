"""The public search page /search/ (站内搜索)."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.db import transaction

from yiwang.core.search import services
from yiwang.testing.auth import sign_in, sign_in_browser

from .conftest import SHANGHAI, make_doc

URL = "/search/"


@pytest.fixture
def content(index, world):
    index(
        [
            make_doc(
                1,
                "关于做好2025年冬季供暖工作的通知",
                "为保障群众温暖过冬，现就冬季供暖工作通知如下。",
                doc_number="伊政发〔2025〕12号",
                agency_id=world.city_government.id,
            ),
            make_doc(
                2, "冬季供暖内部督办单", "督办冬季供暖问题。", public=False, agency_id=world.city_civil_affairs.id
            ),
            make_doc(
                3,
                "森林防火通告",
                "严禁野外用火。",
                kind="disclosure.item",
                published_at=datetime(2024, 4, 1, tzinfo=SHANGHAI),
            ),
        ]
    )
    return world


@pytest.mark.django_db
def test_the_public_finds_published_content_with_highlighted_titles(client, content):
    response = client.get(URL, {"q": "冬季供暖"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "共找到 <strong>1</strong> 条结果" in html
    assert "<mark>冬季供暖</mark>" in html
    assert "伊政发〔2025〕12号" in html and "伊春市人民政府" in html
    assert "内部督办单" not in html


@pytest.mark.django_db
def test_staff_also_find_internal_content_of_their_agency(client, content):
    sign_in(client, content.city_clerk)
    html = client.get(URL, {"q": "冬季供暖"}).content.decode()
    assert "内部督办单" in html and "共找到 <strong>2</strong> 条结果" in html


@pytest.mark.django_db
def test_the_query_is_escaped_on_the_page(client, content):
    html = client.get(URL, {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.django_db
def test_a_reversed_date_range_is_refused_with_the_input_kept(client, content):
    response = client.get(URL, {"q": "冬季供暖", "date_from": "2025-12-31", "date_to": "2025-01-01"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in html
    assert 'value="冬季供暖"' in html and 'value="2025-12-31"' in html
    assert "条结果" not in html


@pytest.mark.django_db
def test_filters_and_sort_come_from_the_query_string(client, content):
    html = client.get(URL, {"q": "通", "kind": "disclosure.item", "sort": "date"}).content.decode()
    assert "森林防火" in html and "冬季供暖工作的通知" not in html


@pytest.mark.django_db
def test_the_empty_page_asks_for_a_query(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert "条结果" not in response.content.decode()


@pytest.mark.django_db
def test_htmx_requests_get_only_the_results(client, content):
    html = client.get(URL, {"q": "冬季供暖"}, HTTP_HX_REQUEST="true").content.decode()
    assert html.lstrip().startswith('<section id="search-results"')
    assert "<html" not in html


@pytest.mark.django_db
def test_results_are_paged(client, index):
    index([make_doc(i, f"政务服务事项第{i}号", "政务服务") for i in range(1, 25)])
    page2 = client.get(URL, {"q": "政务服务", "page": 2}).content.decode()
    assert "第 2/3 页" in page2 and 'rel="prev"' in page2 and 'rel="next"' in page2


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_citizen_searches_filters_and_pages_accessibly(page, axe, live_server, world):
    with transaction.atomic():
        services.index_documents(
            [make_doc(i, f"关于做好森林防火工作的通知（第{i}期）", "森林防火，人人有责。") for i in range(1, 13)]
            + [make_doc(99, "冬季供暖服务指南", "供暖报修电话。", kind="disclosure.item")]
        )
    page.goto(URL)
    axe(page)
    form = page.get_by_role("search", name="检索条件")
    form.get_by_label("关键词").fill("森林防火")
    form.get_by_role("button", name="搜索").click()
    page.get_by_text("共找到").wait_for()
    assert page.locator(".search-hit").count() == 10
    assert page.locator(".search-hit mark").first.inner_text() == "森林防火"
    axe(page)
    page.get_by_role("link", name="下一页").click()
    page.get_by_text("第 2/2 页").wait_for()
    assert page.locator(".search-hit").count() == 2
    form = page.get_by_role("search", name="检索条件")
    form.get_by_label("关键词").fill("供暖")
    form.get_by_role("button", name="搜索").click()
    page.wait_for_function("document.querySelectorAll('.search-hit').length === 1")
    assert "冬季供暖服务指南" in page.locator(".search-hit h3").inner_text()
    axe(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_search_shows_internal_documents_marked_as_internal(page, axe, live_server, world):
    services.index_document(
        make_doc(1, "低保资金内部审核", "审核意见", public=False, agency_id=world.city_civil_affairs.id)
    )
    sign_in_browser(page, live_server.url, world.city_clerk)
    page.goto(f"{URL}?q=低保资金")
    assert page.locator(".search-hit .badge").inner_text() == "内部"
    axe(page)
