"""Reads of the 知识库: the staff list and its filters, one article, what is due for 复核, and the
Chinese search operators use (the one core search service)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from yiwang.core.orgs.models import Agency
from yiwang.core.permissions import access
from yiwang.core.search.selectors import search
from yiwang.core.search.types import SearchDocument, SearchFilters, SearchResults, Visibility

from ..models import KnowledgeArticle, Ticket
from ..services.knowledge import KNOWLEDGE_VERB, SEARCH_KIND, article_document

PAGE_SIZE = 50


def can_use_knowledge(user: Any) -> bool:
    """Staff holding `tickets.knowledge` anywhere read every agency's articles (the hotline answers
    for all of them); they write only in the agencies where they hold it."""
    return access.can(user, KNOWLEDGE_VERB)


def can_edit_article(user: Any, article: KnowledgeArticle) -> bool:
    return not article.is_archived and access.can(user, KNOWLEDGE_VERB, agency_id=article.agency_id)


def can_save_reply(user: Any, ticket: Ticket) -> bool:
    """存入知识库 is offered on a replied ticket to staff maintaining its 主办 agency's articles."""
    return (
        ticket.status in (Ticket.Status.REPLIED, Ticket.Status.CLOSED)
        and bool(ticket.reply)
        and ticket.agency_id is not None
        and access.can(user, KNOWLEDGE_VERB, agency_id=ticket.agency_id)
    )


def is_due(article: KnowledgeArticle, *, today: date | None = None) -> bool:
    """过期待复核: the 复核日期 has passed."""
    return not article.is_archived and article.review_on < (today or timezone.localdate())


def list_articles(
    user: Any,
    *,
    agency_id: int | None = None,
    due: bool = False,
    mine: bool = False,
    archived: bool = False,
    today: date | None = None,
) -> QuerySet[KnowledgeArticle]:
    """知识库列表 with its filters (paginate the result); due first by 复核日期 when `due`."""
    if not can_use_knowledge(user):
        return KnowledgeArticle.objects.none()
    articles = KnowledgeArticle.objects.select_related("agency", "owner", "category", "category__parent")
    articles = articles.filter(archived_at__isnull=not archived)
    if agency_id:
        articles = articles.filter(agency_id=agency_id)
    if mine:
        articles = articles.filter(owner_id=user.pk)
    if due:
        return articles.filter(review_on__lt=today or timezone.localdate()).order_by("review_on", "id")
    return articles.order_by("-updated_at", "-id")


def list_due_for_owner(user: Any, *, today: date | None = None) -> QuerySet[KnowledgeArticle]:
    """The articles `user` owns whose 复核日期 has passed, the oldest first."""
    return list_articles(user, mine=True, due=True, today=today)


def get_article(user: Any, article_id: int) -> KnowledgeArticle:
    """One article (archived ones too) for staff holding the verb anywhere, else Http404."""
    article = (
        KnowledgeArticle.objects.select_related("agency", "owner", "category", "source_ticket")
        .filter(pk=article_id)
        .first()
    )
    if article is None or not can_use_knowledge(user):
        raise Http404("知识库条目不存在")
    return article


def list_knowledge_agencies(user: Any) -> QuerySet[Agency]:
    """The agencies where `user` may create articles (the create form's choices)."""
    return access.filter_permitted(user, KNOWLEDGE_VERB, Agency.objects.filter(is_active=True), agency_field="pk")


def search_articles(user: Any, query: str, *, page: int = 1, per_page: int = 10) -> SearchResults | None:
    """检索知识库 — Chinese full-text search over the active articles of every agency, for staff
    holding the verb; None for anyone else (articles are never public)."""
    if not can_use_knowledge(user):
        return None
    return search(
        query,
        filters=SearchFilters(kinds=(SEARCH_KIND,)),
        page=page,
        per_page=per_page,
        # Shared beyond the owner's agency: every operator answers with every agency's articles.
        visibility=Visibility(modules=(("tickets", None),)),
    )


def article_documents() -> Iterator[SearchDocument]:
    """Every active article (a full rebuild of the search index)."""
    for article in KnowledgeArticle.objects.filter(archived_at__isnull=True).order_by("pk").iterator(chunk_size=500):
        yield article_document(article)
