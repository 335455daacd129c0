"""公文交换 to agencies off the platform: the export package (sealed PDF + metadata) the sending
agency hands over by its own channel to the free-text 主送/抄送机关 that have no account here.

The package is a ZIP: `公文.pdf` (the sealed PDF as stored) and `metadata.json` (发文机关, 发文字号,
标题, 成文日期, 密级, 紧急程度, 页数, the PDF's SHA-256 and the public verification page where the
recipient can check the seal). The verification address is `DOCUMENTS_VERIFY_URL` if set, else the
public page's path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from yiwang.core.audit import services as audit

from .. import permissions
from ..models import Document
from ..selectors import documents as selectors
from .archiving import _json, _sha256, _zip, off_platform_recipients, sealed_pdf_bytes
from .errors import DocumentRefused


@dataclass(frozen=True)
class ExchangePackage:
    filename: str
    data: bytes
    sha256: str


def verify_url() -> str:
    return str(getattr(settings, "DOCUMENTS_VERIFY_URL", "") or reverse("documents:verify"))


def exchange_metadata(document: Document, pdf_sha256: str) -> dict[str, Any]:
    return {
        "发文机关": [agency.full_name for agency in selectors.list_issuers(document)],
        "发文字号": document.doc_number,
        "标题": document.title,
        "成文日期": document.written_on.isoformat() if document.written_on else "",
        "密级": "非密",
        "紧急程度": document.urgency or "无",
        "页数": document.pages,
        "主送机关": document.main_to,
        "抄送机关": document.cc,
        "平台外收文机关": off_platform_recipients(document),
        "公文文件": {"文件名": "公文.pdf", "SHA-256": pdf_sha256},
        "验证页面": verify_url(),
        "说明": "公文.pdf 加盖了电子印章；可在验证页面上传该文件核验印章和文件完整性。",
    }


def may_export(user: Any, document: Document) -> bool:
    """The sender: who may distribute for the 主办 agency, once the document is sealed."""
    return document.sealed_file_id is not None and permissions.can_step(
        user, permissions.DISTRIBUTE, document.agency_id
    )


def export_package(*, document: Document, by: Any, ip: str | None = None) -> ExchangePackage:
    """The export package for recipients off the platform; downloadable by the sender after 用印."""
    if document.sealed_file_id is None:
        raise DocumentRefused("该公文尚未用印，不能导出交换包。", code="not_sealed")
    if not permissions.can_step(by, permissions.DISTRIBUTE, document.agency_id):
        raise DocumentRefused("只有发文机关的分发人员可以导出交换包。", code="forbidden")
    pdf = sealed_pdf_bytes(document)
    digest = _sha256(pdf)
    members = [("公文.pdf", pdf), ("metadata.json", _json(exchange_metadata(document, digest)))]
    data = _zip(members, document.sealed_at)
    base = document.doc_number or f"公文{document.pk}"
    with transaction.atomic():
        audit.record(
            event="documents.exchange_export",
            actor=by,
            obj=document,
            ip=ip,
            detail={"sha256": digest, "recipients": off_platform_recipients(document)},
        )
    return ExchangePackage(filename=f"{base}-交换包.zip", data=data, sha256=digest)
