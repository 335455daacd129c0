"""收文办理 (党政机关公文处理工作条例 §26): 签收 → 登记 (收文号) → 初审 (退回 with reasons) → 拟办 →
批办/阅批 (圈阅) → 分办 to 主办 and 协办 departments with a deadline → 承办 → 办结 and 答复, with 传阅
and 催办 on the way; each step a task of the process `documents.incoming` in the right 待办.

A document sent over the platform arrives at 分发 (`receive_distribution`, inside the sender's
transaction) as a 收文 waiting for 签收; the process starts at 签收, with the person who signs for
it as its initiator in the receiving agency — the sending agency takes no part in the receiver's
handling, it only sees 签收 or 退回 on its `Distribution`. A paper document is 来文登记'd by hand
(`register_external`): 签收 and 登记 in one step.

Every service: the verb in the receiving (or handling) agency through the chokepoint, the actor's
open work item, one transaction with the engine's step, the 处理笺 opinion, the mirrored status
and the audit entry.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from yiwang.core.audit import services as audit
from yiwang.core.files import services as files
from yiwang.core.notifications.services import notify
from yiwang.core.orgs.models import Agency, Membership
from yiwang.core.workflow import selectors as workflow_selectors
from yiwang.core.workflow import services as workflow
from yiwang.core.workflow.errors import WorkflowError
from yiwang.core.workflow.models import ProcessInstance, WorkItem

from .. import permissions
from ..models import (
    Distribution,
    Document,
    DocumentType,
    HandlingAssignment,
    IncomingDocument,
    IncomingNumberCounter,
    IncomingOpinion,
    Urgency,
    format_incoming_number,
)
from .drafting import refuse_classified
from .errors import DocumentRefused

PROCESS_KEY = "documents.incoming"
FILE_PURPOSE = "attachment"
Status = IncomingDocument.Status
# BPMN element id → the 收文's status while that step is open (processes/incoming.bpmn).
STEP_STATUS = {
    "register": Status.REGISTER,
    "review": Status.REVIEW,
    "propose": Status.PROPOSE,
    "instruct": Status.INSTRUCT,
    "assign": Status.ASSIGN,
    "handle": Status.HANDLE,
    "finish": Status.FINISH,
}
STEP_NAMES = {element: status.label for element, status in STEP_STATUS.items()}
URGENCY: dict[str, str] = {
    Urgency.URGENT: ProcessInstance.Urgency.URGENT,
    Urgency.EXTRA_URGENT: ProcessInstance.Urgency.VERY_URGENT,
}
REFUSALS = {
    "receive": "您没有本机关的收文签收、登记权限。",
    "instruct": "只有收文机关的领导才能批办。",
    "handle": "您不是该承办单位的工作人员，不能填报办理结果。",
}
URGENT_NEEDS_DEADLINE = "紧急公文（加急、特急）必须规定办理期限。"


def number_prefix() -> str:
    """The 收文号's prefix: 收〔2026〕15号 unless the site sets DOCUMENTS_INCOMING_PREFIX."""
    return str(getattr(settings, "DOCUMENTS_INCOMING_PREFIX", "") or "收")


def subject(incoming: IncomingDocument) -> workflow.Subject:
    return workflow.Subject(
        type="documents.incoming",
        id=str(incoming.pk),
        url=reverse("documents_staff_incoming", args=[incoming.pk]),
    )


def _run(action: Any) -> Any:
    try:
        return action()
    except WorkflowError as error:
        raise DocumentRefused(error.message, code=error.code) from error


def _locked(incoming: IncomingDocument) -> IncomingDocument:
    return IncomingDocument.objects.select_for_update().select_related("agency").get(pk=incoming.pk)


def _require(by: Any, verb: str, agency_id: int, refusal: str) -> None:
    if not permissions.can_step(by, verb, agency_id):
        raise DocumentRefused(refusal, code="forbidden")


def _refuse_ended(incoming: IncomingDocument) -> None:
    if incoming.status == Status.RETURNED:
        raise DocumentRefused("该收文已退回来文单位，不能再办理。", code="returned")
    if incoming.status == Status.DONE:
        raise DocumentRefused("该收文已办结。", code="done")


