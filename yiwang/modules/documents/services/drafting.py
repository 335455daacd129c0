"""拟稿: a draft from the template of its type, edited, and sent to 核稿.

A draft is a `Document` in the status 拟稿 with the process `documents.outgoing` started at once,
so the 拟稿 step sits in the drafter's 待办 from the first minute.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from yiwang.core.audit import services as audit
from yiwang.core.orgs.models import Agency
from yiwang.core.workflow import services as workflow
from yiwang.core.workflow.errors import WorkflowError

from .. import permissions
from ..models import (
    CLASSIFIED_LEVELS,
    CLASSIFIED_REFUSAL,
    Disclosure,
    Document,
    DocumentIssuer,
    DocumentType,
    IssuerCode,
    Urgency,
)
from . import process
from .errors import DocumentRefused

TITLE_MAX = 200
# 上行文 (to a superior): 签发人 is printed (GB/T 9704 §7.2.5).
UPWARD_TYPES = frozenset({DocumentType.REQUEST, DocumentType.REPORT})

_BODY = """为……，现就有关事项{verb}如下：
一、……
（一）……
1. ……
（1）……
二、……
三、……
{closing}"""


@dataclass(frozen=True)
class Template:
    """What a type's template pre-fills: the title pattern, 主送机关 and the body skeleton."""

    title: str  # {issuer} is the 主办 agency's full name
    main_to: str
    body: str


_SUBORDINATES = "各县（市）、区人民政府，市政府各有关部门，各有关单位"
TEMPLATES: dict[str, Template] = {
    DocumentType.RESOLUTION: Template("{issuer}关于……的决议", "", "……会议审议了……，决议如下：\n一、……\n二、……"),
    DocumentType.DECISION: Template("{issuer}关于……的决定", _SUBORDINATES, _BODY.format(verb="决定", closing="")),
    DocumentType.ORDER: Template("{issuer}令", "", "《……》已经……通过，现予公布，自……起施行。"),
    DocumentType.COMMUNIQUE: Template("{issuer}……公报", "", "一、……\n二、……"),
    DocumentType.ANNOUNCEMENT: Template("{issuer}公告", "", "根据……，现将……公告如下：\n一、……\n二、……\n特此公告。"),
    DocumentType.PUBLIC_NOTICE: Template(
        "{issuer}关于……的通告", "", "为……，根据……，现就有关事项通告如下：\n一、……\n二、……\n特此通告。"
    ),
    DocumentType.OPINION: Template(
        "{issuer}关于……的意见",
        _SUBORDINATES,
        "为……，现提出如下意见：\n一、总体要求\n（一）……\n二、主要任务\n三、保障措施",
    ),
    DocumentType.NOTICE: Template(
        "{issuer}关于……的通知", _SUBORDINATES, _BODY.format(verb="通知", closing="特此通知。")
    ),
    DocumentType.BULLETIN: Template(
        "{issuer}关于……的通报", _SUBORDINATES, "……\n一、基本情况\n二、存在问题\n三、工作要求\n特此通报。"
    ),
    DocumentType.REPORT: Template(
        "{issuer}关于……的报告", "伊春市人民政府", "现将……情况报告如下：\n一、……\n二、……\n特此报告。"
    ),
    DocumentType.REQUEST: Template(
        "{issuer}关于……的请示", "伊春市人民政府", "为……，拟……。现将有关事项请示如下：\n一、……\n二、……\n妥否，请批示。"
    ),
    DocumentType.REPLY: Template(
        "{issuer}关于……的批复", "", "你单位《关于……的请示》收悉。经研究，批复如下：\n一、……\n此复。"
    ),
    DocumentType.MOTION: Template("{issuer}关于……的议案", "伊春市人民代表大会常务委员会", "……\n现提请审议。"),
    DocumentType.LETTER: Template("{issuer}关于……的函", "", "……\n一、……\n二、……\n特此函告。"),
    DocumentType.MINUTES: Template(
        "……会议纪要", "", "……年……月……日，……主持召开……会议，研究……。纪要如下：\n一、……\n二、……"
    ),
}


@dataclass(frozen=True, kw_only=True)
class DraftFields:
    """The elements a drafter edits (the others are stamped by later steps)."""

    title: str
    main_to: str = ""
    body: str = ""
    attachments_note: str = ""
    note: str = ""
    cc: str = ""
    printer: str = ""
    urgency: str = ""
    secrecy: str = ""
    copy_number: str = ""
    signers: str = ""
    signature: str = ""
    issuer_mark: str = ""
    print_date: datetime.date | None = None
    issuer_code: IssuerCode | None = None
    co_issuers: tuple[Agency, ...] = field(default=())
    main_to_agencies: tuple[Agency, ...] = field(default=())
    cc_agencies: tuple[Agency, ...] = field(default=())
    # 公开属性; 此件公开发布 = 主动公开 + publication on the portal's 政务公开 after 用印.
    disclosure: str = Disclosure.ON_REQUEST
    non_disclosure_reason: str = ""
    publish_on_portal: bool = False


