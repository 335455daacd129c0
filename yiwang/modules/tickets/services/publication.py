"""公开: a consenting ticket and its approved reply on the portal's 政民互动 column, masked.

The rule (domain-rules §5.3: publication only with the citizen's consent, never when confidential):

- `publish_reply` is called by `approve_reply` in its transaction. A ticket whose citizen agreed to
  publication (`wants_public`) and did not ask for confidentiality is published at once with its
  approved reply; a later approval (the ticket reopened after a 不满意 rating and replied again)
  replaces the reply shown, so the public page always shows the latest approved reply. Until then
  the earlier approved reply stays public.
- The hotline office (`tickets.dispatch`) may withhold a publication with a reason (`withhold_publication`,
  before or after it went public: 不予公开 / 撤回公开) and publish it again (`restore_publication`).
  A withheld ticket is not re-published by a later approval.
- Everything public is masked when written: the name (王**), the phone (138****1234) and the ID
  numbers, phone numbers and e-mail addresses inside the title, content and reply. No address.

Each change is audited and the search index follows after commit (`core.search`).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from yiwang.common.masking import mask_in_text, mask_name, mask_phone
from yiwang.core.audit import services as audit
from yiwang.core.permissions import access
from yiwang.core.search import services as search_index
from yiwang.core.search.types import SearchDocument

from ..models import Publication, Ticket

SEARCH_KIND = "tickets.reply"
SEARCH_COLUMN = "zmhd"  # 政民互动
DISPATCH_VERB = "tickets.dispatch"  # the hotline office decides what is withheld
REASON_MAX = 300


class PublicationRefused(Exception):
    """A publication change refused with a Chinese message; nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def may_be_published(ticket: Ticket) -> bool:
    """The citizen agreed to publication and did not ask for confidentiality."""
    return bool(ticket.wants_public and not ticket.confidential)


def search_document(publication: Publication) -> SearchDocument:
    """The masked text of a published ticket, as the public search finds it."""
    return SearchDocument(
        kind=SEARCH_KIND,
        object_id=str(publication.pk),
        title=publication.title,
        body=f"{publication.content}\n{publication.reply}",
        url=reverse("tickets:public_detail", args=[publication.pk]),
        public=True,
        agency_id=publication.agency_id,
        column=SEARCH_COLUMN,
        published_at=publication.replied_at or publication.published_at,
    )


def has_approved_reply(ticket: Ticket) -> bool:
    """The ticket's reply is an approved one (while it is re-handled, `Ticket.reply` is a draft)."""
    return bool(ticket.replied_at and ticket.status in (Ticket.Status.REPLIED, Ticket.Status.CLOSED))


def _fill(publication: Publication, ticket: Ticket, *, with_reply: bool) -> None:
    """Copy the ticket's text into the public copy, masked; the reply only when it is approved."""
    publication.channel, publication.kind, publication.agency_id = ticket.channel, ticket.kind, ticket.agency_id
    publication.title = mask_in_text(ticket.title)[:50]
    publication.content = mask_in_text(ticket.content)
    publication.citizen_name = mask_name(ticket.contact_name)[:50]
    publication.citizen_phone = mask_phone(ticket.contact_phone)[:20]
    publication.accepted_at = ticket.created_at
    if with_reply:
        publication.reply, publication.replied_at = mask_in_text(ticket.reply), ticket.replied_at


def publish_reply(*, ticket: Ticket, actor: Any, ip: str | None = None) -> Publication | None:
    """Publish (or refresh) a ticket's public copy with its just-approved reply.

    Called inside `approve_reply`'s transaction with the locked ticket. Returns None when the ticket
    may not be published (no consent, confidential) or the office withheld it."""
    if not may_be_published(ticket) or not has_approved_reply(ticket):
        return None
    # Inside approve_reply's transaction: no savepoint of its own (a failure fails the approval).
    with transaction.atomic(savepoint=False):
        publication = Publication.objects.select_for_update().filter(ticket=ticket).first()
        if publication is not None and publication.state == Publication.State.WITHHELD:
            return None
        first = publication is None
        publication = publication or Publication(ticket=ticket)
        _fill(publication, ticket, with_reply=True)
        publication.state = Publication.State.PUBLISHED
        publication.published_at = publication.published_at or timezone.now()
        publication.save()
        audit.record(
            event="tickets.publish",
            actor=actor,
            obj=ticket,
            ip=ip,
            detail={"publication": publication.pk, "first": first},
        )
        search_index.index_document(search_document(publication))
    return publication


def _office_check(actor: Any) -> None:
    if not access.can(actor, DISPATCH_VERB):
        raise PublicationRefused("只有热线办（派单员）可以决定诉求是否公开。")


def withhold_publication(*, ticket: Ticket, actor: Any, reason: str, ip: str | None = None) -> Publication:
    """不予公开 / 撤回公开: the hotline office keeps a ticket off the public list, with a reason —
    before publication (a later approval will not publish it) or after (it is taken down and out
    of the search index)."""
    _office_check(actor)
    reason = (reason or "").strip()
    if not reason:
        raise PublicationRefused("请填写不予公开的理由。")
    if len(reason) > REASON_MAX:
        raise PublicationRefused(f"理由不能超过 {REASON_MAX} 个字（现为 {len(reason)} 个字）。")
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        publication = Publication.objects.select_for_update().filter(ticket=ticket).first()
        if publication is not None and publication.state == Publication.State.WITHHELD:
            raise PublicationRefused("该诉求已不予公开。")
        was_public = publication is not None
        if publication is None:
            publication = Publication(ticket=ticket)
            _fill(publication, ticket, with_reply=has_approved_reply(ticket))
        publication.state = Publication.State.WITHHELD
        publication.withheld_at, publication.withheld_by, publication.withhold_reason = timezone.now(), actor, reason
        publication.save()
        audit.record(
            event="tickets.withhold_publication",
            actor=actor,
            obj=ticket,
            ip=ip,
            detail={"publication": publication.pk, "was_public": was_public, "reason": reason},
        )
        search_index.remove_document(SEARCH_KIND, publication.pk)
    return publication


def restore_publication(*, ticket: Ticket, actor: Any, ip: str | None = None) -> Publication | None:
    """恢复公开: the hotline office lifts its withholding. The ticket is public again at once with its
    latest approved reply; without one yet (None) the next approval publishes it."""
    _office_check(actor)
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        publication = Publication.objects.select_for_update().filter(ticket=ticket).first()
        if publication is None or publication.state != Publication.State.WITHHELD:
            raise PublicationRefused("该诉求没有被不予公开。")
        if not may_be_published(ticket):
            raise PublicationRefused("来信人未同意公开或要求保密，不能公开。")
        publication.withheld_at, publication.withheld_by, publication.withhold_reason = None, None, ""
        audit.record(event="tickets.restore_publication", actor=actor, obj=ticket, ip=ip, detail={})
        if has_approved_reply(ticket):
            _fill(publication, ticket, with_reply=True)
        elif not publication.replied_at:
            publication.delete()  # nothing approved to show yet: the next approval publishes it
            return None
        publication.state = Publication.State.PUBLISHED
        publication.published_at = publication.published_at or timezone.now()
        publication.save()
        search_index.index_document(search_document(publication))
    return publication