def _open_item(incoming: IncomingDocument, element_id: str, by: Any, *, agency: Agency | None = None) -> WorkItem:
    """The actor's open item at `element_id` (a group item is claimed for them), or a refusal
    saying where the 收文 is. With `agency` (承办), that department's item comes first."""
    _refuse_ended(incoming)
    if incoming.process_id:
        acting = workflow_selectors.get_acting(by)
        instance = workflow_selectors.get_instance(incoming.process_id)
        items = list(workflow_selectors.list_open_items(instance).filter(element_id=element_id))
        if agency is not None:
            staff = set(Membership.objects.filter(agency=agency).values_list("user_id", flat=True))
            items.sort(key=lambda i: 0 if i.candidate_agency_id == agency.pk or i.assignee_id in staff else 1)
        for item in items:
            if workflow_selectors.can_act_on(by, item, acting):
                if item.assignee_id is None:
                    return _run(lambda found=item: workflow.claim(found, actor=by))  # type: ignore[no-any-return]
                return item
    if incoming.status != STEP_STATUS.get(element_id):
        raise DocumentRefused(
            f"该收文当前在“{incoming.get_status_display()}”环节，不能办理“{STEP_NAMES.get(element_id, element_id)}”。"
            "请刷新后重试。",
            code="wrong_step",
        )
    raise DocumentRefused(f"“{STEP_NAMES.get(element_id, element_id)}”不是您的待办事项。", code="not_yours")


def sync_status(incoming: IncomingDocument) -> None:
    """Mirror the open step onto the row (办结 when the process has ended)."""
    if not incoming.process_id or incoming.status == Status.RETURNED:
        return
    instance = workflow_selectors.get_instance(incoming.process_id)
    elements = list(
        workflow_selectors.list_open_items(instance)
        .filter(kind=WorkItem.Kind.TODO)
        .values_list("element_id", flat=True)
    )
    if elements:
        incoming.status = STEP_STATUS.get(elements[0], incoming.status)
    elif instance.status == ProcessInstance.Status.COMPLETED:
        incoming.status = Status.DONE


def record_opinion(
    incoming: IncomingDocument,
    *,
    step: str,
    person: Any,
    agency: Agency | None,
    text: str,
    result: str = IncomingOpinion.Result.DONE,
) -> IncomingOpinion:
    return IncomingOpinion.objects.create(
        incoming=incoming, step=step, person=person, agency=agency, text=text.strip(), result=result
    )


def _source_name(document: Document) -> str:
    """来文单位: the 发文机关标志 if set, else the issuers' full names (主办 first)."""
    if document.issuer_mark:
        return document.issuer_mark[:100]
    names = [row.agency.full_name for row in document.issuers.select_related("agency").order_by("order", "id")]
    return ("、".join(names) or document.agency.full_name)[:100]


# ---------------------------------------------------------------------------------------------
# 公文交换: arrival and 签收


def _receiving_staff(agency_id: int) -> list[Any]:
    """Who signs for the agency's 收文: its staff holding `documents.receive` there."""
    posts = Membership.objects.filter(agency_id=agency_id, user__is_active=True).select_related("user")
    people = {post.user_id: post.user for post in posts}
    return [user for user in people.values() if permissions.can_step(user, permissions.RECEIVE, agency_id)]


def receive_distributions(
    *, document: Document, distributions: list[Distribution], by: Any, ip: str | None = None
) -> list[IncomingDocument]:
    """分发 → 收文: one 收文 waiting for 签收 per recipient agency. Runs in 分发's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("receive_distributions runs inside the 分发 transaction")
    source = _source_name(document)
    rows = [
        IncomingDocument(
            agency_id=row.recipient_id,
            distribution=row,
            title=document.title,
            source_agency_id=document.agency_id,
            source_name=source,
            source_number=document.doc_number,
            doc_type=document.doc_type,
            urgency=document.urgency,
            written_on=document.written_on,
            pages=document.pages,
            year=timezone.localdate(row.sent_at).year,
            received_at=row.sent_at,
            status=Status.SIGN_FOR,
            created_by=by,
        )
        for row in distributions
    ]
    IncomingDocument.objects.bulk_create(rows)
    for row in rows:
        notify(
            recipients=_receiving_staff(row.agency_id),
            template="documents.incoming_arrived",
            context={"url": reverse("documents_staff_incoming", args=[row.pk])},
            obj=row,
            actor=by,
        )
    audit.record(
        event="documents.incoming_arrive",
        actor=by,
        obj=document,
        ip=ip,
        detail={"recipients": [row.recipient_id for row in distributions]},
    )
    return rows


def receive_distribution(*, distribution: Distribution, by: Any, ip: str | None = None) -> IncomingDocument:
    """One recipient's 收文 for a `Distribution` (see `receive_distributions`)."""
    with transaction.atomic():
        return receive_distributions(document=distribution.document, distributions=[distribution], by=by, ip=ip)[0]


