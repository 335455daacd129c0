"""The statutory and promised clocks of an accepted 办件: side by side from 受理, paused by a 特别程序
(the due dates move by the paused working days, counted across 国庆 2026), an extension only with
the agency head's approval, and the 预审 clock's reminder through the calendar."""

from __future__ import annotations

from datetime import date

import pytest

from yiwang.core.calendar import services as calendar
from yiwang.core.calendar.models import Clock
from yiwang.core.notifications.models import Message
from yiwang.modules.servicehall.models import Application, ApplicationNotice, SpecialProcedure
from yiwang.modules.servicehall.selectors import applications as selectors
from yiwang.modules.servicehall.services import applications as services

from .applications_support import Hall, accept, at, hall_fixture, submit  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def september(hall: Hall, monkeypatch: pytest.MonkeyPatch) -> Hall:
    """Submitted and accepted on Friday 18 September 2026 (before 国庆: 1–7 October off, the
    Sunday 20 September and Saturday 10 October worked)."""
    monkeypatch.setattr(services, "_now", lambda: at(2026, 9, 18))
    return hall


def test_acceptance_starts_the_statutory_and_the_promised_clock_side_by_side(september: Hall) -> None:
    application = accept(september, submit(september))
    clocks = selectors.clocks(application)
    statutory, promised = clocks["statutory"], clocks["promised"]
    assert (statutory.limit, promised.limit) == (20, 10)
    assert "第四十二条" in statutory.basis
    assert statutory.start_date == promised.start_date == date(2026, 9, 18)
    assert promised.due_date is not None and statutory.due_date is not None
    assert promised.due_date < statutory.due_date
    assert statutory.responsible_agency == september.world.city_civil_affairs


def test_a_non_licensing_item_counts_its_statutory_clock_on_its_own_basis(september: Hall) -> None:
    september.item.item_type = september.item.ItemType.PAYMENT
    september.item.save()
    application = accept(september, submit(september))
    assert selectors.clocks(application)["statutory"].basis == "《养老机构管理办法》"


