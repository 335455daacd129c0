"""The 办件 life-cycle through its services: 接件 → 预审 → 补正 → 重新提交 → 受理 → 审查 → 决定 →
送达 → 办结, the status mirroring the open workflow step, and the refusals of wrong steps."""

from __future__ import annotations

import pytest

from yiwang.core.audit.models import AuditEntry
from yiwang.core.calendar.models import Clock
from yiwang.core.notifications.models import Message
from yiwang.core.workflow import selectors as workflow_selectors
from yiwang.modules.servicehall.models import Application, ApplicationMaterial, ApplicationNotice
from yiwang.modules.servicehall.selectors import applications as selectors
from yiwang.modules.servicehall.services import applications as services
from yiwang.modules.servicehall.services.applications import numbering

from .applications_support import Hall, accept, hall_fixture, pdf, review_all, submit  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_submission_gets_its_number_one_row_per_material_and_the_pre_review_clock(hall: Hall) -> None:
    application = submit(hall, without=(hall.premises,))
    assert numbering.is_well_formed(application.number)
    assert application.status == Application.Status.SUBMITTED and application.agency == hall.world.city_civil_affairs
    states = dict(application.materials.values_list("material__name", "state"))
    assert states == {
        "申请书": "submitted",
        "身份证明": "submitted",
        "场所使用证明": "missing",
        "消防安全资格证明": "submitted",
    }
    assert application.materials.filter(file__isnull=False).count() == 3
    clock = selectors.pre_review_clock(application)
    assert clock is not None and clock.limit == 5 and clock.kind == "pre-review-1"
    assert "第三十二条" in clock.basis and clock.responsible_agency == hall.world.city_civil_affairs
    assert Message.objects.filter(
        recipient=hall.world.citizen, template_code="servicehall.application_received"
    ).exists()
    assert AuditEntry.objects.filter(event="servicehall.application_submit", object_id=str(application.pk)).exists()


def test_the_whole_life_cycle_from_correction_to_completion(hall: Hall) -> None:
    world = hall.world
    application = submit(hall, without=(hall.premises,))
    notice = services.request_correction(
        application=application,
        actor=hall.window,
        problems=[{"field": "address", "label": "住所", "problem": "住所须写到门牌号"}],
    )
    application.refresh_from_db()
    assert application.status == Application.Status.CORRECTION and application.process_id
    assert [row["label"] for row in notice.content["items"]] == ["住所", "场所使用证明"]
    assert selectors.pre_review_clock(application) is None  # stopped by the notice

    services.resubmit_correction(
        application=application,
        applicant=world.citizen,
        uploads={hall.premises.pk: pdf("场所.pdf")},
        form_data={"address": "伊春市伊美区新兴路 8 号 2 单元"},
    )
    application.refresh_from_db()
    assert application.status == Application.Status.PRE_REVIEW
    assert application.form_data == {"address": "伊春市伊美区新兴路 8 号 2 单元"}
    assert selectors.pre_review_clock(application).kind == "pre-review-2"  # type: ignore[union-attr]

    application = accept(hall, application)
    assert application.status == Application.Status.EXAMINING and application.current_step == "审查"
    receipt = application.notices.get(kind=ApplicationNotice.Kind.RECEIPT)
    assert receipt.content["statutory_days"] == 20 and receipt.content["promised_days"] == 10

    items = list(workflow_selectors.list_todo(world.city_clerk))
    assert [item.element_id for item in items] == ["examine"]
    assert items[0].subject_url == f"/staff/servicehall/applications/{application.pk}/"  # type: ignore[attr-defined]
    services.complete_review_step(application=application, actor=world.city_clerk, opinion="材料真实")
    application.refresh_from_db()
    assert application.status == Application.Status.EXAMINING and application.current_step == "复核"
    services.complete_review_step(application=application, actor=world.city_clerk, opinion="复核通过")
    application.refresh_from_db()
    assert application.status == Application.Status.DECIDING

    decision = services.decide(application=application, actor=world.leader, granted=True)
    application.refresh_from_db()
    assert application.status == Application.Status.DELIVERING and application.decision == "granted"
    assert "六十日" in decision.content["remedies"] and "六个月" in decision.content["remedies"]
    clocks = selectors.clocks(application)
    assert clocks["statutory"].state == Clock.State.MET and clocks["promised"].state == Clock.State.MET
    assert clocks["delivery"].limit == 10 and clocks["delivery"].is_open

    services.complete_delivery(application=application, actor=hall.window)
    application.refresh_from_db()
    assert application.status == Application.Status.COMPLETED and application.completed_at is not None
    assert selectors.clocks(application)["delivery"].state == Clock.State.MET
    assert workflow_selectors.get_instance(application.process_id).status == "completed"
    events = set(AuditEntry.objects.filter(object_id=str(application.pk)).values_list("event", flat=True))
    assert {
        "servicehall.application_correction",
        "servicehall.application_resubmit",
        "servicehall.application_accept",
        "servicehall.application_review",
        "servicehall.application_decide",
        "servicehall.application_complete",
    } <= events