def _start(incoming: IncomingDocument, by: Any, ip: str | None) -> None:
    instance = _run(
        lambda: workflow.start(
            key=PROCESS_KEY,
            title=f"收文：{incoming.title}",
            initiator=by,
            agency=incoming.agency,
            subject=subject(incoming),
            urgency=URGENCY.get(incoming.urgency, ProcessInstance.Urgency.NORMAL),
            variables={
                "incoming_id": incoming.pk,
                "compliant": True,
                "needs_handling": False,
                "handling_agencies": [],
            },
            ip=ip,
        )
    )
    incoming.process_id = str(instance.pk)


def sign_for(*, incoming: IncomingDocument, by: Any, ip: str | None = None) -> IncomingDocument:
    """签收: the receiving agency takes the document; the sender sees the time on its 分发 record,
    and the 收文 process starts with the signer's 登记 in their 待办."""
    with transaction.atomic():
        incoming = _locked(incoming)
        _require(by, permissions.RECEIVE, incoming.agency_id, REFUSALS["receive"])
        _refuse_ended(incoming)
        if incoming.status != Status.SIGN_FOR:
            raise DocumentRefused("该收文已签收。", code="signed")
        now = timezone.now()
        incoming.signed_for_at, incoming.signed_for_by = now, by
        if incoming.distribution_id:
            Distribution.objects.filter(pk=incoming.distribution_id).update(signed_for_at=now, signed_for_by=by)
        _start(incoming, by, ip)
        record_opinion(incoming, step="签收", person=by, agency=incoming.agency, text="已签收")
        sync_status(incoming)
        incoming.save()
        audit.record(event="documents.incoming_sign_for", actor=by, obj=incoming, ip=ip, detail={})
    return incoming


# ---------------------------------------------------------------------------------------------
# 登记


