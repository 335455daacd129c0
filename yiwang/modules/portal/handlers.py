"""Handlers of other modules' events, subscribed in the manifest's `event_handlers`.

`documents.publication_requested` (此件公开发布): the sealed 公文 becomes a 政策文件 page under its
agency's 政务公开 column for documents (the 政策文件 column of the 政府信息公开 tree, kind
`policy`), with 发文字号, 成文日期, 发布机构, 体裁分类 from the 文种 and the sealed PDF attached; the
索引号 comes from `services.allocate_index_number` (through `page_created`) and the 20-working-day
clock from the 成文日期 is started and stopped as for any policy document.

保密审查: the document was approved for 主动公开 by its 签发 (公开属性 is decided at 拟稿 and
reviewed at 核稿 and 签发), so the handler records that approval as the review of the page's
revision, naming the person who asked for publication and the 签发人; the page does not go
through the site's 三审 again. The answer goes back as `portal.document_published` or, when the
agency has no such column or anything else fails, `portal.document_publication_failed`.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils.html import escape
from wagtail.documents import get_document_model

from yiwang.core.events import services as events
from yiwang.core.events.types import Event
from yiwang.core.files.models import StoredFile
from yiwang.core.orgs.models import Agency

from . import services
from .events import DocumentPublicationFailed, DocumentPublished
from .models import Genre, PolicyDocumentPage, ReviewConclusion, SectionKind, SectionPage, Topic

logger = logging.getLogger("yiwang.portal")

# 文种 (党政机关公文处理工作条例 §8) → 体裁分类 of the catalogue.
GENRE_OF_TYPE = {
    "决定": Genre.DECISION,
    "命令": Genre.ORDER,
    "公告": Genre.ANNOUNCEMENT,
    "通告": Genre.CIRCULAR,
    "意见": Genre.OPINION,
    "通知": Genre.NOTICE,
    "通报": Genre.BULLETIN,
    "批复": Genre.REPLY,
    "函": Genre.LETTER,
    "报告": Genre.REPORT,
}
REVIEW_BASIS = "公文经签发人签发，公开属性为主动公开（此件公开发布）"


class NotPublished(Exception):
    """A reason the 公文 cannot be published, in words for the document page."""


def document_column(agency: Agency) -> SectionPage | None:
    """The agency's live 政务公开 column for documents: 行政法规、规章和规范性文件 (fgwj) of its
    政府信息公开 tree first, else another 政策文件 column of the agency."""
    return (
        SectionPage.objects.live()
        .filter(agency=agency, kind=SectionKind.POLICY)
        .annotate(tree_column=Case(When(slug="fgwj", then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("tree_column", "path")
        .first()
    )


def _payload(event: Event) -> dict[str, Any]:
    return event.payload()


def _file_bytes(file_id: str) -> tuple[StoredFile, bytes]:
    stored = StoredFile.objects.filter(pk=file_id).first()
    if stored is None:
        raise NotPublished("盖章后的公文 PDF 已不存在，无法发布。")
    try:
        with default_storage.open(stored.storage_name, "rb") as handle:
            return stored, handle.read()
    except OSError as exc:
        raise NotPublished("盖章后的公文 PDF 读取失败，无法发布。") from exc


def _attach(file_id: str, title: str, actor: Any) -> Any:
    """The file as a Wagtail document in the shared collection (the page body links to it)."""
    stored, data = _file_bytes(file_id)
    document = get_document_model()(title=title[:255], collection=services.shared_collection(), uploaded_by_user=actor)
    document.file.save(stored.original_name or f"{file_id}.pdf", ContentFile(data), save=False)
    document.save()
    return document


def _body(data: dict[str, Any], files: list[tuple[Any, str]]) -> str:
    paragraphs = [f"<p>{escape(line)}</p>" for line in str(data.get("body") or "").splitlines() if line.strip()]
    links = "、".join(f'<a linktype="document" id="{doc.pk}">{escape(name)}</a>' for doc, name in files)
    return "".join(paragraphs) + (f"<p>下载：{links}</p>" if links else "")


def _slug(column: SectionPage, document_id: int) -> str:
    base = f"gw-{document_id}"
    slug, n = base, 1
    while column.get_children().filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _url(page: PolicyDocumentPage) -> str:
    return str(page.get_full_url() or page.get_url() or page.url_path)


def _answer(page: PolicyDocumentPage, document_id: int) -> None:
    events.publish(
        DocumentPublished(
            document_id=document_id,
            page_id=page.pk,
            url=_url(page),
            index_number=page.index_number or "",
            published_at=page.first_published_at.isoformat() if page.first_published_at else "",
        )
    )


def _publish(data: dict[str, Any]) -> None:
    document_id = int(data["document_id"])
    agency = Agency.objects.filter(pk=data["agency_id"]).select_related("division").first()
    if agency is None:
        raise NotPublished("发布机构不存在。")
    doc_number = str(data.get("doc_number") or "")
    existing = (
        PolicyDocumentPage.objects.filter(agency=agency, document_number=doc_number).live().first()
        if doc_number
        else None
    )
    if existing is not None:  # the request came twice: the page is there already
        _answer(existing, document_id)
        return
    column = document_column(agency)
    if column is None:
        raise NotPublished(
            f"{agency.full_name}在门户网站上没有政务公开的政策文件栏目（政府信息公开专栏的“行政法规、规章和规范性文件”），"
            "请网站管理员为该机构建立政府信息公开专栏后再发布。"
        )
    actor = get_user_model().objects.filter(pk=int(data.get("requested_by_id") or 0)).first()
    written = datetime.date.fromisoformat(str(data["written_on"]))
    files = [(_attach(str(data["sealed_file_id"]), f"{doc_number} {data['title']}", actor), f"{doc_number}.pdf")]
    for attachment in data.get("attachments") or []:
        name = str(attachment.get("name") or "附件")
        files.append((_attach(str(attachment["file_id"]), name, actor), name))
    body_text = " ".join(str(data.get("body") or "").split())
    page = PolicyDocumentPage(
        title=str(data["title"])[:255],
        slug=_slug(column, document_id),
        agency=agency,
        document_number=doc_number,
        written_date=written,
        topic=Topic.GENERAL,
        genre=GENRE_OF_TYPE.get(str(data.get("doc_type")), Genre.OTHER),
        summary=body_text[:100],
        body=_body(data, files),
        live=False,
    )
    revision = services.add_page(column, page, actor=actor)
    signer = str(data.get("signed_off_by_name") or "")
    services.record_confidentiality_review(
        page=page,
        revision=revision,
        reviewer=actor,
        conclusion=ReviewConclusion.PUBLIC,
        basis=REVIEW_BASIS,
        note=f"签发人：{signer}；公文 {doc_number}" if signer else f"公文 {doc_number}",
    )
    # The approval is the 公文's own (签发, then 用印 by the office holding 分发和归档), not a site
    # editor's Wagtail permission: the person who asked is recorded as the publisher.
    revision.publish(user=actor, skip_permission_checks=True)
    page = PolicyDocumentPage.objects.get(pk=page.pk)
    _answer(page, document_id)


def on_publication_requested(event: Event) -> None:
    """documents.publication_requested → a published 政策文件 page, or a recorded failure."""
    data = _payload(event)
    try:
        with transaction.atomic():
            _publish(data)
    except NotPublished as refused:
        reason = str(refused)
    except Exception:  # anything else: the document page must still say it did not happen
        logger.exception("publishing document %s on the portal failed", data.get("document_id"))
        reason = "网站发布时出现错误，未能发布，请稍后重试或联系网站管理员。"
    else:
        return
    events.publish(DocumentPublicationFailed(document_id=int(data["document_id"]), reason=reason))