def refuse_classified(secrecy: str) -> None:
    """保守国家秘密法 (2024) Art. 30: no state secret on an internet-facing system."""
    value = (secrecy or "").strip()
    if value in ("", "非密"):
        return
    if any(level in value for level in CLASSIFIED_LEVELS):
        raise DocumentRefused(CLASSIFIED_REFUSAL, errors={"secrecy": CLASSIFIED_REFUSAL}, code="classified")
    raise DocumentRefused("密级只能为“非密”。", errors={"secrecy": "密级只能为“非密”。"}, code="bad_secrecy")


def template_for(doc_type: str, agency: Agency) -> Template:
    chosen = TEMPLATES[doc_type]
    return Template(title=chosen.title.format(issuer=agency.full_name), main_to=chosen.main_to, body=chosen.body)


def _drafting_agency(by: Any, agency: Agency | None) -> Agency:
    if agency is not None:
        if not permissions.can_draft(by, agency.pk):
            raise DocumentRefused(
                "您不能以该机关名义拟稿。", errors={"agency": "您不能以该机关名义拟稿。"}, code="forbidden"
            )
        return agency
    ids = permissions.drafting_agency_ids(by)
    if ids is not None and len(ids) == 1:
        return Agency.objects.get(pk=next(iter(ids)))
    if ids is not None and not ids:
        raise DocumentRefused("您没有拟稿权限。", code="forbidden")
    raise DocumentRefused("请选择以哪个机关的名义拟稿。", errors={"agency": "请选择拟稿机关。"}, code="agency_required")


def create_draft(
    *,
    by: Any,
    doc_type: str,
    agency: Agency | None = None,
    template: bool = True,
    title: str = "",
    ip: str | None = None,
) -> Document:
    """拟稿: a new draft of `doc_type` in the name of `agency` (the drafter's own by default), pre-filled
    from the type's template; the 发文 process starts with the 拟稿 step in the drafter's 待办."""
    if doc_type not in DocumentType.values:
        raise DocumentRefused("请选择文种。", errors={"doc_type": "请选择文种（15 种法定文种之一）。"})
    agency = _drafting_agency(by, agency)
    filled = template_for(doc_type, agency) if template else Template(title="", main_to="", body="")
    title = (title or filled.title).strip() or f"{agency.full_name}{DocumentType(doc_type).label}"
    codes = IssuerCode.objects.filter(agency=agency, is_active=True).order_by("id")
    now = timezone.now()
    with transaction.atomic():
        document = Document.objects.create(
            doc_type=doc_type,
            agency=agency,
            title=title[:TITLE_MAX],
            main_to=filled.main_to,
            body=filled.body,
            issuer_code=codes.first(),
            printer=f"{agency.full_name}",
            drafted_by=by,
            year=timezone.localdate(now).year,
            created_at=now,
        )
        DocumentIssuer.objects.create(document=document, agency=agency, order=0)
        try:
            instance = workflow.start(
                key=process.PROCESS_KEY,
                title=f"发文：{document.title}",
                initiator=by,
                agency=agency,
                subject=process.subject(document),
                variables={"document_id": document.pk, "joint": False, "countersign_agencies": []},
                ip=ip,
            )
        except WorkflowError as error:
            raise DocumentRefused(error.message, code=error.code) from error
        document.process_id = str(instance.pk)
        document.save(update_fields=["process_id"])
        audit.record(
            event="documents.create_draft",
            actor=by,
            obj=document,
            ip=ip,
            detail={"doc_type": doc_type, "agency": agency.pk, "template": template},
        )
    return document


def _check_fields(document: Document, fields: DraftFields) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not fields.title.strip():
        errors["title"] = "请填写标题。"
    elif len(fields.title.strip()) > TITLE_MAX:
        errors["title"] = f"标题不能超过 {TITLE_MAX} 个字。"
    if fields.urgency not in Urgency.values:
        errors["urgency"] = "紧急程度只能为特急、加急或不标注。"
    if fields.copy_number and not (fields.copy_number.isdigit() and len(fields.copy_number) <= 6):
        errors["copy_number"] = "份号为 1–6 位阿拉伯数字。"
    if fields.issuer_code is not None and fields.issuer_code.agency_id != document.agency_id:
        errors["issuer_code"] = "机关代字须为主办机关的代字。"
    if fields.issuer_code is not None and not fields.issuer_code.is_active:
        errors["issuer_code"] = "该机关代字已停用。"
    if any(agency.pk == document.agency_id for agency in fields.co_issuers):
        errors["co_issuers"] = "联合发文机关不必再选主办机关。"
    if document.doc_type == DocumentType.REQUEST and len(fields.main_to_agencies) > 1:
        errors["main_to_agencies"] = "请示应当一文一事，只主送一个上级机关。"
    errors.update(disclosure_errors(fields.disclosure, fields.non_disclosure_reason, fields.publish_on_portal))
    return errors