def test_a_denial_needs_reasons_and_carries_the_remedies(hall: Hall) -> None:
    application = review_all(hall, accept(hall, submit(hall)))
    with pytest.raises(services.ApplicationRefused, match="请填写决定理由"):
        services.decide(application=application, actor=hall.world.leader, granted=False)
    notice = services.decide(
        application=application, actor=hall.world.leader, granted=False, reasons="选址不符合消防安全要求"
    )
    assert notice.kind == ApplicationNotice.Kind.DENIAL and notice.content["reasons"] == "选址不符合消防安全要求"
    assert "行政复议" in notice.content["remedies"]
    assert "delivery" not in selectors.clocks(application)


def test_a_rejection_is_reasoned_names_where_to_go_and_ends_the_application(hall: Hall) -> None:
    application = submit(hall)
    with pytest.raises(services.ApplicationRefused, match="请填写不予受理理由"):
        services.reject_application(application=application, actor=hall.window, reasons=" ")
    notice = services.reject_application(
        application=application, actor=hall.window, reasons="该事项由县级民政部门实施", where="嘉荫县民政局"
    )
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert notice.content["where"] == "嘉荫县民政局" and "行政诉讼" in notice.content["remedies"]
    assert selectors.pre_review_clock(application) is None
    assert Message.objects.filter(recipient=hall.world.citizen, template_code="servicehall.rejected").exists()


def test_acceptance_is_refused_while_a_required_material_is_missing(hall: Hall) -> None:
    application = submit(hall, without=(hall.identity,))
    with pytest.raises(services.ApplicationRefused, match="材料不齐全，不能受理：身份证明") as refusal:
        services.accept_application(application=application, actor=hall.window)
    assert refusal.value.code == "missing_materials"
    assert refusal.value.errors == {f"material-{hall.identity.pk}": "必要材料未提交。"}
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED and not application.process_id


def test_steps_out_of_order_are_refused_in_chinese_and_change_nothing(hall: Hall) -> None:
    application = submit(hall)
    with pytest.raises(services.ApplicationRefused, match="不能作出决定") as refusal:
        services.decide(application=application, actor=hall.world.leader, granted=True)
    assert refusal.value.code == "wrong_step"
    with pytest.raises(services.ApplicationRefused, match="不能提交审查意见"):
        services.complete_review_step(application=application, actor=hall.world.city_clerk)
    application = accept(hall, application)
    with pytest.raises(services.ApplicationRefused, match="不能受理"):
        services.accept_application(application=application, actor=hall.window)
    with pytest.raises(services.ApplicationRefused, match="只有申请人本人"):
        services.resubmit_correction(application=application, applicant=hall.world.enterprise)


def test_only_the_agencys_window_staff_may_accept(hall: Hall) -> None:
    application = submit(hall)
    with pytest.raises(services.ApplicationRefused, match="无权") as refusal:
        services.accept_application(application=application, actor=hall.world.jiayin_clerk)
    assert refusal.value.code == "forbidden"


def test_an_immediate_item_is_accepted_without_clocks(hall: Hall) -> None:
    hall.item.statutory_days, hall.item.promised_days = 0, 0
    hall.item.save()
    application = accept(hall, submit(hall))
    assert set(selectors.clocks(application)) == {"pre-review-1"}
    assert application.notices.get(kind=ApplicationNotice.Kind.RECEIPT).content["immediate"] is True


def test_the_form_data_is_not_readable_in_the_raw_table(hall: Hall) -> None:
    from django.db import connection

    application = submit(hall)
    with connection.cursor() as cursor:
        cursor.execute("SELECT form_data_encrypted FROM servicehall_application WHERE id = %s", [application.pk])
        raw = cursor.fetchone()[0]
    assert "230702198805120018" not in raw and "13904581234" not in raw and "张伟" not in raw
    assert Application.objects.get(pk=application.pk).form_data["id_number"] == "230702198805120018"


def test_a_submission_is_refused_for_a_guided_or_unpublished_item(hall: Hall) -> None:
    hall.item.status = hall.item.Status.DRAFT
    hall.item.save()
    with pytest.raises(services.ApplicationRefused, match="暂不能在线申请"):
        submit(hall)
    assert not Application.objects.exists() and not ApplicationMaterial.objects.exists()


def test_a_resubmission_must_hand_in_again_everything_the_notice_named(hall: Hall) -> None:
    application = submit(hall)
    services.request_correction(
        application=application,
        actor=hall.window,
        problems=[
            {"material": hall.identity.pk, "problem": "身份证已过有效期"},
            {"field": "phone", "label": "联系电话", "problem": "号码位数不对"},
        ],
    )
    with pytest.raises(services.ApplicationRefused, match="请补交：身份证明") as refusal:
        services.resubmit_correction(application=application, applicant=hall.world.citizen, form_data={"phone": "1"})
    assert refusal.value.errors == {f"material-{hall.identity.pk}": "请按补正告知书重新提交该材料。"}
    with pytest.raises(services.ApplicationRefused, match="修改申请表"):
        services.resubmit_correction(
            application=application, applicant=hall.world.citizen, uploads={hall.identity.pk: pdf()}
        )
    application.refresh_from_db()
    assert application.status == Application.Status.CORRECTION
    assert application.notices.get(kind=ApplicationNotice.Kind.CORRECTION).resolved_at is None
