"""Events 公文 publishes after commit (`yiwang.core.events`).

`documents.publication_requested`: a sealed 主动公开 document is to be published on the portal's
政务公开; the portal subscribes in its manifest, creates the page and answers with its own events
(`portal.document_published` or `portal.document_publication_failed`, handled in `handlers.py`).
Every field is JSON-safe: dates as ISO text, the files as StoredFile ids (UUID text).
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from yiwang.core.events.types import Event


@dataclasses.dataclass(frozen=True, kw_only=True)
class PublicationRequested(Event):
    """此件公开发布: publish this sealed document in its agency's 政务公开 with its catalogue metadata."""

    name: ClassVar[str] = "documents.publication_requested"
    document_id: int
    title: str
    doc_number: str  # 发文字号, 伊民发〔2026〕3号
    written_on: str  # 成文日期, ISO date
    agency_id: int  # 主办机关 (the 发布机构)
    co_issuer_ids: list[int]
    doc_type: str  # 文种, one of the 15 (通知, 意见 …)
    body: str  # 正文, plain text, one paragraph a line
    sealed_file_id: str  # the sealed PDF (StoredFile id)
    sealed_file_name: str
    attachments: list[dict[str, str]]  # [{"file_id": …, "name": …}] — the 附件 files
    staff_url: str  # the document's page in the workspace
    requested_by_id: int
    requested_by_name: str
    signed_off_by_name: str  # 签发人: the leader whose 签发 approved the 公开属性