PUBLIC_NOTE = "（此件公开发布）"  # 附注 of a document published proactively (GB/T 9704 §7.3.7)


def disclosure_errors(disclosure: str, reason: str, publish_on_portal: bool) -> dict[str, str]:
    """公开属性 rules (政府信息公开条例 §14–§16): 不予公开 states its reason; only 主动公开 is published."""
    errors: dict[str, str] = {}
    if disclosure not in Disclosure.values:
        errors["disclosure"] = "请选择公开属性：主动公开、依申请公开或不予公开。"
    elif disclosure == Disclosure.WITHHELD and not reason.strip():
        errors["non_disclosure_reason"] = (
            "选择“不予公开”须填写不予公开的理由（如涉及国家秘密、商业秘密、个人隐私或属内部事务信息）。"
        )
    if publish_on_portal and disclosure != Disclosure.PROACTIVE:
        errors["publish_on_portal"] = "“此件公开发布”的公文，公开属性须为“主动公开”。"
    return errors


def update_draft(*, document: Document, by: Any, fields: DraftFields, ip: str | None = None) -> Document:
    """Save the drafter's edits; only at 拟稿 and only by whoever holds that step."""
    refuse_classified(fields.secrecy)
    errors = _check_fields(document, fields)
    if errors:
        raise DocumentRefused("请按提示修改后再保存。", errors=errors, code="bad_input")
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        process.open_item(document, "draft", by)
        for name in (
            "main_to",
            "body",
            "attachments_note",
            "note",
            "cc",
            "printer",
            "urgency",
            "copy_number",
            "signers",
            "signature",
            "issuer_mark",
        ):
            setattr(document, name, getattr(fields, name).strip() if name != "body" else fields.body)
        document.title = fields.title.strip()
        document.secrecy = ""
        document.print_date = fields.print_date
        document.issuer_code = fields.issuer_code
        document.disclosure = fields.disclosure
        document.non_disclosure_reason = (
            fields.non_disclosure_reason.strip() if fields.disclosure == Disclosure.WITHHELD else ""
        )
        document.publish_on_portal = fields.publish_on_portal
        if fields.publish_on_portal and not document.note:
            document.note = PUBLIC_NOTE
        document.save()
        DocumentIssuer.objects.filter(document=document).exclude(agency_id=document.agency_id).delete()
        DocumentIssuer.objects.bulk_create(
            DocumentIssuer(document=document, agency=agency, order=order)
            for order, agency in enumerate(fields.co_issuers, start=1)
        )
        document.main_to_agencies.set(fields.main_to_agencies)
        document.cc_agencies.set(fields.cc_agencies)
        audit.record(
            event="documents.update_draft",
            actor=by,
            obj=document,
            ip=ip,
            detail={"co_issuers": [a.pk for a in fields.co_issuers], "length": len(document.body)},
        )
    return document


def submit_for_review(*, document: Document, by: Any, opinion: str = "", ip: str | None = None) -> Document:
    """送核稿: the drafter hands the draft on; a joint document will go to 会签 after 核稿."""
    refuse_classified(document.secrecy)
    if not document.title.strip() or not document.body.strip():
        raise DocumentRefused("请先填写标题和正文再送核稿。", code="incomplete")
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        item = process.open_item(document, "draft", by)
        co_issuers = list(
            DocumentIssuer.objects.filter(document=document)
            .exclude(agency_id=document.agency_id)
            .order_by("order")
            .values_list("agency_id", flat=True)
        )
        try:
            workflow.complete(
                item,
                actor=by,
                opinion=opinion or "拟稿完成，请核稿。",
                data={"joint": bool(co_issuers), "countersign_agencies": co_issuers},
                ip=ip,
            )
        except WorkflowError as error:
            raise DocumentRefused(error.message, code=error.code) from error
        process.record_opinion(document, step="拟稿", person=by, agency=document.agency, text=opinion or "拟稿完成")
        process.sync_status(document)
        document.save(update_fields=["status", "updated_at"])
        audit.record(event="documents.submit", actor=by, obj=document, ip=ip, detail={"joint": bool(co_issuers)})
    return document
