"""Writes of 办件 (applications). Each transition is one keyword-only service: one transaction, the
audit entry inside it, the applicant told through the notification service (in-app now, email and
SMS after commit). A wrong step is refused with `ApplicationRefused` (Chinese message, a code)
and nothing is written.

The staff steps run on the workflow engine as `servicehall.application`. The engine needs a staff
initiator, so — like 诉求's 派单 — the process starts at the first staff action on the application
(the window's 预审 decision): the 预审 item goes to that window clerk and is completed at once with
the outcome. 补正 waits in `await_correction` (held by the same clerk); the applicant's resubmission
completes it on the clerk's behalf and the application returns to 预审. `Application.status` mirrors
the open step (`_sync_status`).

Clocks (core calendar, working days, 行政许可法第八十二条):
- `pre-review-N`: 5 working days from receipt (Art. 32), stopped by the 补正/不予受理/受理 notice;
  a resubmission after 补正 starts the next one. Accepted after it ran out, the application counts
  as accepted from receipt: the statutory and promised clocks start at the 预审 clock's start.
- `statutory` (item.statutory_days; 20 for a 行政许可 without its own, Art. 42) and `promised`
  (item.promised_days), side by side from 受理; a 即办件 (0 days) has neither.
- `delivery`: 10 working days from a 准予 decision (Art. 44).
- `verify-N`: the 告知承诺 verification deadline.
特别程序 pauses `statutory` and `promised` (Art. 45); an extension adds 10 working days to
`statutory` with the agency head's approval. Overdue reminders come from
`calendar.send_clock_reminders` to each clock's responsible agency.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from yiwang.core.accounts.models import User
from yiwang.core.audit import services as audit
from yiwang.core.calendar import selectors as calendar_selectors
from yiwang.core.calendar import services as calendar
from yiwang.core.calendar.models import Clock
from yiwang.core.calendar.services import ClockError
from yiwang.core.calendar.workcalendar import UnknownCalendarYear, add_working_days
from yiwang.core.files import services as files
from yiwang.core.files.purposes import MB, register_purpose
from yiwang.core.files.services import UploadRejected
from yiwang.core.notifications.services import notify
from yiwang.core.orgs.models import Membership
from yiwang.core.permissions import access
from yiwang.core.workflow import selectors as workflow_selectors
from yiwang.core.workflow import services as workflow
from yiwang.core.workflow.errors import WorkflowError
from yiwang.core.workflow.models import WorkItem

from ...models import (
    Application,
    ApplicationMaterial,
    ApplicationNotice,
    DeferralCommitment,
    PromiseVerification,
    ServiceItem,
    ServiceMaterial,
    SpecialProcedure,
)
from . import numbering

PROCESS_KEY = "servicehall.application"
MATERIAL_PURPOSE = "servicehall.material"
ACCEPT_VERB = "servicehall.accept"  # 窗口: 预审, 补正, 受理/不予受理, 送达
EXAMINE_VERB = "servicehall.examine"  # 审查, 特别程序, 核查
DECIDE_VERB = "servicehall.decide"  # 决定, 撤销

PRE_REVIEW_DAYS = 5  # 行政许可法第三十二条
LICENSING_DAYS = 20  # 行政许可法第四十二条
EXTENSION_DAYS = 10  # 行政许可法第四十二条：经本行政机关负责人批准，可以延长十日
DELIVERY_DAYS = 10  # 行政许可法第四十四条
PRE_REVIEW_BASIS = "行政许可法第三十二条：材料不齐全或不符合法定形式的，五日内一次告知申请人需要补正的全部内容"
LICENSING_BASIS = "行政许可法第四十二条：自受理之日起二十日内作出决定"
DELIVERY_BASIS = "行政许可法第四十四条：自作出决定之日起十日内颁发、送达行政许可证件"
REMEDIES = (
    "如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，"
    "或者自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。"
)
TEXT_MAX = 2000

STATUS_OF_STEP = {
    "pre_review": Application.Status.PRE_REVIEW,
    "await_correction": Application.Status.CORRECTION,
    "examine": Application.Status.EXAMINING,
    "decide": Application.Status.DECIDING,
    "deliver": Application.Status.DELIVERING,
}

register_purpose(
    MATERIAL_PURPOSE,
    allowed_types={"application/pdf", "application/ofd", "image/jpeg", "image/png"},
    max_bytes=20 * MB,
    label="政务服务申请材料",
)


class ApplicationRefused(Exception):
    """A transition refused with a Chinese message; nothing was changed. `errors` maps form fields
    (or material ids as "material-<id>") to their messages, for the form to show beside each."""

    def __init__(self, message: str, *, code: str = "refused", errors: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.errors = dict(errors or {})


def _settings() -> dict[str, Any]:
    return dict(getattr(settings, "YIWANG_SERVICEHALL", {}))


def _now() -> datetime:
    """The moment of a transition (one place, so tests can move time)."""
    return timezone.now()


def _text(value: str | None, label: str, *, required: bool = True, limit: int = TEXT_MAX) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ApplicationRefused(f"请填写{label}。", code="bad_input", errors={label: f"请填写{label}。"})
    if len(value) > limit:
        raise ApplicationRefused(f"{label}不能超过 {limit} 个字。", code="bad_input")
    return value


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("item", "agency", "owner").get(pk=application.pk)


def _require(actor: Any, verb: str, application: Application) -> None:
    if not access.can(actor, verb, agency_id=application.agency_id):
        raise ApplicationRefused("您无权办理该机构的这一办件环节。", code="forbidden")


def _require_status(application: Application, *statuses: str, action: str) -> None:
    if application.status not in statuses:
        raise ApplicationRefused(
            f"办件当前状态为“{application.get_status_display()}”，不能{action}。", code="wrong_step"
        )


def _clock(application: Application, kind: str) -> Clock | None:
    return calendar_selectors.get_clock_for(application, kind=kind)


def _open_clock(application: Application, kind: str) -> Clock | None:
    clock = _clock(application, kind)
    return clock if clock is not None and clock.is_open else None


def _stop(application: Application, kind: str, *, actor: Any, at: datetime) -> None:
    clock = _open_clock(application, kind)
    if clock is not None:
        calendar.stop_clock(clock=clock, actor=actor, at=at)  # an open pause closes at the same moment


def _pre_review_kind(application: Application) -> str:
    count = calendar_selectors.list_clocks_for(application).filter(kind__startswith="pre-review-").count()
    return f"pre-review-{count + 1}"


def _start_pre_review_clock(application: Application, *, at: datetime, actor: Any) -> Clock:
    return calendar.start_clock(
        obj=application,
        kind=_pre_review_kind(application),
        unit=Clock.Unit.WORKING_DAYS,
        limit=PRE_REVIEW_DAYS,
        start=at,
        basis=PRE_REVIEW_BASIS,
        remind_before=int(_settings().get("PRE_REVIEW_REMIND_BEFORE", 1)),
        responsible_agency=application.agency,
        actor=actor,
    )


def _pre_review_clock(application: Application) -> Clock | None:
    """The open 预审 clock (the newest pre-review-N)."""
    return (
        calendar_selectors.list_clocks_for(application)
        .filter(kind__startswith="pre-review-", state__in=Clock.OPEN_STATES)
        .last()
    )


def _stop_pre_review(application: Application, *, actor: Any, at: datetime) -> None:
    for clock in calendar_selectors.list_clocks_for(application).filter(
        kind__startswith="pre-review-", state__in=Clock.OPEN_STATES
    ):
        calendar.stop_clock(clock=clock, actor=actor, at=at)


def _tell(application: Application, template: str, **context: Any) -> None:
    notify(recipients=[application.owner], template=template, context=context, obj=application)


def _notice(
    application: Application, notice_kind: str, /, *, actor: Any, at: datetime, **content: Any
) -> ApplicationNotice:
    return ApplicationNotice.objects.create(
        application=application, kind=notice_kind, content=content, issued_at=at, issued_by=actor
    )


def _staff_url(application: Application) -> str:
    return f"/staff/servicehall/applications/{application.pk}/"


# ---------------------------------------------------------------------------------------------
# The workflow side


def review_steps(item: ServiceItem) -> list[str]:
    """The names of the item's 审查 steps (its ServiceSteps; one 审查 step when it lists none)."""
    return list(item.steps.order_by("sort_order", "id").values_list("name", flat=True)) or ["审查"]