def allocate_number(*, agency: Agency, year: int) -> int:
    """The next 收文号 serial of `agency` in `year`, in the transaction that stamps it: no gaps,
    none used twice (a rolled-back 登记 gives its serial back with everything else)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_number must run inside the 登记 transaction")
    counter = IncomingNumberCounter.objects.select_for_update().filter(agency=agency, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():  # savepoint: another 登记 may create the row first
                IncomingNumberCounter.objects.create(agency=agency, year=year, last=0)
        except IntegrityError:
            pass
        counter = IncomingNumberCounter.objects.select_for_update().get(agency=agency, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _stamp_number(incoming: IncomingDocument, by: Any, now: datetime.datetime) -> None:
    year = timezone.localdate(now).year
    serial = allocate_number(agency=incoming.agency, year=year)
    incoming.year, incoming.number_serial = year, serial
    incoming.number = format_incoming_number(number_prefix(), year, serial)
    incoming.registered_at, incoming.registered_by = now, by


def register(*, incoming: IncomingDocument, by: Any, ip: str | None = None) -> IncomingDocument:
    """登记: the next 收文号 of the receiving agency this year; the document goes to 初审."""
    with transaction.atomic():
        incoming = _locked(incoming)
        _require(by, permissions.RECEIVE, incoming.agency_id, REFUSALS["receive"])
        item = _open_item(incoming, "register", by)
        if incoming.number:
            raise DocumentRefused(f"该收文已登记（{incoming.number}）。", code="registered")
        _stamp_number(incoming, by, timezone.now())
        _run(lambda: workflow.complete(item, actor=by, opinion=f"登记：{incoming.number}", ip=ip))
        record_opinion(incoming, step="登记", person=by, agency=incoming.agency, text=incoming.number)
        sync_status(incoming)
        incoming.save()
        audit.record(
            event="documents.incoming_register",
            actor=by,
            obj=incoming,
            ip=ip,
            detail={"number": incoming.number, "year": incoming.year, "serial": incoming.number_serial},
        )
    return incoming


def register_external(
    *,
    agency: Agency,
    by: Any,
    title: str,
    source_name: str,
    source_number: str = "",
    doc_type: str = "",
    urgency: str = "",
    written_on: datetime.date | None = None,
    pages: int | None = None,
    secrecy: str = "",
    file: UploadedFile[bytes] | None = None,
    ip: str | None = None,
) -> IncomingDocument:
    """来文登记: a paper or off-platform document, signed for and registered at once (收文号), with
    its scanned file; it goes straight to 初审."""
    _require(by, permissions.RECEIVE, agency.pk, REFUSALS["receive"])
    refuse_classified(secrecy)
    errors: dict[str, str] = {}
    title, source_name, source_number = (
        (title or "").strip(),
        (source_name or "").strip(),
        (source_number or "").strip(),
    )
    if not title:
        errors["title"] = "请填写来文标题。"
    if not source_name:
        errors["source_name"] = "请填写来文单位。"
    if doc_type and doc_type not in DocumentType.values:
        errors["doc_type"] = "请选择有效的文种。"
    if urgency not in Urgency.values:
        errors["urgency"] = "请选择有效的紧急程度。"
    if written_on is not None and written_on > timezone.localdate():
        errors["written_on"] = "成文日期不能晚于今天。"
    if errors:
        raise DocumentRefused("请按提示修改。", errors=errors, code="bad_input")
    with transaction.atomic():
        now = timezone.now()
        incoming = IncomingDocument.objects.create(
            agency=agency,
            title=title[:200],
            source_name=source_name[:100],
            source_number=source_number[:40],
            doc_type=doc_type,
            urgency=urgency,
            written_on=written_on,
            pages=pages,
            year=timezone.localdate(now).year,
            received_at=now,
            signed_for_at=now,
            signed_for_by=by,
            status=Status.REGISTER,
            created_by=by,
        )
        if file is not None:
            try:
                incoming.file = files.upload(file=file, purpose=FILE_PURPOSE, user=by, owner=incoming, ip=ip)
            except files.UploadRejected as error:
                raise DocumentRefused(error.message, errors={"file": error.message}, code="bad_file") from error
        _start(incoming, by, ip)
        _stamp_number(incoming, by, now)
        item = _open_item(incoming, "register", by)
        _run(lambda: workflow.complete(item, actor=by, opinion=f"来文登记：{incoming.number}", ip=ip))
        record_opinion(incoming, step="登记", person=by, agency=agency, text=f"来文登记 {incoming.number}")
        sync_status(incoming)
        incoming.save()
        audit.record(
            event="documents.incoming_register_external",
            actor=by,
            obj=incoming,
            ip=ip,
            detail={"number": incoming.number, "source": source_name, "file": str(incoming.file_id or "")},
        )
    return incoming


# ---------------------------------------------------------------------------------------------
# 初审, 拟办, 批办


def pass_review(*, incoming: IncomingDocument, by: Any, opinion: str = "", ip: str | None = None) -> IncomingDocument:
    """初审通过: the document is in order and goes to 拟办."""
    with transaction.atomic():
        incoming = _locked(incoming)
        _require(by, permissions.RECEIVE, incoming.agency_id, REFUSALS["receive"])
        item = _open_item(incoming, "review", by)
        text = opinion.strip() or "符合要求"
        _run(lambda: workflow.complete(item, actor=by, opinion=text, data={"compliant": True}, ip=ip))
        record_opinion(incoming, step="初审", person=by, agency=incoming.agency, text=text)
        sync_status(incoming)
        incoming.save()
        audit.record(event="documents.incoming_review", actor=by, obj=incoming, ip=ip, detail={})
    return incoming


def return_incoming(*, incoming: IncomingDocument, by: Any, reason: str, ip: str | None = None) -> IncomingDocument:
    """退回 a non-compliant document to its sender with the reason — before 签收 or at 初审. The
    sender's document page shows the reason on its 分发 record; the 收文 process ends."""
    reason = (reason or "").strip()
    if not reason:
        raise DocumentRefused("请填写退回理由。", errors={"reason": "请填写退回理由。"}, code="reason_required")
    with transaction.atomic():
        incoming = _locked(incoming)
        _require(by, permissions.RECEIVE, incoming.agency_id, REFUSALS["receive"])
        _refuse_ended(incoming)
        if incoming.status == Status.SIGN_FOR:
            pass
        elif incoming.status == Status.REVIEW:
            item = _open_item(incoming, "review", by)
            _run(lambda: workflow.complete(item, actor=by, opinion=reason, data={"compliant": False}, ip=ip))
        else:
            raise DocumentRefused("只有在签收前或初审时才能退回来文单位。", code="wrong_step")
        now = timezone.now()
        incoming.returned_at, incoming.returned_by, incoming.return_reason = now, by, reason
        incoming.status = Status.RETURNED
        if incoming.distribution_id:
            Distribution.objects.filter(pk=incoming.distribution_id).update(returned_at=now, return_reason=reason)
        record_opinion(
            incoming,
            step="初审" if incoming.process_id else "签收",
            person=by,
            agency=incoming.agency,
            text=reason,
            result=IncomingOpinion.Result.RETURN,
        )
        incoming.save()
        audit.record(event="documents.incoming_return", actor=by, obj=incoming, ip=ip, detail={"reason": reason})
    return incoming


