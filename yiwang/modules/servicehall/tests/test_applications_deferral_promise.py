"""容缺受理 (a deferrable material accepted missing on the applicant's commitment; no decision until
it arrives) and 告知承诺 (a promise instead of a proof; a 核查 task with a deadline; a false promise
revokes the decision, audited)."""

from __future__ import annotations

from datetime import date

import pytest

from yiwang.core.audit.models import AuditEntry
from yiwang.modules.servicehall.models import (
    Application,
    ApplicationMaterial,
    ApplicationNotice,
    DeferralCommitment,
    PromiseVerification,
)
from yiwang.modules.servicehall.selectors import applications as selectors
from yiwang.modules.servicehall.services import applications as services

from .applications_support import Hall, accept, at, hall_fixture, pdf, review_all, submit  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def september(hall: Hall, monkeypatch: pytest.MonkeyPatch) -> Hall:
    monkeypatch.setattr(services, "_now", lambda: at(2026, 9, 18))
    return hall


def test_a_deferrable_material_is_accepted_missing_on_the_applicants_commitment(september: Hall) -> None:
    application = submit(september, without=(september.premises,))
    accepted = accept(
        september,
        application,
        deferrals={september.premises.pk: ("承诺 10 月 30 日前补交租赁合同", date(2026, 10, 30))},
    )
    ledger = DeferralCommitment.objects.get(application=accepted)
    assert ledger.application_material.material == september.premises and ledger.due_date == date(2026, 10, 30)
    assert ledger.application_material.state == ApplicationMaterial.State.DEFERRED
    receipt = accepted.notices.get(kind=ApplicationNotice.Kind.RECEIPT)
    assert receipt.content["deferrals"] == [{"material": "场所使用证明", "due_date": "2026-10-30"}]


def test_only_a_deferrable_material_may_be_deferred(september: Hall) -> None:
    application = submit(september, without=(september.identity,))
    with pytest.raises(services.ApplicationRefused, match="材料不齐全") as refusal:
        accept(september, application, deferrals={september.identity.pk: ("后补", date(2026, 10, 30))})
    assert refusal.value.errors == {f"material-{september.identity.pk}": "该材料不可容缺。"}
    assert not DeferralCommitment.objects.exists()


def test_the_decision_waits_until_every_deferred_material_has_arrived(september: Hall) -> None:
    world = september.world
    application = submit(september, without=(september.premises,))
    application = review_all(
        september, accept(september, application, deferrals={september.premises.pk: ("承诺补交", date(2026, 10, 30))})
    )
    with pytest.raises(services.ApplicationRefused, match="容缺材料尚未补齐（场所使用证明）") as refusal:
        services.decide(application=application, actor=world.leader, granted=True)
    assert refusal.value.code == "deferred_missing"
    assert Application.objects.get(pk=application.pk).status == Application.Status.DECIDING

    with pytest.raises(services.ApplicationRefused, match="只有申请人本人"):
        services.supply_deferred_material(
            application=application, applicant=world.enterprise, material_id=september.premises.pk, upload=pdf()
        )
    services.supply_deferred_material(
        application=application, applicant=world.citizen, material_id=september.premises.pk, upload=pdf("租赁合同.pdf")
    )
    assert selectors.pending_deferrals(application).count() == 0
    services.decide(application=application, actor=world.leader, granted=True)
    assert Application.objects.get(pk=application.pk).decision == Application.Decision.GRANTED


def test_a_promise_replaces_the_proof_and_creates_a_verification_task_with_a_deadline(september: Hall) -> None:
    application = submit(
        september, promises={september.qualification.pk: "本人承诺场所已通过消防验收，如有不实愿承担法律责任"}
    )
    assert application.promise_chosen
    row = application.materials.get(material=september.qualification)
    assert row.state == ApplicationMaterial.State.PROMISED and row.file_id is None
    accepted = accept(september, application)
    verification = PromiseVerification.objects.get(application=accepted)
    assert verification.result == PromiseVerification.Result.PENDING
    clock = selectors.clocks(accepted)[f"verify-{verification.pk}"]
    assert clock.limit == 20 and clock.due_date == verification.due_date
    assert accepted.notices.get(kind=ApplicationNotice.Kind.RECEIPT).content["promises"] == ["消防安全资格证明"]


def test_a_promise_is_refused_for_an_item_that_does_not_allow_it(september: Hall) -> None:
    september.item.allows_promise = False
    september.item.save()
    with pytest.raises(services.ApplicationRefused, match="不适用告知承诺制"):
        submit(september, promises={september.qualification.pk: "承诺"})
    assert not Application.objects.exists()


def test_a_false_promise_found_by_verification_revokes_the_decision(september: Hall) -> None:
    world = september.world
    application = submit(september, promises={september.qualification.pk: "承诺已通过消防验收"})
    application = review_all(september, accept(september, application))
    services.decide(application=application, actor=world.leader, granted=True)
    with pytest.raises(services.ApplicationRefused, match="核查未发现承诺不实"):
        services.revoke_decision(application=application, actor=world.leader, reasons="承诺不实")

    verification = PromiseVerification.objects.get(application=application)
    services.verify_promise(
        verification=verification,
        actor=world.city_clerk,
        truthful=False,
        findings="经向消防部门核实，该场所未通过消防验收",
    )
    verification.refresh_from_db()
    assert verification.result == PromiseVerification.Result.FALSE and verification.verified_by == world.city_clerk
    assert not selectors.clocks(application)[f"verify-{verification.pk}"].is_open

    with pytest.raises(services.ApplicationRefused, match="无权"):
        services.revoke_decision(application=application, actor=world.city_clerk, reasons="承诺不实")
    notice = services.revoke_decision(
        application=application, actor=world.leader, reasons="申请人承诺已通过消防验收，经核查不实"
    )
    application.refresh_from_db()
    assert application.status == Application.Status.REVOKED and application.revoked_at is not None
    assert notice.kind == ApplicationNotice.Kind.REVOCATION and "行政复议" in notice.content["remedies"]
    entry = AuditEntry.objects.get(event="servicehall.decision_revoke", object_id=str(application.pk))
    assert entry.detail["reasons"] == "申请人承诺已通过消防验收，经核查不实"


def test_an_applicant_with_a_false_promise_on_record_may_not_promise_again(september: Hall) -> None:
    world = september.world
    first = accept(september, submit(september, promises={september.qualification.pk: "承诺已通过消防验收"}))
    services.verify_promise(
        verification=PromiseVerification.objects.get(application=first),
        actor=world.city_clerk,
        truthful=False,
        findings="未通过消防验收",
    )
    with pytest.raises(services.ApplicationRefused, match="承诺不实的记录") as refusal:
        submit(september, promises={september.qualification.pk: "再次承诺"})
    assert refusal.value.code == "promise_excluded"
    assert submit(september).promise_chosen is False  # with the proof itself the application goes in