def _open_item(application: Application, element_id: str) -> WorkItem | None:
    if not application.process_id:
        return None
    instance = workflow_selectors.get_instance(application.process_id)
    return workflow_selectors.list_open_items(instance).filter(element_id=element_id).first()


def _sync_status(application: Application) -> None:
    """Mirror the open step in `status` and `current_step` (the end states are set by their service)."""
    if not application.process_id:
        return
    instance = workflow_selectors.get_instance(application.process_id)
    item = workflow_selectors.list_open_items(instance).first()
    if item is None:
        return
    application.status = STATUS_OF_STEP.get(item.element_id, application.status)
    if item.element_id == "examine":
        steps = review_steps(application.item)
        application.current_step = steps[min(application.review_index, len(steps) - 1)]
    else:
        application.current_step = item.step_name[:60]


def _start_process(application: Application, *, actor: Any, ip: str | None) -> None:
    if application.process_id:
        return
    try:
        instance = workflow.start(
            key=PROCESS_KEY,
            title=f"办件 {application.number}：{application.item.name}",
            initiator=actor,
            agency=application.agency,
            subject=workflow.Subject(
                type="servicehall.application", id=str(application.pk), url=_staff_url(application)
            ),
            variables={
                "application_id": application.pk,
                "agency": application.agency_id,
                "review_index": 0,
                "review_steps": len(review_steps(application.item)),
            },
            ip=ip,
        )
    except WorkflowError as error:
        raise ApplicationRefused(error.message, code=error.code or "workflow") from error
    application.process_id = str(instance.pk)


def _complete(
    application: Application,
    element_id: str,
    *,
    actor: Any,
    opinion: str = "",
    data: dict[str, Any] | None = None,
    ip: str | None = None,
) -> None:
    item = _open_item(application, element_id)
    if item is None:
        raise ApplicationRefused("该办件当前不在这一环节，请刷新后重试。", code="wrong_step")
    try:
        if item.assignee_id is None:
            item = workflow.claim(item, actor=actor, ip=ip)  # a group item: the actor takes it
        workflow.complete(item, actor=actor, opinion=opinion, data=data, ip=ip)
    except WorkflowError as error:
        raise ApplicationRefused(error.message, code=error.code or "workflow") from error


# ---------------------------------------------------------------------------------------------
# 接件 — the applicant submits


def _check_files(materials: Mapping[int, ServiceMaterial], uploads: Mapping[int, Any]) -> None:
    unknown = [key for key in uploads if key not in materials]
    if unknown:
        raise ApplicationRefused("提交的材料不属于该事项，请刷新页面后重试。", code="bad_input")


