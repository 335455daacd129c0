"""督办 hook: any document (or a leader's 批示 on it) flagged for follow-up with a deadline and
progress notes — the data the later 督办 module reads."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from yiwang.core.audit import services as audit
from yiwang.core.orgs.models import Agency

from .. import permissions
from ..models import Document, SupervisionFlag, SupervisionNote
from .errors import DocumentRefused


def flag_for_supervision(
    *,
    document: Document,
    by: Any,
    instruction: str,
    deadline: datetime.date,
    responsible_agency: Agency | None = None,
    ip: str | None = None,
) -> SupervisionFlag:
    """立项督办 on a document, with the instruction (事项或领导批示) and a deadline."""
    if not permissions.can_supervise(by, document.agency_id):
        raise DocumentRefused("您没有督办权限。", code="forbidden")
    errors = {}
    if not instruction.strip():
        errors["instruction"] = "请填写督办事项或领导批示。"
    if deadline < timezone.localdate():
        errors["deadline"] = "办结期限不能早于今天。"
    if errors:
        raise DocumentRefused("请按提示修改。", errors=errors, code="bad_input")
    with transaction.atomic():
        flag = SupervisionFlag.objects.create(
            document=document,
            instruction=instruction.strip(),
            deadline=deadline,
            responsible_agency=responsible_agency or document.agency,
            flagged_by=by,
        )
        audit.record(
            event="documents.flag_supervision",
            actor=by,
            obj=document,
            ip=ip,
            detail={"flag": flag.pk, "deadline": deadline.isoformat()},
        )
    return flag


def add_progress_note(*, flag: SupervisionFlag, by: Any, text: str, ip: str | None = None) -> SupervisionNote:
    """进展情况: by the supervisor or staff of the responsible agency."""
    agency_id = flag.responsible_agency_id or flag.document.agency_id
    if not (
        permissions.can_supervise(by, flag.document.agency_id) or permissions.can_step(by, permissions.VIEW, agency_id)
    ):
        raise DocumentRefused("您不能填报该督办事项的进展。", code="forbidden")
    if not text.strip():
        raise DocumentRefused("请填写进展情况。", errors={"text": "请填写进展情况。"}, code="bad_input")
    if flag.closed_at is not None:
        raise DocumentRefused("该督办事项已办结。", code="closed")
    with transaction.atomic():
        note = SupervisionNote.objects.create(flag=flag, author=by, text=text.strip())
        audit.record(event="documents.supervision_note", actor=by, obj=flag.document, ip=ip, detail={"flag": flag.pk})
    return note


def close_supervision(*, flag: SupervisionFlag, by: Any, ip: str | None = None) -> SupervisionFlag:
    """办结 a 督办 item."""
    if not permissions.can_supervise(by, flag.document.agency_id):
        raise DocumentRefused("您没有督办权限。", code="forbidden")
    with transaction.atomic():
        flag = SupervisionFlag.objects.select_for_update().get(pk=flag.pk)
        if flag.closed_at is not None:
            raise DocumentRefused("该督办事项已办结。", code="closed")
        flag.closed_at, flag.closed_by = timezone.now(), by
        flag.save(update_fields=["closed_at", "closed_by"])
        audit.record(event="documents.close_supervision", actor=by, obj=flag.document, ip=ip, detail={"flag": flag.pk})
    return flag
