"""The search service end to end: services log changes, the index applies them, search() reads."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from yiwang.core.search import services
from yiwang.core.search.models import SearchChange
from yiwang.core.search.selectors import search
from yiwang.core.search.types import SearchFilters
from yiwang.testing.factories import MembershipFactory, RoleFactory

from .conftest import SHANGHAI, make_doc

pytestmark = pytest.mark.django_db


def ids(results):
    return [hit.object_id for hit in results.hits]


def test_a_published_article_is_found_by_two_and_four_character_words(index):
    index([make_doc(1, "关于做好2025年冬季供暖工作的通知", "各县（市、区）人民政府：为保障群众温暖过冬……")])
    assert ids(search("供暖")) == ["1"]
    assert ids(search("冬季供暖")) == ["1"]
    assert ids(search("温暖过冬")) == ["1"]
    assert search("防汛").total == 0


def test_a_title_match_outranks_a_body_match(index):
    index(
        [
            make_doc(1, "全市工作会议召开", "会议要求抓好森林防火工作。" + "其他事项。" * 20),
            make_doc(2, "森林防火工作部署", "会议部署相关工作。" + "其他事项。" * 20),
        ]
    )
    assert ids(search("森林防火")) == ["2", "1"]


def test_the_exact_phrase_outranks_the_same_words_apart(index):
    index(
        [
            make_doc(1, "通知", "营商工作有进展，环境持续改善。"),
            make_doc(2, "通知", "持续优化营商环境。"),
        ]
    )
    assert ids(search("营商环境")) == ["2", "1"]


def test_a_name_is_found_whatever_way_the_sentence_was_segmented(index):
    index([make_doc(1, "林业工作调研", "副市长王小明到铁力市调研林下经济。")])
    assert ids(search("王小明")) == ["1"]
    assert ids(search("林下经济")) == ["1"]


def test_every_space_separated_term_must_match(index):
    index([make_doc(1, "最低生活保障标准调整", "提高城乡低保标准"), make_doc(2, "冬季供暖", "保障供暖")])
    assert ids(search("保障 供暖")) == ["2"]
    assert ids(search("最低生活保障")) == ["1"]


def test_an_exact_doc_number_is_found_first_however_the_brackets_are_typed(index):
    index(
        [
            make_doc(1, "关于印发实施方案的通知", "详见附件。", doc_number="伊政发〔2025〕12号"),
            make_doc(2, "解读", "《伊政发〔2025〕12号》文件解读。"),
            make_doc(3, "另一个文件", "正文", doc_number="伊政发〔2025〕112号"),
        ]
    )
    for query in ("伊政发〔2025〕12号", "伊政发[2025]12号", "伊政发（2025）12号"):
        found = ids(search(query))
        assert found[0] == "1"
        assert "3" not in found


def test_an_index_number_is_matched_exactly(index):
    index(
        [
            make_doc(1, "政府网站发展指引", "正文", index_number="000014349/2017-00110"),
            make_doc(2, "其他文件", "正文", index_number="000014349/2017-00111"),
        ]
    )
    assert ids(search("000014349/2017-00110"))[0] == "1"


def test_titles_and_snippets_are_escaped_and_marked(index):
    index([make_doc(1, "<b>森林防火</b>通告", "请注意<script>alert(1)</script>森林防火，严禁野外用火。")])
    hit = search("森林防火").hits[0]
    assert hit.title_html == "&lt;b&gt;<mark>森林防火</mark>&lt;/b&gt;通告"
    assert "<script>" not in hit.snippet_html
    assert "&lt;/script&gt;" in hit.snippet_html
    assert "<mark>森林防火</mark>" in hit.snippet_html


def test_the_snippet_is_taken_from_where_the_terms_are(index):
    body = "前言部分。" * 60 + "本市冬季供暖期为10月20日至次年4月20日。" + "结尾部分。" * 60
    index([make_doc(1, "通知", body)])
    snippet = search("冬季供暖").hits[0].snippet_html
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>冬季供暖</mark>" in snippet


def test_filters_narrow_by_kind_site_column_agency_and_date(index, world):
    civil, jiayin = world.city_civil_affairs.id, world.jiayin_civil_affairs.id
    index(
        [
            make_doc(
                1,
                "林业通知",
                kind="portal.article",
                site="230700",
                column="tzgg",
                agency_id=civil,
                published_at=datetime(2025, 1, 10, 8, 0, tzinfo=SHANGHAI),
            ),
            make_doc(
                2,
                "林业政策",
                kind="disclosure.item",
                site="230722",
                column="zcwj",
                agency_id=jiayin,
                published_at=datetime(2025, 3, 1, 0, 30, tzinfo=SHANGHAI),
            ),
            make_doc(
                3,
                "林业动态",
                kind="portal.article",
                site="230722",
                column="tzgg",
                agency_id=jiayin,
                published_at=datetime(2024, 12, 31, 23, 30, tzinfo=SHANGHAI),
            ),
        ]
    )
    assert set(ids(search("林业", filters=SearchFilters(kinds=("portal.article",))))) == {"1", "3"}
    assert set(ids(search("林业", filters=SearchFilters(sites=("230722",))))) == {"2", "3"}
    assert set(ids(search("林业", filters=SearchFilters(columns=("zcwj",))))) == {"2"}
    assert set(ids(search("林业", filters=SearchFilters(agency_ids=(civil,))))) == {"1"}
    # Dates are local (Asia/Shanghai) and both ends are inclusive.
    in_2025 = SearchFilters(date_from=date(2025, 1, 1), date_to=date(2025, 3, 1))
    assert set(ids(search("林业", filters=in_2025))) == {"1", "2"}
    assert ids(search("", filters=SearchFilters(date_to=date(2024, 12, 31)))) == ["3"]


def test_results_sort_by_date_newest_first_and_page(index):
    index(
        [
            make_doc(i, f"政务服务事项{i}", "政务服务", published_at=datetime(2025, 1, i, tzinfo=SHANGHAI))
            for i in range(1, 13)
        ]
    )
    first = search("政务服务", sort="date", per_page=5)
    assert ids(first) == ["12", "11", "10", "9", "8"]
    assert first.total == 12 and first.num_pages == 3 and first.has_next
    last = search("政务服务", sort="date", per_page=5, page=3)
    assert ids(last) == ["2", "1"] and not last.has_next


def test_unpublishing_removes_a_document_and_republishing_replaces_it(index, django_capture_on_commit_callbacks):
    index([make_doc(1, "营商环境评价", "旧内容")])
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_document("portal.article", 1)
    assert search("营商环境").total == 0
    index([make_doc(1, "营商环境评价", "新内容")])
    index([make_doc(1, "营商环境评价（修订）", "新内容")])
    results = search("营商环境")
    assert results.total == 1 and results.hits[0].title == "营商环境评价（修订）"


def test_a_rolled_back_change_is_never_indexed(db, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.index_document(make_doc(1, "不应出现", "回滚"))
        raise RuntimeError("the publishing service failed")
    assert SearchChange.objects.count() == 0
    assert search("不应出现").total == 0


def test_the_public_and_citizens_see_only_public_documents(index, world):
    index(
        [
            make_doc(1, "低保资金公示", public=True, agency_id=world.city_civil_affairs.id),
            make_doc(2, "低保资金内部审核", public=False, agency_id=world.city_civil_affairs.id),
        ]
    )
    assert ids(search("低保资金")) == ["1"]
    assert ids(search("低保资金", user=world.citizen)) == ["1"]


def test_staff_see_non_public_documents_only_within_their_agency_scope(index, world):
    # Clerks hold portal.view in their own agency; the dispatcher holds it over the whole city subtree.
    index(
        [
            make_doc(1, "低保资金内部审核（市）", public=False, agency_id=world.city_civil_affairs.id),
            make_doc(2, "低保资金内部审核（嘉荫）", public=False, agency_id=world.jiayin_civil_affairs.id),
            make_doc(3, "低保资金公示", public=True, agency_id=world.jiayin_civil_affairs.id),
            # Another module's internal document: portal.view does not reach it.
            make_doc(
                4, "低保资金内部台账", kind="office.document", public=False, agency_id=world.city_civil_affairs.id
            ),
        ]
    )
    assert set(ids(search("低保资金", user=world.city_clerk))) == {"1", "3"}
    assert set(ids(search("低保资金", user=world.jiayin_clerk))) == {"2", "3"}
    assert set(ids(search("低保资金", user=world.dispatcher))) == {"1", "2", "3"}
    assert set(ids(search("低保资金", user=world.audit_admin))) == {"3"}


def test_a_grant_of_another_modules_view_verb_opens_that_modules_documents(index, world):
    viewer = RoleFactory(code="office-viewer", name="公文查看", verbs=["office.view"])
    MembershipFactory(user=world.city_clerk, agency=world.city_civil_affairs, role=viewer)
    index(
        [make_doc(4, "低保资金内部台账", kind="office.document", public=False, agency_id=world.city_civil_affairs.id)]
    )
    assert ids(search("低保资金", user=world.city_clerk)) == ["4"]
    assert ids(search("低保资金", user=world.jiayin_clerk)) == []


def test_an_unknown_sort_is_refused(db):
    with pytest.raises(ValueError, match="排序"):
        search("林业", sort="popularity")  # type: ignore[arg-type]


def test_facets_count_matches_by_kind(index):
    index(
        [
            make_doc(1, "林业", kind="portal.article"),
            make_doc(2, "林业", kind="portal.article"),
            make_doc(3, "林业", kind="disclosure.item"),
        ]
    )
    assert search("林业", facets=True).facets["kind"] == {"portal.article": 2, "disclosure.item": 1}


def test_common_abbreviations_find_the_full_term_and_back(index):
    index(
        [
            make_doc(1, "城乡最低生活保障标准调整", "提高保障标准。"),
            make_doc(2, "低保对象名单公示", "公示期七天。"),
            make_doc(3, "市住房和城乡建设局通知", "供暖收费。"),
        ]
    )
    assert set(ids(search("低保"))) == {"1", "2"}
    assert set(ids(search("最低生活保障"))) == {"1", "2"}
    assert ids(search("住建局")) == ["3"]
    assert "<mark>最低生活保障</mark>" in search("低保").hits[0].title_html + search("低保").hits[1].title_html


def test_deployments_add_their_own_synonyms(index, settings):
    settings.YIWANG_SEARCH = {**settings.YIWANG_SEARCH, "SYNONYMS": [("林草局", "林业和草原局")]}
    index([make_doc(1, "市林业和草原局关于森林防火的通告")])
    assert ids(search("林草局")) == ["1"]