def _store(row: ApplicationMaterial, upload: UploadedFile[bytes], *, user: Any, ip: str | None) -> ApplicationMaterial:
    try:
        row.file = files.upload(file=upload, purpose=MATERIAL_PURPOSE, user=user, owner=row, ip=ip)
    except UploadRejected as error:
        raise ApplicationRefused(
            f"“{row.material.name}”：{error}", code="bad_file", errors={f"material-{row.material_id}": str(error)}
        ) from error
    return row


def submit_application(
    *,
    item: ServiceItem,
    applicant: User,
    applicant_kind: str,
    applicant_name: str,
    form_data: Mapping[str, Any],
    form_version: int = 1,
    uploads: Mapping[int, UploadedFile[bytes]] | None = None,
    promises: Mapping[int, str] | None = None,
    ip: str | None = None,
) -> Application:
    """接件: store the application, one row per material of the item (submitted, missing, or — for
    an item allowing 告知承诺 — promised), the form data encrypted; take the 办件编号 and start the
    5-working-day 预审 clock. `uploads` and `promises` are keyed by ServiceMaterial id."""
    uploads, promises = dict(uploads or {}), {k: (v or "").strip() for k, v in (promises or {}).items()}
    if applicant.kind not in (User.Kind.CITIZEN, User.Kind.ENTERPRISE):
        raise ApplicationRefused("请以个人或法人账号提交申请。", code="not_applicant")
    if item.status != ServiceItem.Status.PUBLISHED or item.is_guided:
        raise ApplicationRefused("该事项暂不能在线申请。", code="not_open")
    if applicant_kind not in Application.ApplicantKind.values:
        raise ApplicationRefused(
            "请选择申请人类型。", code="bad_input", errors={"applicant_kind": "请选择申请人类型。"}
        )
    name = _text(applicant_name, "申请人名称", limit=200)
    materials = {m.pk: m for m in item.materials.all()}
    _check_files(materials, uploads)
    _check_files(materials, promises)
    if promises and not item.allows_promise:
        raise ApplicationRefused("该事项不适用告知承诺制，请提交证明材料。", code="no_promise")
    if (
        promises
        and PromiseVerification.objects.filter(
            application__owner=applicant, result=PromiseVerification.Result.FALSE
        ).exists()
    ):
        # 国办发〔2020〕42号: an applicant with a past false promise may not promise again until
        # their credit is repaired (the credit platform hook comes later; this is the platform's own record).
        raise ApplicationRefused("您有承诺不实的记录，暂不适用告知承诺制，请提交证明材料。", code="promise_excluded")
    for key, text in promises.items():
        if not text:
            raise ApplicationRefused(
                f"请填写“{materials[key].name}”的承诺内容。",
                code="bad_input",
                errors={f"material-{key}": "请填写承诺内容。"},
            )
    now = _now()
    with transaction.atomic():
        application = Application.objects.create(
            number=f"pending-{now.timestamp()}-{applicant.pk}",  # replaced below, in this transaction
            item=item,
            agency=item.agency,
            owner=applicant,
            applicant_kind=applicant_kind,
            applicant_name=name,
            form_data_encrypted=json.dumps(dict(form_data), ensure_ascii=False, sort_keys=True),
            form_version=form_version,
            promise_chosen=bool(promises),
            received_at=now,
        )
        for material in materials.values():
            row = ApplicationMaterial.objects.create(application=application, material=material)
            if material.pk in uploads:
                _store(row, uploads[material.pk], user=applicant, ip=ip)
                row.state = ApplicationMaterial.State.SUBMITTED
            elif material.pk in promises:
                row.state, row.promise_text = ApplicationMaterial.State.PROMISED, promises[material.pk][:TEXT_MAX]
            row.save(update_fields=["file", "state", "promise_text"])
        _start_pre_review_clock(application, at=now, actor=applicant)
        # The number last: the year's counter row stays locked for as short a time as possible.
        application.number = numbering.allocate(year=timezone.localtime(now).year)
        application.save(update_fields=["number"])
        audit.record(
            event="servicehall.application_submit",
            actor=applicant,
            obj=application,
            ip=ip,
            detail={
                "number": application.number,
                "item": item.code,
                "form_version": form_version,
                "materials": {str(k): "file" for k in uploads} | {str(k): "promise" for k in promises},
            },
        )
        _tell(application, "servicehall.application_received")
    return application


# ---------------------------------------------------------------------------------------------
# 预审: 补正 | 不予受理 | 受理