def test_a_special_procedure_pauses_both_clocks_across_the_national_day_holiday(
    september: Hall, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = september.world
    application = accept(september, submit(september))
    before = {
        kind: clock.due_date
        for kind, clock in selectors.clocks(application).items()
        if kind in ("statutory", "promised")
    }
    # 专家评审 from Wednesday 30 September to Friday 9 October: of those days only 30 September and
    # 8, 9 October are working days (1–7 October is 国庆), so each due date moves by three.
    procedure = services.start_special_procedure(
        application=application,
        actor=world.city_clerk,
        kind=SpecialProcedure.Kind.EXPERT,
        reason="需组织专家评审消防设计",
        approver=world.leader,
        at=at(2026, 9, 30, 0),
    )
    clocks = selectors.clocks(application)
    assert clocks["statutory"].state == clocks["promised"].state == Clock.State.PAUSED
    told = application.notices.get(kind=ApplicationNotice.Kind.SPECIAL)
    assert told.content == {"kind": "专家评审", "reason": "需组织专家评审消防设计"}
    assert Message.objects.filter(recipient=world.citizen, template_code="servicehall.special_procedure").exists()
    with pytest.raises(services.ApplicationRefused, match="特别程序尚未结束"):
        services.complete_review_step(application=application, actor=world.city_clerk)

    services.end_special_procedure(
        application=application, actor=world.city_clerk, result="专家评审通过", at=at(2026, 10, 10, 0)
    )
    procedure.refresh_from_db()
    assert procedure.ended_at is not None and procedure.result == "专家评审通过"
    after = selectors.clocks(application)
    for kind in ("statutory", "promised"):
        assert after[kind].state == Clock.State.RUNNING
        assert _working_days_between(before[kind], after[kind].due_date) == 3


def _working_days_between(start: date | None, end: date | None) -> int:
    """Working days in (start, end], by the calendar."""
    from yiwang.core.calendar.workcalendar import working_days_between

    assert start is not None and end is not None
    return working_days_between(start, end)


def test_a_special_procedure_needs_a_reason_and_an_approver(september: Hall) -> None:
    world = september.world
    application = accept(september, submit(september))
    with pytest.raises(services.ApplicationRefused, match="请填写特别程序理由"):
        services.start_special_procedure(
            application=application, actor=world.city_clerk, kind="hearing", reason="", approver=world.leader
        )
    with pytest.raises(services.ApplicationRefused, match="批准人不能是记录人本人"):
        services.start_special_procedure(
            application=application,
            actor=world.city_clerk,
            kind="hearing",
            reason="依申请听证",
            approver=world.city_clerk,
        )
    assert not application.special_procedures.exists()
    assert selectors.clocks(application)["statutory"].state == Clock.State.RUNNING


def test_the_statutory_clock_is_extended_by_ten_working_days_only_with_the_agency_heads_approval(
    september: Hall,
) -> None:
    world = september.world
    application = accept(september, submit(september))
    due = selectors.clocks(application)["statutory"].due_date
    with pytest.raises(services.ApplicationRefused, match="须经本机关负责人批准"):
        services.extend_statutory_clock(
            application=application, actor=world.city_clerk, approver=world.office_director, reason="情况复杂"
        )
    with pytest.raises(services.ApplicationRefused, match="须经本机关负责人批准"):
        services.extend_statutory_clock(
            application=application, actor=world.city_clerk, approver=world.jiayin_leader, reason="情况复杂"
        )
    clock = services.extend_statutory_clock(
        application=application, actor=world.city_clerk, approver=world.leader, reason="需现场复核，情况复杂"
    )
    assert clock.due_date is not None and _working_days_between(due, clock.due_date) == 10
    extension = clock.extensions.get()
    assert (extension.extra, extension.approver, extension.recorded_by) == (10, world.leader, world.city_clerk)
    with pytest.raises(services.ApplicationRefused, match="已延长过一次"):
        services.extend_statutory_clock(
            application=application, actor=world.city_clerk, approver=world.leader, reason="再次延长"
        )


def test_the_pre_review_clock_reminds_the_agency_before_its_fifth_working_day(september: Hall) -> None:
    application = submit(september)
    clock = selectors.pre_review_clock(application)
    assert clock is not None and clock.due_date == date(2026, 9, 24)  # Sunday 20 September is worked (调休)
    calendar.send_clock_reminders(now=at(2026, 9, 23, 9))
    clock.refresh_from_db()
    assert clock.reminded_at is not None
    assert Message.objects.filter(content_type__model="clock", object_id=clock.pk).exists()


def test_the_statutory_clock_stops_at_the_decision(september: Hall, monkeypatch: pytest.MonkeyPatch) -> None:
    application = accept(september, submit(september))
    monkeypatch.setattr(services, "_now", lambda: at(2026, 9, 22))
    services.complete_review_step(application=application, actor=september.world.city_clerk)
    services.complete_review_step(application=application, actor=september.world.city_clerk)
    services.decide(application=application, actor=september.world.leader, granted=True)
    clocks = selectors.clocks(Application.objects.get(pk=application.pk))
    assert clocks["statutory"].state == Clock.State.MET and clocks["promised"].state == Clock.State.MET
    assert clocks["delivery"].start_date == date(2026, 9, 22)


def test_an_application_not_told_within_five_working_days_counts_as_accepted_from_receipt(
    september: Hall, monkeypatch: pytest.MonkeyPatch
) -> None:
    application = submit(september)  # Friday 18 September; 预审 due Thursday 24 September
    monkeypatch.setattr(services, "_now", lambda: at(2026, 9, 29))
    application = accept(september, application)
    clocks = selectors.clocks(application)
    assert clocks["pre-review-1"].state == Clock.State.LATE
    assert clocks["statutory"].start_date == clocks["promised"].start_date == date(2026, 9, 18)
    assert application.notices.get(kind=ApplicationNotice.Kind.RECEIPT).content["deemed_from_receipt"] is True


def test_an_application_accepted_in_time_counts_from_its_acceptance(
    september: Hall, monkeypatch: pytest.MonkeyPatch
) -> None:
    application = submit(september)
    monkeypatch.setattr(services, "_now", lambda: at(2026, 9, 22))
    application = accept(september, application)
    assert selectors.clocks(application)["statutory"].start_date == date(2026, 9, 22)
    assert application.notices.get(kind=ApplicationNotice.Kind.RECEIPT).content["deemed_from_receipt"] is False
