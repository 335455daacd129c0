"""Reads of 办件查询 (the public progress lookup) and 我的办件 (an applicant's own applications).

The public lookup answers only to the 办件编号 together with the last four digits of the applicant's
ID number or phone; a wrong number and wrong digits give the same "not found" (nothing leaks about
which part was wrong). The owner's encrypted fields are decrypted in memory and compared in
constant time — they are never queried by content.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet

from yiwang.core.calendar.models import Clock

from ..models import Application, ApplicationMaterial, ApplicationNotice
from . import applications as application_selectors

DIGITS = 4
# The clocks shown side by side: 法定办结时限 (行政许可法第四十二条) and 承诺办结时限 (办事指南).
CLOCK_LABELS = (("statutory", "法定办结时限"), ("promised", "承诺办结时限"))
NOTICE_EVENTS: dict[str, str] = {
    ApplicationNotice.Kind.CORRECTION: "一次性告知补正材料",
    ApplicationNotice.Kind.REJECTION: "不予受理",
    ApplicationNotice.Kind.RECEIPT: "受理",
    ApplicationNotice.Kind.GRANT: "作出准予决定",
    ApplicationNotice.Kind.DENIAL: "作出不予决定",
    ApplicationNotice.Kind.REVOCATION: "撤销决定",
}


def _digits_of(value: Any) -> str:
    text = str(value or "").strip().upper()
    return text[-DIGITS:] if len(text) >= DIGITS else ""


def _matches(application: Application, digits: str) -> bool:
    """The digits end the owner's ID number or phone (or those written on the application form)."""
    owner = application.owner
    form = application.form_data
    candidates = {
        _digits_of(owner.id_number),
        _digits_of(owner.phone),
        _digits_of(form.get("id_number")),
        _digits_of(form.get("phone")),
    }
    candidates.discard("")
    given = (digits or "").strip().upper().encode()
    # Compare every candidate (no early exit) so the answer takes the same time either way.
    found = False
    for candidate in candidates:
        found = hmac.compare_digest(candidate.encode(), given) or found
    return found


def find_for_lookup(*, number: str, digits: str) -> Application | None:
    """The application with this 办件编号 whose applicant's ID or phone ends with `digits`, else None."""
    application = application_selectors.get_by_number(number)
    if application is None or len((digits or "").strip()) != DIGITS:
        return None
    application = Application.objects.select_related("item", "agency", "owner").get(pk=application.pk)
    return application if _matches(application, digits) else None


@dataclass(frozen=True)
class TimelineEvent:
    """One step of the application's handling, with its time (办理进程)."""

    at: datetime
    label: str


def timeline(application: Application) -> list[TimelineEvent]:
    """What happened, oldest first: 接件, 补正 notices and resubmissions, 受理, the 审查 steps done,
    特别程序 begun and ended, the decision, 办结. Opinions and staff names are not shown."""
    events = [TimelineEvent(application.received_at, "提交申请（接件）")]
    for notice in application.notices.all():
        label = NOTICE_EVENTS.get(notice.kind)
        if label:
            events.append(TimelineEvent(notice.issued_at, label))
        if notice.kind == ApplicationNotice.Kind.CORRECTION and notice.resolved_at:
            events.append(TimelineEvent(notice.resolved_at, "提交补正材料"))
    for procedure in application.special_procedures.all():
        kind = procedure.get_kind_display()
        events.append(TimelineEvent(procedure.started_at, f"特别程序（{kind}）开始，期间不计入办理时限"))
        if procedure.ended_at:
            events.append(TimelineEvent(procedure.ended_at, f"特别程序（{kind}）结束"))
    if application.completed_at:
        events.append(TimelineEvent(application.completed_at, "办结"))
    return sorted(events, key=lambda event: event.at)


@dataclass(frozen=True)
class ClockRow:
    """A clock as the applicant sees it: its limit, last day, and whether it runs or is paused."""

    label: str
    limit: int
    unit: str
    due: str
    state: str
    paused: bool


def clock_rows(application: Application) -> list[ClockRow]:
    """法定 and 承诺 办结时限 side by side; 暂停 while a 特别程序 runs (its time is not counted)."""
    found = application_selectors.clocks(application)
    rows = []
    for kind, label in CLOCK_LABELS:
        clock = found.get(kind)
        if clock is None:
            continue
        paused = clock.state == Clock.State.PAUSED
        rows.append(
            ClockRow(
                label=label,
                limit=clock.limit,
                unit=clock.get_unit_display(),
                due="暂停（特别程序期间不计时）" if paused else clock.due_display(),
                state="暂停" if paused else clock.get_state_display(),
                paused=paused,
            )
        )
    return rows


# ---------------------------------------------------------------------------------------------
# 我的办件


def list_my_applications(user: Any) -> QuerySet[Application]:
    """The signed-in applicant's applications, newest first."""
    return application_selectors.list_for_owner(user).order_by("-received_at", "-id")


def get_my_application(*, user: Any, application_id: int) -> Application | None:
    """One of the user's own applications (None for anyone else's: the view answers 404)."""
    return (
        Application.objects.select_related("item", "agency")
        .filter(pk=application_id, owner_id=getattr(user, "pk", None))
        .first()
    )


@dataclass(frozen=True)
class MaterialRow:
    name: str
    state: str
    note: str


def material_rows(application: Application) -> list[MaterialRow]:
    """The materials with their states; 容缺 shows the date it must be supplied by, 告知承诺 its 核查."""
    rows = []
    materials = application.materials.select_related("material", "deferral", "verification").order_by(
        "material__sort_order", "material_id"
    )
    for row in materials:
        note = ""
        deferral = getattr(row, "deferral", None)
        verification = getattr(row, "verification", None)
        if row.state == ApplicationMaterial.State.DEFERRED and deferral is not None:
            note = f"容缺受理：请于 {deferral.due_date:%Y-%m-%d} 前补交"
        elif row.state == ApplicationMaterial.State.PROMISED:
            note = "以告知承诺代替"
            if verification is not None:
                note += f"，核查结果：{verification.get_result_display()}"
        rows.append(MaterialRow(name=row.material.name, state=row.get_state_display(), note=note))
    return rows


@dataclass(frozen=True)
class NextStep:
    """What the applicant must do now, and the list that goes with it (e.g. the 补正 items)."""

    text: str
    items: tuple[str, ...] = ()
    due: date | None = None


def next_steps(application: Application) -> list[NextStep]:
    steps = []
    correction = application_selectors.open_correction(application)
    if application.status == Application.Status.CORRECTION and correction is not None:
        items = tuple(
            f"{row.get('label', '')}：{row.get('problem', '')}".rstrip("：")
            for row in correction.content.get("items", [])
            if isinstance(row, dict)
        )
        steps.append(NextStep(text="请按补正告知书一次性补齐以下材料或内容后重新提交：", items=items))
    for deferral in application_selectors.pending_deferrals(application):
        steps.append(
            NextStep(
                text=f"请补交容缺材料“{deferral.application_material.material.name}”，补齐前不能作出决定。",
                due=deferral.due_date,
            )
        )
    if application.status == Application.Status.DELIVERING:
        steps.append(NextStep(text="审批结果正在制证送达，请留意送达通知。"))
    return steps


def list_notices(application: Application) -> QuerySet[ApplicationNotice]:
    return application_selectors.list_notices(application)


def get_my_notice(*, application: Application, notice_id: int) -> ApplicationNotice | None:
    return application.notices.select_related("application__agency", "application__item").filter(pk=notice_id).first()