def _correction_rows(application: Application, problems: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The notice's rows: each named problem once, and every required material still missing —
    一次性告知 means nothing is left for a second notice."""
    rows: dict[str, dict[str, Any]] = {}
    by_material = {row.material_id: row for row in application.materials.select_related("material")}
    for problem in problems:
        text = _text(problem.get("problem"), "需补正的内容", limit=500)
        material_id = problem.get("material")
        field = (problem.get("field") or "").strip()
        if material_id:
            try:
                row = by_material[int(material_id)]
            except (KeyError, TypeError, ValueError) as exc:
                raise ApplicationRefused("补正内容中的材料不属于该办件。", code="bad_input") from exc
            key, label = f"material-{row.material_id}", row.material.name
        elif field:
            key, label = f"field-{field}", _text(problem.get("label") or field, "表单项", limit=100)
        else:
            raise ApplicationRefused("每条补正内容须指明材料或表单项。", code="bad_input")
        if key in rows:
            rows[key]["problem"] = f"{rows[key]['problem']}；{text}"
        else:
            rows[key] = {"key": key, "material": material_id and int(material_id), "field": field, "label": label}
            rows[key]["problem"] = text
    for row in by_material.values():
        key = f"material-{row.material_id}"
        if row.material.required and row.state == ApplicationMaterial.State.MISSING and key not in rows:
            rows[key] = {
                "key": key,
                "material": row.material_id,
                "field": "",
                "label": row.material.name,
                "problem": "未提交，请补充提交",
            }
    if not rows:
        raise ApplicationRefused(
            "请逐项列出需要补正的内容。", code="bad_input", errors={"problems": "请逐项列出需要补正的内容。"}
        )
    return list(rows.values())


def request_correction(
    *, application: Application, actor: User, problems: Iterable[Mapping[str, Any]], ip: str | None = None
) -> ApplicationNotice:
    """补正: one 补正告知书 listing everything missing or wrong, per material or form field, at once
    (行政许可法第三十二条). The 预审 clock stops; the application waits for the applicant.
    Each problem: {"material": ServiceMaterial id} or {"field": name, "label": 表单项名称}, and "problem"."""
    _require(actor, ACCEPT_VERB, application)
    problems = list(problems)
    with transaction.atomic():
        application = _locked(application)
        _require_status(
            application, Application.Status.SUBMITTED, Application.Status.PRE_REVIEW, action="出具补正告知书"
        )
        rows = _correction_rows(application, problems)
        now = _now()
        _start_process(application, actor=actor, ip=ip)
        _complete(application, "pre_review", actor=actor, opinion="需要补正", data={"outcome": "correction"}, ip=ip)
        _stop_pre_review(application, actor=actor, at=now)
        notice = _notice(application, ApplicationNotice.Kind.CORRECTION, actor=actor, at=now, items=rows)
        _sync_status(application)
        application.save(update_fields=["process_id", "status", "current_step", "updated_at"])
        audit.record(
            event="servicehall.application_correction",
            actor=actor,
            obj=application,
            ip=ip,
            detail={"notice": notice.pk, "items": [row["key"] for row in rows]},
        )
        _tell(
            application,
            "servicehall.correction_required",
            items="\n".join(f"{r['label']}：{r['problem']}" for r in rows),
        )
    return notice


def resubmit_correction(
    *,
    application: Application,
    applicant: User,
    uploads: Mapping[int, UploadedFile[bytes]] | None = None,
    form_data: Mapping[str, Any] | None = None,
    ip: str | None = None,
) -> Application:
    """补正后重新提交: the applicant replaces the materials (and form data) the notice named; the
    application returns to 预审 with a fresh 5-working-day clock."""
    uploads = dict(uploads or {})
    if application.owner_id != applicant.pk:
        raise ApplicationRefused("只有申请人本人可以补正。", code="forbidden")
    with transaction.atomic():
        application = _locked(application)
        _require_status(application, Application.Status.CORRECTION, action="补正")
        notice = application.notices.filter(kind=ApplicationNotice.Kind.CORRECTION, resolved_at__isnull=True).last()
        if notice is None:
            raise ApplicationRefused("找不到待补正的告知书。", code="wrong_step")
        named = {row["material"] for row in notice.content.get("items", []) if row.get("material")}
        rows = {row.material_id: row for row in application.materials.select_related("material")}
        if any(key not in rows for key in uploads):
            raise ApplicationRefused("提交的材料不属于该事项，请刷新页面后重试。", code="bad_input")
        # Every material the notice named is handed in again (missing or wrong alike), and the form
        # is resubmitted when the notice named a form field.
        missing = sorted(key for key in named if key not in uploads)
        if missing:
            raise ApplicationRefused(
                f"请补交：{'、'.join(rows[key].material.name for key in missing)}。",
                code="incomplete",
                errors={f"material-{key}": "请按补正告知书重新提交该材料。" for key in missing},
            )
        if form_data is None and any(row.get("field") for row in notice.content.get("items", [])):
            raise ApplicationRefused("请按补正告知书修改申请表后重新提交。", code="incomplete")
        now = _now()
        for key, upload in uploads.items():
            row = _store(rows[key], upload, user=applicant, ip=ip)
            row.state = ApplicationMaterial.State.SUBMITTED
            row.save(update_fields=["file", "state", "updated_at"])
        fields = ["status", "current_step", "updated_at"]
        if form_data is not None:
            application.form_data_encrypted = json.dumps(dict(form_data), ensure_ascii=False, sort_keys=True)
            fields.append("form_data_encrypted")
        notice.resolved_at = now
        notice.save(update_fields=["resolved_at"])
        waiting = _open_item(application, "await_correction")
        if waiting is None or waiting.assignee is None:
            raise ApplicationRefused("办件流程状态已变化，请联系窗口。", code="stale")
        # The engine needs staff: the wait is completed on behalf of the window clerk who holds it.
        _complete(application, "await_correction", actor=waiting.assignee, opinion="申请人已补正并重新提交", ip=ip)
        _start_pre_review_clock(application, at=now, actor=applicant)
        _sync_status(application)
        application.save(update_fields=fields)
        audit.record(
            event="servicehall.application_resubmit",
            actor=applicant,
            obj=application,
            ip=ip,
            detail={"notice": notice.pk, "materials": sorted(uploads), "form_changed": form_data is not None},
        )
    return application


def reject_application(
    *, application: Application, actor: User, reasons: str, where: str = "", ip: str | None = None
) -> ApplicationNotice:
    """不予受理: a reasoned notice, naming the agency to apply to when the matter is outside this
    agency's remit, with the remedies (行政许可法第三十二条)."""
    _require(actor, ACCEPT_VERB, application)
    reasons = _text(reasons, "不予受理理由")
    where = _text(where, "应当申请的机关", required=False, limit=200)
    with transaction.atomic():
        application = _locked(application)
        _require_status(application, Application.Status.SUBMITTED, Application.Status.PRE_REVIEW, action="不予受理")
        now = _now()
        _start_process(application, actor=actor, ip=ip)
        _complete(application, "pre_review", actor=actor, opinion=reasons, data={"outcome": "rejection"}, ip=ip)
        _stop_pre_review(application, actor=actor, at=now)
        notice = _notice(
            application,
            ApplicationNotice.Kind.REJECTION,
            actor=actor,
            at=now,
            reasons=reasons,
            where=where,
            remedies=REMEDIES,
        )
        application.status, application.current_step, application.completed_at = Application.Status.REJECTED, "", now
        application.save(update_fields=["process_id", "status", "current_step", "completed_at", "updated_at"])
        audit.record(
            event="servicehall.application_reject", actor=actor, obj=application, ip=ip, detail={"notice": notice.pk}
        )
        _tell(application, "servicehall.rejected", reasons=reasons, where=where)
    return notice


def _statutory_limit(item: ServiceItem) -> tuple[int | None, str]:
    days = item.statutory_days
    if item.item_type == ServiceItem.ItemType.LICENSING:
        return (LICENSING_DAYS if days is None else days), LICENSING_BASIS
    return days, (item.legal_basis.strip()[:120] or "事项设定依据规定的办理时限")


def _verify_days() -> int:
    return int(_settings().get("PROMISE_VERIFY_DAYS", 20))


def _day_after(start: date, days: int) -> date | None:
    try:
        return add_working_days(start, days)
    except UnknownCalendarYear:
        return None


def accept_application(
    *,
    application: Application,
    actor: User,
    deferrals: Mapping[int, tuple[str, date]] | None = None,
    ip: str | None = None,
) -> ApplicationNotice:
    """受理: the receipt (受理通知书) with the 办件编号; the statutory and promised clocks start side by side.

    Every required material must be there — or promised (告知承诺, the item allowing it: a 核查 task
    with a deadline is created) or, for a `deferrable` one, accepted missing on the applicant's
    written commitment (`deferrals`: ServiceMaterial id → (承诺内容, 补交期限); a 容缺 ledger row each)."""
    _require(actor, ACCEPT_VERB, application)
    deferrals = dict(deferrals or {})
    with transaction.atomic():
        application = _locked(application)
        _require_status(application, Application.Status.SUBMITTED, Application.Status.PRE_REVIEW, action="受理")
        now = _now()
        rows = list(application.materials.select_related("material"))
        by_material = {row.material_id: row for row in rows}
        if any(key not in by_material for key in deferrals):
            raise ApplicationRefused("容缺材料不属于该办件。", code="bad_input")
        errors: dict[str, str] = {}
        for row in rows:
            key = f"material-{row.material_id}"
            if row.material_id in deferrals:
                if not row.material.deferrable:
                    errors[key] = "该材料不可容缺。"
                elif row.state != ApplicationMaterial.State.MISSING:
                    errors[key] = "该材料已提交，无需容缺。"
                else:
                    text, due = deferrals[row.material_id]
                    if not (text or "").strip():
                        errors[key] = "请填写申请人的书面承诺。"
                    elif not isinstance(due, date) or due <= timezone.localtime(now).date():
                        errors[key] = "补交期限应晚于今天。"
            elif row.material.required and row.state == ApplicationMaterial.State.MISSING:
                errors[key] = "必要材料未提交。"
            elif row.state == ApplicationMaterial.State.PROMISED and not application.item.allows_promise:
                errors[key] = "该事项不适用告知承诺制。"
        if errors:
            names = "、".join(by_material[int(k.split("-")[1])].material.name for k in errors)
            raise ApplicationRefused(
                f"材料不齐全，不能受理：{names}。请出具补正告知书，或对可容缺材料登记申请人的承诺。",
                code="missing_materials",
                errors=errors,
            )
        _start_process(application, actor=actor, ip=ip)
        _complete(application, "pre_review", actor=actor, opinion="受理", data={"outcome": "acceptance"}, ip=ip)
        # 行政许可法第三十二条: not told within 5 working days, the application counts as accepted
        # from receipt — the statutory and promised clocks then run from the 预审 clock's start.
        pre_review = _pre_review_clock(application)
        clock_start = pre_review.start_at if pre_review and pre_review.due_at and pre_review.due_at <= now else now
        _stop_pre_review(application, actor=actor, at=now)
        deferred_rows = []
        for material_id, (text, due) in deferrals.items():
            row = by_material[material_id]
            row.state = ApplicationMaterial.State.DEFERRED
            row.save(update_fields=["state", "updated_at"])
            DeferralCommitment.objects.create(
                application=application,
                application_material=row,
                commitment=text.strip()[:TEXT_MAX],
                due_date=due,
                recorded_by=actor,
                recorded_at=now,
            )
            deferred_rows.append({"material": row.material.name, "due_date": due.isoformat()})
        promises = [row for row in rows if row.state == ApplicationMaterial.State.PROMISED]
        verify_due = _day_after(timezone.localtime(now).date(), _verify_days())
        for row in promises:
            verification = PromiseVerification.objects.create(
                application=application,
                application_material=row,
                promise_text=row.promise_text,
                due_date=verify_due or timezone.localtime(now).date(),
            )
            calendar.start_clock(
                obj=application,
                kind=f"verify-{verification.pk}",
                unit=Clock.Unit.WORKING_DAYS,
                limit=_verify_days(),
                start=now,
                basis="告知承诺核查期限（国办发〔2020〕42号；期限由本地规定）",
                responsible_agency=application.agency,
                actor=actor,
            )
        days, basis = _statutory_limit(application.item)
        content: dict[str, Any] = {
            "received_on": timezone.localtime(application.received_at).date().isoformat(),
            "accepted_on": timezone.localtime(now).date().isoformat(),
            "deferrals": deferred_rows,
            "promises": [row.material.name for row in promises],
            "verify_due": verify_due.isoformat() if verify_due else "",
            "immediate": not days,
            "deemed_from_receipt": clock_start != now,
        }
        if days:
            statutory = calendar.start_clock(
                obj=application,
                kind="statutory",
                unit=Clock.Unit.WORKING_DAYS,
                limit=days,
                start=clock_start,
                basis=basis,
                responsible_agency=application.agency,
                actor=actor,
            )
            content |= {"statutory_days": days, "statutory_basis": basis, "statutory_due": statutory.due_display()}
            if application.item.promised_days:
                promised = calendar.start_clock(
                    obj=application,
                    kind="promised",
                    unit=Clock.Unit.WORKING_DAYS,
                    limit=application.item.promised_days,
                    start=clock_start,
                    basis="承诺办结时限（办事指南公布）",
                    responsible_agency=application.agency,
                    actor=actor,
                )
                content |= {"promised_days": application.item.promised_days, "promised_due": promised.due_display()}
        notice = _notice(application, ApplicationNotice.Kind.RECEIPT, actor=actor, at=now, **content)
        application.accepted_at, application.accepted_by = now, actor
        _sync_status(application)
        application.save(
            update_fields=["process_id", "status", "current_step", "accepted_at", "accepted_by", "updated_at"]
        )
        audit.record(
            event="servicehall.application_accept",
            actor=actor,
            obj=application,
            ip=ip,
            detail={
                "notice": notice.pk,
                "statutory_days": days,
                "promised_days": application.item.promised_days,
                "deferred": sorted(deferrals),
                "promised": [row.material_id for row in promises],
            },
        )
        _tell(application, "servicehall.accepted", promised=content.get("promised_due", ""))
    return notice


# ---------------------------------------------------------------------------------------------
# 审查, 特别程序, extension


def _open_special(application: Application) -> SpecialProcedure | None:
    return application.special_procedures.filter(ended_at__isnull=True).first()


def complete_review_step(
    *, application: Application, actor: User, opinion: str = "", ip: str | None = None
) -> Application:
    """One 审查 step (the item's ServiceSteps in order) done; after the last the application goes to 决定."""
    _require(actor, EXAMINE_VERB, application)
    opinion = _text(opinion, "审查意见", required=False)
    with transaction.atomic():
        application = _locked(application)
        _require_status(application, Application.Status.EXAMINING, action="提交审查意见")
        if _open_special(application):
            raise ApplicationRefused("特别程序尚未结束，不能继续审查。", code="special_open")
        step = application.current_step
        application.review_index += 1
        _complete(
            application, "examine", actor=actor, opinion=opinion, data={"review_index": application.review_index}, ip=ip
        )
        _sync_status(application)
        application.save(update_fields=["review_index", "status", "current_step", "updated_at"])
        audit.record(event="servicehall.application_review", actor=actor, obj=application, ip=ip, detail={"step": step})
    return application


def _running_clocks(application: Application) -> list[Clock]:
    return [clock for kind in ("statutory", "promised") if (clock := _open_clock(application, kind)) is not None]


def start_special_procedure(
    *,
    application: Application,
    actor: User,
    kind: str,
    reason: str,
    approver: User,
    at: datetime | None = None,
    ip: str | None = None,
) -> SpecialProcedure:
    """特别程序 (听证、专家评审、现场核查、检验检测…): both clocks pause with the reason and the approver,
    and the applicant is told in writing (行政许可法第四十五条)."""
    _require(actor, EXAMINE_VERB, application)
    if kind not in SpecialProcedure.Kind.values:
        raise ApplicationRefused("请选择特别程序的类别。", code="bad_input", errors={"kind": "请选择特别程序的类别。"})
    reason = _text(reason, "特别程序理由")
    with transaction.atomic():
        application = _locked(application)
        _require_status(application, Application.Status.EXAMINING, Application.Status.DECIDING, action="启动特别程序")
        if _open_special(application):
            raise ApplicationRefused("已有未结束的特别程序。", code="special_open")
        moment = at or _now()
        try:
            for clock in _running_clocks(application):
                calendar.pause_clock(clock=clock, reason=reason, approver=approver, actor=actor, at=moment)
        except ClockError as error:
            raise ApplicationRefused(" ".join(error.messages), code="clock") from error
        procedure = SpecialProcedure.objects.create(
            application=application, kind=kind, reason=reason, approver=approver, started_by=actor, started_at=moment
        )
        label = procedure.get_kind_display()
        _notice(application, ApplicationNotice.Kind.SPECIAL, actor=actor, at=moment, kind=label, reason=reason)
        audit.record(
            event="servicehall.special_procedure_start",
            actor=actor,
            obj=application,
            ip=ip,
            detail={"kind": kind, "reason": reason, "approver": approver.pk, "at": moment},
        )
        _tell(application, "servicehall.special_procedure", kind=label, reason=reason)
    return procedure


def end_special_procedure(
    *, application: Application, actor: User, result: str, at: datetime | None = None, ip: str | None = None
) -> SpecialProcedure:
    """特别程序结束: the clocks resume; their due dates move by the paused working days."""
    _require(actor, EXAMINE_VERB, application)
    result = _text(result, "特别程序结果")
    with transaction.atomic():
        application = _locked(application)
        procedure = _open_special(application)
        if procedure is None:
            raise ApplicationRefused("没有进行中的特别程序。", code="wrong_step")
        moment = at or _now()
        try:
            for kind in ("statutory", "promised"):
                clock = _open_clock(application, kind)
                if clock is not None and clock.state == Clock.State.PAUSED:
                    calendar.resume_clock(clock=clock, actor=actor, at=moment)
        except ClockError as error:
            raise ApplicationRefused(" ".join(error.messages), code="clock") from error
        procedure.ended_at, procedure.ended_by, procedure.result = moment, actor, result
        procedure.save(update_fields=["ended_at", "ended_by", "result"])
        audit.record(
            event="servicehall.special_procedure_end",
            actor=actor,
            obj=application,
            ip=ip,
            detail={"procedure": procedure.pk, "at": moment},
        )
    return procedure


def extend_statutory_clock(
    *, application: Application, actor: User, approver: User, reason: str, ip: str | None = None
) -> Clock:
    """延长: 10 more working days on the statutory clock, approved by the agency's head and recorded
    (行政许可法第四十二条); once per application."""
    _require(actor, EXAMINE_VERB, application)
    reason = _text(reason, "延长理由")
    if (
        approver is None
        or not Membership.objects.filter(user_id=approver.pk, agency_id=application.agency_id, is_leader=True).exists()
    ):
        raise ApplicationRefused("延长办理期限须经本机关负责人批准，请选择本机关负责人。", code="approver")
    with transaction.atomic():
        application = _locked(application)
        _require_status(application, Application.Status.EXAMINING, Application.Status.DECIDING, action="延长期限")
        clock = _open_clock(application, "statutory")
        if clock is None:
            raise ApplicationRefused("该办件没有进行中的法定时限。", code="no_clock")
        if clock.extensions.exists():
            raise ApplicationRefused("法定期限已延长过一次，不能再次延长。", code="extended")
        try:
            calendar.extend_clock(clock=clock, extra=EXTENSION_DAYS, reason=reason, approver=approver, actor=actor)
        except ClockError as error:
            raise ApplicationRefused(" ".join(error.messages), code="clock") from error
        audit.record(
            event="servicehall.application_extend",
            actor=actor,
            obj=application,
            ip=ip,
            detail={"extra": EXTENSION_DAYS, "approver": approver.pk, "reason": reason, "due": clock.due_display()},
        )
    return clock


# ---------------------------------------------------------------------------------------------
# 容缺 and 告知承诺


def supply_deferred_material(
    *, application: Application, applicant: User, material_id: int, upload: UploadedFile[bytes], ip: str | None = None
) -> DeferralCommitment:
    """容缺补交: the applicant hands in a material accepted missing; the ledger row is closed."""
    if application.owner_id != applicant.pk:
        raise ApplicationRefused("只有申请人本人可以补交材料。", code="forbidden")
    with transaction.atomic():
        application = _locked(application)
        deferral = (
            DeferralCommitment.objects.select_for_update()
            .select_related("application_material__material")
            .filter(application=application, application_material__material_id=material_id, supplied_at__isnull=True)
            .first()
        )
        if deferral is None:
            raise ApplicationRefused("该材料无需补交。", code="wrong_step")
        row = _store(deferral.application_material, upload, user=applicant, ip=ip)
        row.state = ApplicationMaterial.State.SUPPLIED
        row.save(update_fields=["file", "state", "updated_at"])
        deferral.supplied_at = _now()
        deferral.save(update_fields=["supplied_at"])
        audit.record(
            event="servicehall.deferred_supplied",
            actor=applicant,
            obj=application,
            ip=ip,
            detail={"material": material_id, "deferral": deferral.pk},
        )
    return deferral


def verify_promise(
    *, verification: PromiseVerification, actor: User, truthful: bool, findings: str, ip: str | None = None
) -> PromiseVerification:
    """核查 a promise: 属实 closes the task; 不实 is recorded for the decision's revocation."""
    application = verification.application
    _require(actor, EXAMINE_VERB, application)
    findings = _text(findings, "核查情况")
    with transaction.atomic():
        verification = PromiseVerification.objects.select_for_update().get(pk=verification.pk)
        if verification.result != PromiseVerification.Result.PENDING:
            raise ApplicationRefused("该承诺已核查。", code="wrong_step")
        now = _now()
        verification.result = PromiseVerification.Result.TRUE if truthful else PromiseVerification.Result.FALSE
        verification.findings, verification.verified_by, verification.verified_at = findings, actor, now
        verification.save(update_fields=["result", "findings", "verified_by", "verified_at"])
        _stop(application, f"verify-{verification.pk}", actor=actor, at=now)
        audit.record(
            event="servicehall.promise_verified",
            actor=actor,
            obj=application,
            ip=ip,
            detail={"verification": verification.pk, "result": verification.result},
        )
    return verification


def revoke_decision(*, application: Application, actor: User, reasons: str, ip: str | None = None) -> ApplicationNotice:
    """撤销: a 准予 decision made on a promise found false is revoked, with reasons and remedies."""
    _require(actor, DECIDE_VERB, application)
    reasons = _text(reasons, "撤销理由")
    with transaction.atomic():
        application = _locked(application)
        if application.decision != Application.Decision.GRANTED or application.status == Application.Status.REVOKED:
            raise ApplicationRefused("只有已准予的决定可以撤销。", code="wrong_step")
        if not application.verifications.filter(result=PromiseVerification.Result.FALSE).exists():
            raise ApplicationRefused("核查未发现承诺不实，不能以此撤销决定。", code="no_false_promise")
        now = _now()
        delivering = _open_item(application, "deliver")
        if delivering is not None and delivering.assignee is not None:
            # Nothing is to be delivered any more: the 送达 step closes on its holder's behalf.
            _complete(application, "deliver", actor=delivering.assignee, opinion=f"决定已撤销：{reasons}", ip=ip)
        _stop(application, "delivery", actor=actor, at=now)
        notice = _notice(
            application,
            ApplicationNotice.Kind.REVOCATION,
            actor=actor,
            at=now,
            reasons=reasons,
            decided_on=timezone.localtime(application.decided_at).date().isoformat() if application.decided_at else "",
            remedies=REMEDIES,
        )
        application.status, application.revoked_at, application.revocation_reasons = (
            Application.Status.REVOKED,
            now,
            reasons,
        )
        application.current_step = ""
        application.save(update_fields=["status", "revoked_at", "revocation_reasons", "current_step", "updated_at"])
        audit.record(
            event="servicehall.decision_revoke", actor=actor, obj=application, ip=ip, detail={"reasons": reasons}
        )
        _tell(application, "servicehall.revoked", reasons=reasons, remedies=REMEDIES)
    return notice


# ---------------------------------------------------------------------------------------------
# 决定, 送达, 办结


def decide(
    *, application: Application, actor: User, granted: bool, reasons: str = "", ip: str | None = None
) -> ApplicationNotice:
    """决定 准予/不予: refused while a 特别程序 is open or a 容缺 material has not arrived; 不予 needs
    reasons; both carry the remedies (行政复议 60 日, 行政诉讼 6 个月). A 准予 starts the 10-working-day
    制证/送达 clock (Art. 44)."""
    _require(actor, DECIDE_VERB, application)
    reasons = _text(reasons, "决定理由", required=not granted)
    with transaction.atomic():
        application = _locked(application)
        _require_status(application, Application.Status.DECIDING, action="作出决定")
        if _open_special(application):
            raise ApplicationRefused("特别程序尚未结束，不能作出决定。", code="special_open")
        waiting = list(
            application.deferrals.filter(supplied_at__isnull=True).values_list(
                "application_material__material__name", flat=True
            )
        )
        if waiting:
            raise ApplicationRefused(
                f"容缺材料尚未补齐（{'、'.join(waiting)}），补齐前不能作出决定。", code="deferred_missing"
            )
        now = _now()
        _complete(application, "decide", actor=actor, opinion=reasons or "准予", data={"granted": granted}, ip=ip)
        for kind in ("statutory", "promised"):
            _stop(application, kind, actor=actor, at=now)
        if granted:
            calendar.start_clock(
                obj=application,
                kind="delivery",
                unit=Clock.Unit.WORKING_DAYS,
                limit=DELIVERY_DAYS,
                start=now,
                basis=DELIVERY_BASIS,
                responsible_agency=application.agency,
                actor=actor,
            )
        outcome = "准予" if granted else "不予"
        notice = _notice(
            application,
            ApplicationNotice.Kind.GRANT if granted else ApplicationNotice.Kind.DENIAL,
            actor=actor,
            at=now,
            outcome=f"{outcome}{application.item.name}",
            reasons=reasons,
            remedies=REMEDIES,
        )
        application.decision = Application.Decision.GRANTED if granted else Application.Decision.DENIED
        application.decision_reasons, application.decided_at, application.decided_by = reasons, now, actor
        _sync_status(application)
        application.save(
            update_fields=[
                "decision",
                "decision_reasons",
                "decided_at",
                "decided_by",
                "status",
                "current_step",
                "updated_at",
            ]
        )
        audit.record(
            event="servicehall.application_decide",
            actor=actor,
            obj=application,
            ip=ip,
            detail={"granted": granted, "notice": notice.pk},
        )
        _tell(application, "servicehall.decided", outcome=outcome, reasons=reasons, remedies=REMEDIES)
    return notice


def complete_delivery(*, application: Application, actor: User, ip: str | None = None) -> Application:
    """制证/送达 done: the 送达 clock stops and the application is 办结."""
    _require(actor, ACCEPT_VERB, application)
    with transaction.atomic():
        application = _locked(application)
        _require_status(application, Application.Status.DELIVERING, action="办结")
        now = _now()
        _complete(application, "deliver", actor=actor, opinion="已送达", ip=ip)
        _stop(application, "delivery", actor=actor, at=now)
        application.status, application.current_step, application.completed_at = Application.Status.COMPLETED, "", now
        application.save(update_fields=["status", "current_step", "completed_at", "updated_at"])
        audit.record(event="servicehall.application_complete", actor=actor, obj=application, ip=ip, detail={})
        _tell(application, "servicehall.completed")
    return application
