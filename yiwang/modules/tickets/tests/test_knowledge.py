"""知识库: articles per agency with an owner and a 复核日期, found by operators with Chinese search
(staff only, never public), created in one step from a good reply without the caller's personal data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from yiwang.core.audit.models import AuditEntry
from yiwang.core.search.selectors import search
from yiwang.modules.tickets import services
from yiwang.modules.tickets.models import KnowledgeArticle, Ticket
from yiwang.modules.tickets.selectors import knowledge as knowledge_selectors
from yiwang.modules.tickets.services import knowledge
from yiwang.testing.personas import World

from .factories import PHONE, heating, submit
from .test_staff_views import _denied

pytestmark = pytest.mark.django_db

TITLE = "城市低保申请需要哪些材料"
BODY = "申请最低生活保障需提交户口簿、身份证和家庭收入证明，向户籍所在地街道办事处提出。"
REPLY = "经核查，供热公司已于12月5日更换3号楼循环泵，室温已达18度以上。如仍有问题请拨打0458-3612345。"


def _article(world: World, **overrides: Any) -> KnowledgeArticle:
    values: dict[str, Any] = {
        "actor": world.city_clerk,
        "agency": world.city_civil_affairs,
        "title": TITLE,
        "body": BODY,
    }
    values.update(overrides)
    return knowledge.create_article(**values)


def _replied(world: World, **overrides: Any) -> Ticket:
    ticket = submit(citizen=world.citizen, **overrides)
    ticket = services.dispatch_ticket(ticket=ticket, agency=world.city_civil_affairs, actor=world.dispatcher)
    ticket = services.draft_reply(ticket=ticket, actor=world.city_clerk, content=REPLY)
    return services.approve_reply(ticket=ticket, actor=world.leader)


# --- services ----------------------------------------------------------------------------------


def test_a_clerk_creates_an_article_of_their_agency_owned_by_them_with_the_default_review_date(
    desk: World, settings: Any
) -> None:
    settings.YIWANG_TICKETS = {"KNOWLEDGE_REVIEW_DAYS": 90}
    article = _article(desk)
    assert article.owner == desk.city_clerk and article.agency == desk.city_civil_affairs
    assert article.review_on == timezone.localdate() + timedelta(days=90)
    assert AuditEntry.objects.filter(event="tickets.knowledge.create", object_id=str(article.pk)).exists()


def test_a_clerk_cannot_create_an_article_for_another_agency(desk: World) -> None:
    with pytest.raises(knowledge.KnowledgeRefused):
        _article(desk, actor=desk.jiayin_clerk)
    assert not KnowledgeArticle.objects.exists()


def test_an_article_without_a_title_or_body_is_refused_with_chinese_messages(desk: World) -> None:
    with pytest.raises(ValidationError) as refused:
        _article(desk, title="  ", body="")
    assert refused.value.message_dict == {"title": ["请填写标题。"], "body": ["请填写内容。"]}
    assert not KnowledgeArticle.objects.exists()


def test_a_clerk_of_another_agency_cannot_edit_or_archive_the_article(desk: World) -> None:
    article = _article(desk)
    with pytest.raises(knowledge.KnowledgeRefused):
        knowledge.update_article(
            article=article, actor=desk.jiayin_clerk, title="改", body="改", category=None, review_on=None
        )
    with pytest.raises(knowledge.KnowledgeRefused):
        knowledge.archive_article(article=article, actor=desk.jiayin_clerk)
    article.refresh_from_db()
    assert article.title == TITLE and article.archived_at is None


def test_an_edit_with_a_new_review_date_clears_the_due_mark(desk: World) -> None:
    article = _article(desk, review_on=date(2020, 1, 1))
    assert knowledge_selectors.is_due(article)
    later = timezone.localdate() + timedelta(days=30)
    article = knowledge.update_article(
        article=article, actor=desk.leader, title=TITLE, body=BODY + "（已复核）", category=heating(), review_on=later
    )
    assert not knowledge_selectors.is_due(article) and article.category == heating()
    entry = AuditEntry.objects.get(event="tickets.knowledge.update")
    assert entry.detail["review_on"]["after"] == later.isoformat() and "body" in entry.detail["changed"]


# --- selectors ---------------------------------------------------------------------------------


def test_articles_past_their_review_date_are_listed_for_their_owner_only(desk: World) -> None:
    overdue = _article(desk, review_on=date(2020, 1, 1))
    _article(desk, title="尚未到期的条目", review_on=timezone.localdate() + timedelta(days=10))
    _article(desk, title="别人的过期条目", actor=desk.leader, review_on=date(2020, 1, 1))
    assert list(knowledge_selectors.list_due_for_owner(desk.city_clerk)) == [overdue]
    assert {a.title for a in knowledge_selectors.list_articles(desk.operator, due=True)} == {TITLE, "别人的过期条目"}


def test_the_list_filters_by_agency_and_leaves_archived_articles_out(desk: World) -> None:
    city = _article(desk)
    jiayin = _article(desk, actor=desk.jiayin_clerk, agency=desk.jiayin_civil_affairs, title="嘉荫县临时救助")
    knowledge.archive_article(article=_article(desk, title="已废止的口径"), actor=desk.city_clerk)
    assert set(knowledge_selectors.list_articles(desk.operator)) == {city, jiayin}
    assert list(knowledge_selectors.list_articles(desk.operator, agency_id=desk.jiayin_civil_affairs.pk)) == [jiayin]
    assert [a.title for a in knowledge_selectors.list_articles(desk.operator, archived=True)] == ["已废止的口径"]
    assert not knowledge_selectors.list_articles(desk.citizen).exists()


# --- search ------------------------------------------------------------------------------------


def test_an_operator_finds_a_knowledge_article_by_a_chinese_word(
    desk: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        article = _article(desk)
        _article(desk, title="供热收费标准", body="居民供热按建筑面积收费。")
    results = knowledge_selectors.search_articles(desk.operator, "户口簿")  # a word of the body, not the title
    assert results is not None
    assert [hit.object_id for hit in results.hits] == [str(article.pk)]
    assert "<mark>" in results.hits[0].snippet_html


def test_knowledge_articles_are_never_found_by_the_public_or_a_citizen(
    desk: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _article(desk)
    assert search("低保").total == 0
    assert search("低保", user=desk.citizen).total == 0
    assert knowledge_selectors.search_articles(desk.citizen, "低保") is None
    assert knowledge_selectors.search_articles(desk.operator, "低保").total == 1  # type: ignore[union-attr]


def test_an_archived_article_leaves_the_search(desk: World, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        article = _article(desk)
    with django_capture_on_commit_callbacks(execute=True):
        knowledge.archive_article(article=article, actor=desk.city_clerk)
    assert knowledge_selectors.search_articles(desk.operator, "低保").total == 0  # type: ignore[union-attr]


def test_a_rebuild_indexes_the_active_articles(desk: World) -> None:
    article = _article(desk)
    assert [d.object_id for d in knowledge_selectors.article_documents()] == [str(article.pk)]


# --- 存入知识库 ---------------------------------------------------------------------------------


def test_an_article_is_made_from_a_reply_without_the_callers_personal_data(desk: World) -> None:
    ticket = _replied(
        desk,
        content=f"我是张伟，电话{PHONE}，住伊春市伊美区朝阳小区3号楼，身份证230702199001011234，室温不达标。",
    )
    article = knowledge.create_article_from_reply(ticket=ticket, actor=desk.city_clerk)
    assert article.agency == desk.city_civil_affairs and article.owner == desk.city_clerk
    assert article.source_ticket == ticket and article.category == ticket.category
    assert article.title == ticket.title and "循环泵" in article.body and "室温不达标" in article.body
    for personal in ("张伟", PHONE, "伊春市伊美区朝阳小区3号楼", "230702199001011234"):
        assert personal not in article.body


def test_a_ticket_without_an_approved_reply_cannot_be_saved_to_the_knowledge_base(desk: World) -> None:
    ticket = services.dispatch_ticket(ticket=submit(), agency=desk.city_civil_affairs, actor=desk.dispatcher)
    with pytest.raises(knowledge.KnowledgeRefused):
        knowledge.create_article_from_reply(ticket=ticket, actor=desk.city_clerk)


def test_only_staff_of_the_main_agency_save_its_reply(desk: World) -> None:
    with pytest.raises(knowledge.KnowledgeRefused):
        knowledge.create_article_from_reply(ticket=_replied(desk), actor=desk.jiayin_clerk)


# --- views -------------------------------------------------------------------------------------


def test_a_citizen_and_staff_without_the_verb_are_refused_the_knowledge_base(
    desk: World, login: Callable[[Any], Client]
) -> None:
    url = reverse("tickets_knowledge_list")
    assert _denied(login(desk.citizen).get(url))
    assert _denied(login(desk.office_director).get(url))  # 办公室主任: no tickets.knowledge
    assert login(desk.operator).get(url).status_code == 200


def test_the_list_searches_by_a_chinese_word(
    desk: World, login: Callable[[Any], Client], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _article(desk)
    response = login(desk.operator).get(reverse("tickets_knowledge_list"), {"q": "身份证"})
    assert response.status_code == 200 and TITLE in response.content.decode()


def test_a_clerk_creates_an_article_and_bad_input_keeps_the_text(desk: World, login: Callable[[Any], Client]) -> None:
    client = login(desk.city_clerk)
    url = reverse("tickets_knowledge_new")
    refused = client.post(url, {"agency": desk.city_civil_affairs.pk, "title": "", "body": BODY})
    assert refused.status_code == 400
    assert "请填写标题。" in refused.content.decode() and "家庭收入证明" in refused.content.decode()
    assert not KnowledgeArticle.objects.exists()
    done = client.post(url, {"agency": desk.city_civil_affairs.pk, "title": TITLE, "body": BODY})
    article = KnowledgeArticle.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("tickets_knowledge_article", args=[article.pk])


def test_a_clerk_of_another_agency_reads_but_cannot_edit_the_article(
    desk: World, login: Callable[[Any], Client]
) -> None:
    article = _article(desk)
    client = login(desk.jiayin_clerk)
    assert client.get(reverse("tickets_knowledge_article", args=[article.pk])).status_code == 200
    assert _denied(client.get(reverse("tickets_knowledge_edit", args=[article.pk])))
    assert _denied(client.post(reverse("tickets_knowledge_edit", args=[article.pk]), {"title": "改", "body": "改"}))
    assert _denied(client.post(reverse("tickets_knowledge_archive", args=[article.pk])))
    article.refresh_from_db()
    assert article.title == TITLE and article.archived_at is None


def test_the_owner_edits_the_article_and_bad_input_is_refused_with_the_text_kept(
    desk: World, login: Callable[[Any], Client]
) -> None:
    article = _article(desk)
    client = login(desk.city_clerk)
    url = reverse("tickets_knowledge_edit", args=[article.pk])
    refused = client.post(url, {"title": TITLE, "body": "", "review_on": "2027-13-40"})
    assert refused.status_code == 400 and "请填写正确的日期" in refused.content.decode()
    assert client.post(url, {"title": TITLE, "body": BODY + "新增", "review_on": "2027-06-30"}).status_code == 302
    article.refresh_from_db()
    assert article.body.endswith("新增") and article.review_on == date(2027, 6, 30)


def test_the_save_to_knowledge_button_makes_the_article_in_one_post_and_opens_its_edit_page(
    desk: World, login: Callable[[Any], Client]
) -> None:
    ticket = _replied(desk)
    client = login(desk.city_clerk)
    page = client.get(reverse("tickets_staff_ticket", args=[ticket.pk])).content.decode()
    assert "存入知识库" in page
    response = client.post(reverse("tickets_knowledge_from_ticket", args=[ticket.pk]))
    article = KnowledgeArticle.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("tickets_knowledge_edit", args=[article.pk])
    assert article.source_ticket == ticket


def test_the_save_to_knowledge_button_is_refused_to_another_agency(desk: World, login: Callable[[Any], Client]) -> None:
    ticket = _replied(desk)
    response = login(desk.jiayin_clerk).post(reverse("tickets_knowledge_from_ticket", args=[ticket.pk]))
    assert response.status_code == 404 or _denied(response)
    assert not KnowledgeArticle.objects.exists()


def test_the_public_search_page_does_not_offer_the_knowledge_base_as_a_category(client: Client) -> None:
    page = client.get("/search/").content.decode()
    assert 'value="portal.article"' in page and 'value="tickets.knowledge"' not in page
