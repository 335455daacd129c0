"""发文办理 after 拟稿 (党政机关公文处理工作条例 §24–§25): 核稿 → 会签 → 签发 → 复核 → 编号 → 用印 →
分发 → 归档, each step a task of the process `documents.outgoing` in the right person's 待办.

Every service: the step's verb in the right agency (the chokepoint), the actor's open work item,
one transaction with the engine's step, the 发文稿纸 opinion, the mirrored status and the audit
entry. 退回 from 核稿, 会签, 签发 or 复核 sends the draft back to 拟稿 with the opinion kept.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from yiwang.core.audit import services as audit
from yiwang.core.orgs.models import Agency
from yiwang.core.workflow import services as workflow
from yiwang.core.workflow.errors import WorkflowError
from yiwang.core.workflow.models import WorkItem

from .. import permissions
from ..models import Distribution, Document, DocumentIssuer, IssuerCode, Opinion
from . import incoming, numbering, process
from .drafting import UPWARD_TYPES, refuse_classified
from .errors import DocumentRefused

# The steps a 通过/退回 decides, and the verb each needs in which agency ("main": the 主办 agency;
# "co": the co-issuing agency whose 会签 vote it is).
DECISION_STEPS: dict[str, tuple[str, str]] = {
    "review": (permissions.REVIEW, "main"),
    "countersign": (permissions.COUNTERSIGN, "co"),
    "sign_off": (permissions.SIGN_OFF, "main"),
    "recheck": (permissions.REVIEW, "main"),
}
REFUSALS = {
    "review": "您没有本机关的核稿权限。",
    "countersign": "您不是联合发文机关的负责人，不能会签。",
    "sign_off": "只有主办机关经授权的领导才能签发。",
    "recheck": "您没有本机关的复核权限。",
    "number": "您没有编发文字号的权限。",
    "seal": "您没有用印权限。",
    "distribute": "您没有分发权限。",
    "archive": "您没有归档权限。",
}


def _locked(document: Document) -> Document:
    return Document.objects.select_for_update().get(pk=document.pk)


def _acting_agency(document: Document, element_id: str, by: Any) -> Agency:
    """The agency in whose name `by` acts at this step, after the verb check."""
    verb, where = DECISION_STEPS[element_id]
    if where == "main":
        if not permissions.can_step(by, verb, document.agency_id):
            raise DocumentRefused(REFUSALS[element_id], code="forbidden")
        return document.agency
    co = DocumentIssuer.objects.filter(document=document).exclude(agency_id=document.agency_id).select_related("agency")
    for row in co.order_by("order"):
        if permissions.can_step(by, verb, row.agency_id):
            return row.agency
    raise DocumentRefused(REFUSALS[element_id], code="forbidden")


def _run(action: Any) -> Any:
    try:
        return action()
    except WorkflowError as error:
        raise DocumentRefused(error.message, code=error.code) from error


def approve_step(*, document: Document, by: Any, step: str, opinion: str = "", ip: str | None = None) -> Document:
    """通过 at 核稿, 会签 (one co-issuer's vote), 签发 or 复核. 签发 stamps the signing leader, the
    成文日期 (the day of signing unless set) and, for a 上行文, the 签发人."""
    if step not in DECISION_STEPS:
        raise DocumentRefused("该环节不能用“通过”办理。", code="bad_step")
    refuse_classified(document.secrecy)
    with transaction.atomic():
        document = _locked(document)
        agency = _acting_agency(document, step, by)
        item = process.open_item(document, step, by)
        _run(lambda: workflow.complete(item, actor=by, opinion=opinion or "同意", ip=ip))
        name = process.STEP_NAMES[step]
        process.record_opinion(document, step=name, person=by, agency=agency, text=opinion or "同意")
        fields = ["status", "updated_at"]
        if step == "sign_off":
            now = timezone.now()
            document.signed_off_by, document.signed_off_at = by, now
            document.written_on = document.written_on or timezone.localdate(now)
            if document.doc_type in UPWARD_TYPES and not document.signers:
                document.signers = by.display_name
            fields += ["signed_off_by", "signed_off_at", "written_on", "signers"]
        process.sync_status(document)
        document.save(update_fields=fields)
        audit.record(event=f"documents.{step}", actor=by, obj=document, ip=ip, detail={"agency": agency.pk})
    return document


def return_document(*, document: Document, by: Any, step: str, reason: str, ip: str | None = None) -> Document:
    """退回 to 拟稿 with the reason, from 核稿, 会签, 签发 or 复核; the opinion stays on the 稿纸."""
    reason = (reason or "").strip()
    if not reason:
        raise DocumentRefused("请填写退回意见。", errors={"opinion": "请填写退回意见。"}, code="reason_required")
    if step not in DECISION_STEPS:
        raise DocumentRefused("该环节不能退回。", code="bad_step")
    with transaction.atomic():
        document = _locked(document)
        agency = _acting_agency(document, step, by)
        item = process.open_item(document, step, by)
        _run(lambda: workflow.send_back(item, actor=by, to="draft", reason=reason, ip=ip))
        process.record_opinion(
            document,
            step=process.STEP_NAMES[step],
            person=by,
            agency=agency,
            text=reason,
            result=Opinion.Result.RETURN,
        )
        process.sync_status(document)
        document.save(update_fields=["status", "updated_at"])
        audit.record(
            event="documents.return", actor=by, obj=document, ip=ip, detail={"from": step, "agency": agency.pk}
        )
    return document


def _office_step(document: Document, element_id: str, verb: str, by: Any) -> WorkItem:
    if not permissions.can_step(by, verb, document.agency_id):
        raise DocumentRefused(REFUSALS[element_id], code="forbidden")
    return process.open_item(document, element_id, by)


def number_document(
    *, document: Document, by: Any, issuer_code: IssuerCode | None = None, ip: str | None = None
) -> Document:
    """编号: the next 发文字号 of the 机关代字 this year, stamped in the transaction that takes it from
    the counter, so numbers have no gaps and none is used twice."""
    with transaction.atomic():
        document = _locked(document)
        item = _office_step(document, "number", permissions.NUMBER, by)
        if document.doc_number:
            raise DocumentRefused(f"该公文已编号（{document.doc_number}），不能重复编号。", code="numbered")
        code = issuer_code or document.issuer_code
        if code is None:
            raise DocumentRefused("请选择机关代字。", errors={"issuer_code": "请选择机关代字。"}, code="no_code")
        if code.agency_id != document.agency_id or not code.is_active:
            raise DocumentRefused("机关代字须为主办机关启用中的代字。", errors={"issuer_code": "机关代字无效。"})
        now = timezone.now()
        year = timezone.localdate(now).year
        serial = numbering.allocate_number(issuer_code=code, year=year)
        document.issuer_code, document.number_year, document.number_serial = code, year, serial
        document.doc_number = numbering.number_text(code, year, serial)
        document.year, document.numbered_at = year, now
        _run(lambda: workflow.complete(item, actor=by, opinion=f"编号：{document.doc_number}", ip=ip))
        process.record_opinion(document, step="编号", person=by, agency=document.agency, text=document.doc_number)
        process.sync_status(document)
        document.save()
        audit.record(
            event="documents.number",
            actor=by,
            obj=document,
            ip=ip,
            detail={"number": document.doc_number, "code": code.code, "year": year, "serial": serial},
        )
    return document


def seal_document(*, document: Document, by: Any, ip: str | None = None) -> Document:
    """用印: render the numbered document, seal it (PAdES, one seal per issuing agency) and store the
    sealed PDF; the step completes in the same transaction."""
    from . import issuing  # the renderer and signer are imported only when a document is sealed

    with transaction.atomic():
        document = _locked(document)
        item = _office_step(document, "seal", permissions.SEAL, by)
        if not document.doc_number:
            raise DocumentRefused("请先编发文字号再用印。", code="not_numbered")
        issuing.issue_sealed_pdf(document=document, by=by, ip=ip)
        _run(lambda: workflow.complete(item, actor=by, opinion="已用印", ip=ip))
        process.record_opinion(document, step="用印", person=by, agency=document.agency, text="已加盖电子印章")
        process.sync_status(document)
        document.save()
        audit.record(
            event="documents.seal", actor=by, obj=document, ip=ip, detail={"file": str(document.sealed_file_id)}
        )
    return document


def distribute_document(*, document: Document, by: Any, ip: str | None = None) -> Document:
    """分发: one `Distribution` per platform recipient (主送, then 抄送); the 收文 side signs for them."""
    with transaction.atomic():
        document = _locked(document)
        item = _office_step(document, "distribute", permissions.DISTRIBUTE, by)
        if document.sealed_file_id is None:
            raise DocumentRefused("请先用印再分发。", code="not_sealed")
        now = timezone.now()
        rows: dict[int, Distribution] = {}
        for kind, agencies in (
            (Distribution.Kind.MAIN, document.main_to_agencies.order_by("path")),
            (Distribution.Kind.CC, document.cc_agencies.order_by("path")),
        ):
            for agency in agencies:
                rows.setdefault(
                    agency.pk, Distribution(document=document, recipient=agency, kind=kind, sent_at=now, sent_by=by)
                )
        Distribution.objects.bulk_create(rows.values())
        incoming.receive_distributions(document=document, distributions=list(rows.values()), by=by, ip=ip)
        document.distributed_at = now
        if document.print_date is None:
            document.print_date = timezone.localdate(now)  # 印发日期: the day it is sent out
        _run(lambda: workflow.complete(item, actor=by, opinion=f"分发至 {len(rows)} 个单位", ip=ip))
        process.record_opinion(
            document, step="分发", person=by, agency=document.agency, text=f"分发 {len(rows)} 个单位"
        )
        process.sync_status(document)
        document.save()
        audit.record(event="documents.distribute", actor=by, obj=document, ip=ip, detail={"recipients": list(rows)})
    return document


def archive_document(
    *, document: Document, by: Any, retention: str = "", category: str = "", ip: str | None = None
) -> Document:
    """归档 by 件 (DA/T 22-2015): the process ends, and in the same transaction the 件 gets its 件号
    and 档号 under the chosen 保管期限 and its archive package is stored (services/archiving.py)."""
    from . import archiving

    retention = archiving.check_retention(retention)
    with transaction.atomic():
        document = _locked(document)
        item = _office_step(document, "archive", permissions.DISTRIBUTE, by)
        if document.sealed_file_id is None:
            raise DocumentRefused("该公文尚未用印，没有可归档的公文 PDF。", code="not_sealed")
        _run(lambda: workflow.complete(item, actor=by, opinion="归档", ip=ip))
        document.archived_at = timezone.now()
        process.record_opinion(document, step="归档", person=by, agency=document.agency, text="已归档")
        process.sync_status(document)
        document.save()
        record = archiving.create_record(document=document, by=by, retention=retention, category=category, ip=ip)
        audit.record(
            event="documents.archive",
            actor=by,
            obj=document,
            ip=ip,
            detail={"archive_code": record.archive_code, "retention": retention, "package": record.package_sha256},
        )
    return document
