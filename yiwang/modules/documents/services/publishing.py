"""此件公开发布: a sealed 主动公开 公文 goes to its agency's 政务公开 on the portal in one step.

`publish_to_portal` checks the rules and publishes `documents.publication_requested` in its
transaction; after commit the portal (subscribed in its manifest) creates and publishes the
政策文件 page with the 发文字号, 成文日期 and sealed PDF, gives it a 索引号 through its own service,
and answers with `portal.document_published` or `portal.document_publication_failed`, which
`record_published` / `record_failed` store here (`handlers.py`). The module never imports the portal.

保密审查 (政府信息公开条例 §17): the 公开属性 is decided at 拟稿 and approved with the document at
核稿 and 签发, so the leader's 签发 of a document marked 主动公开 is the review the portal records
for the page; 用印 fixes the text that was approved, which is why publication waits for it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from yiwang.core.audit import services as audit
from yiwang.core.events import services as events
from yiwang.core.files.selectors import list_files_of

from .. import permissions
from ..events import PublicationRequested
from ..models import Disclosure, Document
from .errors import DocumentRefused

NOT_PROACTIVE: dict[str, str] = {
    Disclosure.ON_REQUEST: "该公文的公开属性为“依申请公开”，不主动发布到网站；如需公开，请在拟稿时改为“主动公开”。",
    Disclosure.WITHHELD: "该公文的公开属性为“不予公开”，不能发布到网站。",
}


def plain_body(document: Document) -> str:
    """正文 as plain text, one paragraph a line (the draft editor keeps plain text already)."""
    return "\n".join(line.strip() for line in document.body.splitlines() if line.strip())


def publication_state(document: Document) -> str:
    """published / pending / failed / "" (not requested) — what the document page shows."""
    if document.published_at:
        return "published"
    if document.publication_error:
        return "failed"
    if document.publication_requested_at:
        return "pending"
    return ""


def may_publish(user: Any, document: Document) -> bool:
    """The 发布到政务公开 button: for 分发和归档 holders of the 主办 agency, once sealed, for 主动公开."""
    return (
        document.sealed_file_id is not None
        and document.disclosure == Disclosure.PROACTIVE
        and publication_state(document) in ("", "failed")
        and permissions.can_step(user, permissions.DISTRIBUTE, document.agency_id)
    )


def _check(document: Document, by: Any) -> None:
    if not permissions.can_step(by, permissions.DISTRIBUTE, document.agency_id):
        raise DocumentRefused("只有主办机关负责分发的人员可以将公文发布到政务公开。", code="forbidden")
    if document.published_at:
        when = timezone.localtime(document.published_at).strftime("%Y-%m-%d %H:%M")
        raise DocumentRefused(f"此件已于 {when} 发布到政务公开，无需重复发布。", code="already_published")
    if document.publication_requested_at and not document.publication_error:
        raise DocumentRefused("此件已提交发布，网站正在处理，请稍后刷新查看结果。", code="pending")
    if document.status == Document.Status.WITHDRAWN:
        raise DocumentRefused("已撤销的公文不能发布。", code="withdrawn")
    if document.disclosure != Disclosure.PROACTIVE:
        raise DocumentRefused(NOT_PROACTIVE.get(document.disclosure, "公开属性不是“主动公开”。"), code="not_proactive")
    if document.sealed_file_id is None or not document.doc_number:
        raise DocumentRefused("请先编号、用印，再发布盖章后的公文。", code="not_sealed")


def _event(document: Document, by: Any) -> PublicationRequested:
    sealed = document.sealed_file
    assert sealed is not None
    written: datetime.date = document.written_on or timezone.localdate(document.signed_off_at or document.sealed_at)
    attachments = [
        {"file_id": str(f.pk), "name": f.original_name} for f in list_files_of(document).exclude(pk=sealed.pk)
    ]
    return PublicationRequested(
        document_id=document.pk,
        title=document.title,
        doc_number=document.doc_number,
        written_on=written.isoformat(),
        agency_id=document.agency_id,
        co_issuer_ids=list(
            document.issuers.exclude(agency_id=document.agency_id).order_by("order").values_list("agency_id", flat=True)
        ),
        doc_type=document.doc_type,
        body=plain_body(document),
        sealed_file_id=str(sealed.pk),
        sealed_file_name=sealed.original_name,
        attachments=attachments,
        staff_url=reverse("documents_staff_document", args=[document.pk]),
        requested_by_id=by.pk,
        requested_by_name=str(getattr(by, "display_name", "") or by),
        signed_off_by_name=str(getattr(document.signed_off_by, "display_name", "") or document.signed_off_by or ""),
    )


def publish_to_portal(*, document: Document, by: Any, ip: str | None = None) -> Document:
    """发布到政务公开 (one click): refused unless sealed and 主动公开; a second click is refused
    with "已发布"; after a reported failure (e.g. no 政务公开 column) it may be sent again."""
    with transaction.atomic():
        document = (
            Document.objects.select_for_update(of=("self",))
            .select_related("sealed_file", "signed_off_by")
            .get(pk=document.pk)
        )
        _check(document, by)
        event = _event(document, by)
        document.publish_on_portal = True
        document.publication_requested_at = timezone.now()
        document.publication_error = ""
        document.save(
            update_fields=["publish_on_portal", "publication_requested_at", "publication_error", "updated_at"]
        )
        audit.record(
            event="documents.publication_requested",
            actor=by,
            obj=document,
            ip=ip,
            detail={"doc_number": document.doc_number, "file": event.sealed_file_id},
        )
        events.publish(event)
    return document


def record_published(*, document_id: int, page_ref: str, url: str, index_number: str, published_at: str) -> None:
    """The portal's answer: the page is live. Stored once (a repeated answer changes nothing)."""
    with transaction.atomic():
        document = Document.objects.select_for_update().filter(pk=document_id).first()
        if document is None or document.published_at:
            return
        document.published_at = datetime.datetime.fromisoformat(published_at) if published_at else timezone.now()
        document.portal_page_ref = page_ref[:64]
        document.portal_url = url[:500]
        document.portal_index_number = index_number[:60]
        document.publication_error = ""
        document.save(
            update_fields=[
                "published_at",
                "portal_page_ref",
                "portal_url",
                "portal_index_number",
                "publication_error",
                "updated_at",
            ]
        )
        audit.record(
            event="documents.published",
            obj=document,
            detail={"page": page_ref, "url": url, "index_number": index_number},
        )


def record_failed(*, document_id: int, reason: str) -> None:
    """The portal could not publish: the reason is kept and shown on the document page."""
    with transaction.atomic():
        document = Document.objects.select_for_update().filter(pk=document_id).first()
        if document is None or document.published_at:
            return
        document.publication_error = reason or "网站发布失败，原因未知。"
        document.save(update_fields=["publication_error", "updated_at"])
        audit.record(event="documents.publication_failed", obj=document, detail={"reason": document.publication_error})