def propose(*, incoming: IncomingDocument, by: Any, text: str, ip: str | None = None) -> IncomingDocument:
    """拟办: the office's proposal of how to handle it, for the leader's 批办."""
    text = (text or "").strip()
    if not text:
        raise DocumentRefused("请填写拟办意见。", errors={"text": "请填写拟办意见。"}, code="text_required")
    with transaction.atomic():
        incoming = _locked(incoming)
        _require(by, permissions.RECEIVE, incoming.agency_id, REFUSALS["receive"])
        item = _open_item(incoming, "propose", by)
        _run(lambda: workflow.complete(item, actor=by, opinion=text, ip=ip))
        incoming.proposal, incoming.proposed_by, incoming.proposed_at = text, by, timezone.now()
        record_opinion(incoming, step="拟办", person=by, agency=incoming.agency, text=text)
        sync_status(incoming)
        incoming.save()
        audit.record(event="documents.incoming_propose", actor=by, obj=incoming, ip=ip, detail={})
    return incoming


def instruct(
    *, incoming: IncomingDocument, by: Any, text: str = "", circled: bool = False, ip: str | None = None
) -> IncomingDocument:
    """批办/阅批: the leader's 批示, or 圈阅 (read and agreed with the 拟办意见, no text needed)."""
    text = (text or "").strip()
    if not text and not circled:
        raise DocumentRefused(
            "请填写批示意见，或选择圈阅。", errors={"text": "请填写批示意见，或选择圈阅。"}, code="text_required"
        )
    with transaction.atomic():
        incoming = _locked(incoming)
        _require(by, permissions.INSTRUCT, incoming.agency_id, REFUSALS["instruct"])
        item = _open_item(incoming, "instruct", by)
        shown = text or "圈阅"
        _run(lambda: workflow.complete(item, actor=by, opinion=shown, ip=ip))
        incoming.instruction, incoming.circled = text, circled
        incoming.instructed_by, incoming.instructed_at = by, timezone.now()
        record_opinion(
            incoming,
            step="批办",
            person=by,
            agency=incoming.agency,
            text=shown,
            result=IncomingOpinion.Result.CIRCLE if circled and not text else IncomingOpinion.Result.DONE,
        )
        sync_status(incoming)
        incoming.save()
        audit.record(event="documents.incoming_instruct", actor=by, obj=incoming, ip=ip, detail={"circled": circled})
    return incoming


# ---------------------------------------------------------------------------------------------
# 分办, 承办, 办结


