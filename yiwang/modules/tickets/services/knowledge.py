"""Writes of the 知识库 (knowledge base): create, edit and archive an article, and 存入知识库 — an
article made in one step from a good reply. Each is one transaction with its audit entry; the
search index follows through the change log of the one search service."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from yiwang.common.masking import mask_in_text
from yiwang.core.audit import services as audit
from yiwang.core.orgs.models import Agency
from yiwang.core.permissions import access
from yiwang.core.search import services as search_index
from yiwang.core.search.types import SearchDocument

from ..models import Category, KnowledgeArticle, Ticket

KNOWLEDGE_VERB = "tickets.knowledge"
SEARCH_KIND = "tickets.knowledge"
TITLE_MAX = 100
BODY_MAX = 10000
# [R] No rule fixes how often an answer is re-checked; a year unless settings.YIWANG_TICKETS
# ["KNOWLEDGE_REVIEW_DAYS"] says otherwise.
DEFAULT_REVIEW_DAYS = 365
NAME_PLACEHOLDER, PHONE_PLACEHOLDER, ADDRESS_PLACEHOLDER = "（姓名略）", "（电话略）", "（地址略）"


class KnowledgeRefused(Exception):
    """The actor may not do this to the article; nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def review_days() -> int:
    return int(getattr(settings, "YIWANG_TICKETS", {}).get("KNOWLEDGE_REVIEW_DAYS", DEFAULT_REVIEW_DAYS))


def default_review_on(today: date | None = None) -> date:
    """复核日期 of a new article: today plus the configured interval."""
    return (today or timezone.localdate()) + timedelta(days=review_days())


def article_document(article: KnowledgeArticle) -> SearchDocument:
    """The article as the search service holds it: staff only (never public), under its agency."""
    return SearchDocument(
        kind=SEARCH_KIND,
        object_id=str(article.pk),
        title=article.title,
        body=article.body,
        url=reverse("tickets_knowledge_article", args=[article.pk]),
        public=False,
        agency_id=article.agency_id,
        published_at=article.updated_at,
    )


