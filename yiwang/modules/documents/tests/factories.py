"""Helpers of the 公文 tests: a draft through the services, and a document moved along the steps."""

from __future__ import annotations

from typing import Any

from yiwang.core.orgs.models import Agency

from ..models import Document
from ..services import drafting, outgoing


def make_draft(
    clerk: Any, agency: Agency, *, co_issuers: tuple[Agency, ...] = (), doc_type: str = "通知", **changes: Any
) -> Document:
    document = drafting.create_draft(by=clerk, doc_type=doc_type, agency=agency)
    fields = {
        "title": changes.pop("title", "伊春市民政局关于做好冬季困难群众救助工作的通知"),
        "main_to": "各县（市）、区民政局",
        "body": "一、提高认识\n（一）高度重视。\n特此通知。",
        "issuer_code": document.issuer_code,
        "co_issuers": co_issuers,
        **changes,
    }
    return drafting.update_draft(document=document, by=clerk, fields=drafting.DraftFields(**fields))


def refresh(document: Document) -> Document:
    return Document.objects.get(pk=document.pk)


def through_sign_off(office: Any, *, joint: bool = True) -> Document:
    """A joint 通知 of 市民政局 (主办) and 市政府办公室, signed off and rechecked: at 编号."""
    w = office.world
    document = make_draft(w.city_clerk, w.city_civil_affairs, co_issuers=(w.city_office,) if joint else ())
    drafting.submit_for_review(document=document, by=w.city_clerk)
    outgoing.approve_step(document=document, by=w.office_director, step="review")
    if joint:
        outgoing.approve_step(document=document, by=office.office_leader, step="countersign")
    outgoing.approve_step(document=document, by=w.leader, step="sign_off")
    outgoing.approve_step(document=document, by=w.office_director, step="recheck")
    return refresh(document)