def assign_handling(
    *,
    incoming: IncomingDocument,
    by: Any,
    main_agency: Agency | None,
    assist_agencies: list[Agency] | tuple[Agency, ...] = (),
    deadline: datetime.date | None = None,
    ip: str | None = None,
) -> IncomingDocument:
    """分办: the 主办 department and any 协办 departments, with the 办理期限 (required for 加急/特急);
    each gets a 承办 item in its 待办."""
    errors: dict[str, str] = {}
    assist = [agency for agency in assist_agencies if main_agency is None or agency.pk != main_agency.pk]
    if main_agency is None:
        errors["main_agency"] = "请选择主办单位。"
    if main_agency is not None and len(assist) != len(assist_agencies):
        errors["assist_agencies"] = "主办单位不能同时作为协办单位。"
    if deadline is None and incoming.is_urgent:
        errors["deadline"] = URGENT_NEEDS_DEADLINE
    if deadline is not None and deadline < timezone.localdate():
        errors["deadline"] = "办理期限不能早于今天。"
    if errors:
        message = URGENT_NEEDS_DEADLINE if errors.get("deadline") == URGENT_NEEDS_DEADLINE else "请按提示修改。"
        raise DocumentRefused(message, errors=errors, code="bad_input")
    assert main_agency is not None
    with transaction.atomic():
        incoming = _locked(incoming)
        _require(by, permissions.RECEIVE, incoming.agency_id, REFUSALS["receive"])
        item = _open_item(incoming, "assign", by)
        now = timezone.now()
        rows = [
            HandlingAssignment(
                incoming=incoming,
                agency=agency,
                role=role,
                deadline=deadline,
                assigned_at=now,
                assigned_by=by,
            )
            for agency, role in [
                (main_agency, HandlingAssignment.Role.MAIN),
                *((agency, HandlingAssignment.Role.ASSIST) for agency in assist),
            ]
        ]
        HandlingAssignment.objects.bulk_create(rows)
        names = f"主办：{main_agency.full_name}"
        if assist:
            names += "；协办：" + "、".join(agency.full_name for agency in assist)
        if deadline is not None:
            names += f"；办理期限：{deadline:%Y-%m-%d}"
        data = {"needs_handling": True, "handling_agencies": [row.agency_id for row in rows]}
        _run(lambda: workflow.complete(item, actor=by, opinion=names, data=data, ip=ip))
        incoming.deadline = deadline
        record_opinion(incoming, step="分办", person=by, agency=incoming.agency, text=names)
        sync_status(incoming)
        incoming.save()
        audit.record(
            event="documents.incoming_assign",
            actor=by,
            obj=incoming,
            ip=ip,
            detail={"main": main_agency.pk, "assist": [a.pk for a in assist], "deadline": str(deadline or "")},
        )
    return incoming


def report_handling(
    *, incoming: IncomingDocument, by: Any, agency: Agency, result: str, ip: str | None = None
) -> HandlingAssignment:
    """承办: the 主办 or a 协办 department reports its result; when all have, it goes to 办结."""
    result = (result or "").strip()
    if not result:
        raise DocumentRefused("请填写办理结果。", errors={"result": "请填写办理结果。"}, code="text_required")
    with transaction.atomic():
        incoming = _locked(incoming)
        _require(by, permissions.HANDLE, agency.pk, REFUSALS["handle"])
        row = HandlingAssignment.objects.select_for_update().filter(incoming=incoming, agency=agency).first()
        if row is None:
            raise DocumentRefused(f"{agency.full_name}不是该收文的承办单位。", code="not_handler")
        if row.done_at is not None:
            raise DocumentRefused(f"{agency.full_name}已填报办理结果。", code="already_done")
        item = _open_item(incoming, "handle", by, agency=agency)
        _run(lambda: workflow.complete(item, actor=by, opinion=result, ip=ip))
        row.result, row.done_at, row.done_by = result, timezone.now(), by
        row.save(update_fields=["result", "done_at", "done_by"])
        record_opinion(incoming, step=f"承办（{row.get_role_display()}）", person=by, agency=agency, text=result)
        sync_status(incoming)
        incoming.save()
        audit.record(event="documents.incoming_handle", actor=by, obj=incoming, ip=ip, detail={"agency": agency.pk})
    return row


def complete(*, incoming: IncomingDocument, by: Any, reply: str, ip: str | None = None) -> IncomingDocument:
    """办结 with the 答复 (or the account of how it was handled). From 分办 it closes a document
    that needs no 承办 (阅知 only)."""
    reply = (reply or "").strip()
    if not reply:
        raise DocumentRefused(
            "请填写办结情况或答复内容。", errors={"reply": "请填写办结情况或答复内容。"}, code="text_required"
        )
    with transaction.atomic():
        incoming = _locked(incoming)
        _require(by, permissions.RECEIVE, incoming.agency_id, REFUSALS["receive"])
        if incoming.status == Status.ASSIGN:
            assign_item = _open_item(incoming, "assign", by)
            _run(lambda: workflow.complete(assign_item, actor=by, opinion="无需承办", data={"needs_handling": False}))
            sync_status(incoming)
        item = _open_item(incoming, "finish", by)
        _run(lambda: workflow.complete(item, actor=by, opinion=reply, ip=ip))
        incoming.completed_at, incoming.completed_by, incoming.reply = timezone.now(), by, reply
        record_opinion(incoming, step="办结", person=by, agency=incoming.agency, text=reply)
        sync_status(incoming)
        incoming.save()
        audit.record(event="documents.incoming_complete", actor=by, obj=incoming, ip=ip, detail={})
    return incoming