def _clean(*, title: str, body: str, review_on: date | None) -> tuple[str, str, date]:
    title, body = (title or "").strip(), (body or "").strip()
    errors: dict[str, list[ValidationError]] = {}
    if not title:
        errors["title"] = [ValidationError("请填写标题。")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [ValidationError(f"标题不能超过 {TITLE_MAX} 个字（现为 {len(title)} 个字）。")]
    if not body:
        errors["body"] = [ValidationError("请填写内容。")]
    elif len(body) > BODY_MAX:
        errors["body"] = [ValidationError(f"内容不能超过 {BODY_MAX} 个字（现为 {len(body)} 个字）。")]
    if errors:
        raise ValidationError(errors)
    return title, body, review_on or default_review_on()


def _require(actor: Any, agency_id: int | None) -> None:
    if agency_id is None or not access.can(actor, KNOWLEDGE_VERB, agency_id=agency_id):
        raise KnowledgeRefused("您无权维护该单位的知识库。")


def create_article(
    *,
    actor: Any,
    agency: Agency,
    title: str,
    body: str,
    category: Category | None = None,
    review_on: date | None = None,
    source_ticket: Ticket | None = None,
    ip: str | None = None,
) -> KnowledgeArticle:
    """新建知识库条目, owned by `actor`, for an agency where the actor maintains the knowledge base.

    Raises `KnowledgeRefused` without the verb there and `ValidationError` (Chinese field messages)
    for bad input."""
    _require(actor, agency.pk)
    title, body, review_on = _clean(title=title, body=body, review_on=review_on)
    with transaction.atomic():
        article = KnowledgeArticle.objects.create(
            agency=agency,
            owner=actor,
            title=title,
            body=body,
            category=category,
            review_on=review_on,
            source_ticket=source_ticket,
        )
        audit.record(
            event="tickets.knowledge.create",
            actor=actor,
            obj=article,
            ip=ip,
            detail={"agency": agency.pk, "source_ticket": source_ticket.pk if source_ticket else None},
        )
        search_index.index_document(article_document(article))
    return article


def update_article(
    *,
    article: KnowledgeArticle,
    actor: Any,
    title: str,
    body: str,
    category: Category | None,
    review_on: date | None,
    ip: str | None = None,
) -> KnowledgeArticle:
    """修改 (and 复核: a new 复核日期) — by staff holding the verb in the article's agency."""
    _require(actor, article.agency_id)
    title, body, review_on = _clean(title=title, body=body, review_on=review_on)
    with transaction.atomic():
        article = KnowledgeArticle.objects.select_for_update().get(pk=article.pk)
        if article.is_archived:
            raise KnowledgeRefused("该条目已归档，不能修改。")
        changed = [
            name
            for name, value in (("title", title), ("body", body), ("category_id", category.pk if category else None))
            if getattr(article, name) != value
        ]
        before_review = article.review_on
        article.title, article.body, article.category, article.review_on = title, body, category, review_on
        article.save()
        audit.record(
            event="tickets.knowledge.update",
            actor=actor,
            obj=article,
            ip=ip,
            detail={
                "changed": changed,
                "review_on": {"before": before_review.isoformat(), "after": review_on.isoformat()},
            },
        )
        search_index.index_document(article_document(article))
    return article


def archive_article(*, article: KnowledgeArticle, actor: Any, ip: str | None = None) -> KnowledgeArticle:
    """归档: the article leaves the search and the active list; it is kept for the record."""
    _require(actor, article.agency_id)
    with transaction.atomic():
        article = KnowledgeArticle.objects.select_for_update().get(pk=article.pk)
        if article.is_archived:
            raise KnowledgeRefused("该条目已归档。")
        article.archived_at = timezone.now()
        article.save(update_fields=["archived_at", "updated_at"])
        audit.record(event="tickets.knowledge.archive", actor=actor, obj=article, ip=ip, detail={})
        search_index.remove_document(SEARCH_KIND, article.pk)
    return article


def without_personal_data(text: str, ticket: Ticket) -> str:
    """The text with the caller's name, phone and address taken out, and any other ID number, phone
    number or e-mail address masked — a knowledge-base answer speaks of the matter, not the person."""
    value = text or ""
    for known, placeholder in (
        (ticket.contact_phone, PHONE_PLACEHOLDER),
        (ticket.address, ADDRESS_PLACEHOLDER),
        (ticket.contact_name, NAME_PLACEHOLDER),
    ):
        known = (known or "").strip()
        if len(known) >= 2:  # a one-character "name" would blank out ordinary words
            value = value.replace(known, placeholder)
    return mask_in_text(value)


def article_from_reply(ticket: Ticket) -> dict[str, Any]:
    """The prefilled title and body of 存入知识库: the question and the approved reply."""
    question = without_personal_data(ticket.content, ticket)
    answer = without_personal_data(ticket.reply, ticket)
    return {
        "title": without_personal_data(ticket.title, ticket)[:TITLE_MAX],
        "body": f"问：{question}\n\n答：{answer}",
    }


def create_article_from_reply(*, ticket: Ticket, actor: Any, ip: str | None = None) -> KnowledgeArticle:
    """存入知识库: one step from a replied ticket to an article of its 主办 agency, owned by the actor,
    prefilled from the title, category and approved reply without the caller's personal data."""
    if ticket.status not in (Ticket.Status.REPLIED, Ticket.Status.CLOSED) or not ticket.reply or not ticket.agency:
        raise KnowledgeRefused("只有已答复的诉求才能存入知识库。")
    _require(actor, ticket.agency_id)
    return create_article(
        actor=actor,
        agency=ticket.agency,
        category=ticket.category,
        source_ticket=ticket,
        ip=ip,
        **article_from_reply(ticket),
    )