# ---------------------------------------------------------------------------------------------
# 传阅, 阅知, 催办


def _require_office(incoming: IncomingDocument, by: Any) -> None:
    if not (
        permissions.can_step(by, permissions.RECEIVE, incoming.agency_id)
        or permissions.can_step(by, permissions.INSTRUCT, incoming.agency_id)
    ):
        raise DocumentRefused("您不是收文机关的办文人员或领导。", code="forbidden")


def _fresh(incoming: IncomingDocument) -> IncomingDocument:
    """The row as stored (the caller's copy may predate 签收 or 退回)."""
    return IncomingDocument.objects.select_related("agency").get(pk=incoming.pk)


def _instance(incoming: IncomingDocument) -> ProcessInstance:
    if not incoming.process_id:
        raise DocumentRefused("该收文尚未签收。", code="not_signed")
    return workflow_selectors.get_instance(incoming.process_id)


def circulate(
    *, incoming: IncomingDocument, by: Any, recipients: list[Any], note: str = "", ip: str | None = None
) -> list[WorkItem]:
    """传阅: a 待阅 item for each person; their 阅知 time is recorded by the engine."""
    incoming = _fresh(incoming)
    _require_office(incoming, by)
    if incoming.status == Status.RETURNED:
        raise DocumentRefused("该收文已退回来文单位，不能传阅。", code="returned")
    if not recipients:
        raise DocumentRefused("请选择传阅人员。", errors={"recipients": "请选择传阅人员。"}, code="bad_input")
    instance = _instance(incoming)
    with transaction.atomic():
        items = _run(lambda: workflow.circulate(instance, actor=by, recipients=list(recipients), note=note, ip=ip))
        names = "、".join(str(getattr(user, "display_name", "") or user) for user in recipients)
        record_opinion(incoming, step="传阅", person=by, agency=incoming.agency, text=f"传阅：{names}")
        audit.record(
            event="documents.incoming_circulate",
            actor=by,
            obj=incoming,
            ip=ip,
            detail={"recipients": [user.pk for user in recipients]},
        )
    return list(items)


def mark_read(*, incoming: IncomingDocument, by: Any, opinion: str = "", ip: str | None = None) -> WorkItem:
    """阅知: the reader's own open 待阅 item on this 收文."""
    incoming = _fresh(incoming)
    instance = _instance(incoming)
    item = (
        WorkItem.objects.filter(
            instance_id=instance.pk, kind=WorkItem.Kind.READ, state=WorkItem.State.OPEN, assignee_id=by.pk
        )
        .order_by("created_at")
        .first()
    )
    if item is None:
        raise DocumentRefused("您没有该收文的待阅事项。", code="not_yours")
    with transaction.atomic():
        done = _run(lambda: workflow.mark_read(item, actor=by, opinion=opinion.strip(), ip=ip))
        audit.record(event="documents.incoming_read", actor=by, obj=incoming, ip=ip, detail={})
    return done  # type: ignore[no-any-return]


def urge(*, incoming: IncomingDocument, by: Any, message: str = "", ip: str | None = None) -> list[WorkItem]:
    """催办: remind whoever holds an open step (the 承办 departments, the leader …) — a message each."""
    incoming = _fresh(incoming)
    _require_office(incoming, by)
    _refuse_ended(incoming)
    instance = _instance(incoming)
    items = [
        item
        for item in workflow_selectors.list_open_items(instance).filter(kind=WorkItem.Kind.TODO)
        if item.assignee_id != by.pk
    ]
    if not items:
        raise DocumentRefused("当前没有可催办的待办事项。", code="nothing_to_urge")
    text = message.strip() or "请抓紧办理。"
    with transaction.atomic():
        for item in items:
            _run(lambda item=item: workflow.urge(item, actor=by, message=text, ip=ip))
        record_opinion(
            incoming,
            step="催办",
            person=by,
            agency=incoming.agency,
            text=f"催办“{'、'.join(dict.fromkeys(i.step_name for i in items))}”：{text}",
        )
        audit.record(event="documents.incoming_urge", actor=by, obj=incoming, ip=ip, detail={"items": len(items)})
    return items
