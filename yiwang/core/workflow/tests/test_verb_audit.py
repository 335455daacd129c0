"""Every office verb writes one audit entry (event, actor, object) — and a refused verb writes nothing.

One parametrised case per verb service: `prepare` brings a fresh instance to where the verb applies
and returns the refused call, the accepted call and the object the entry must name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.db import models
from django.utils import timezone

from yiwang.core.audit.models import AuditEntry
from yiwang.core.notifications.models import Message
from yiwang.core.workflow import services
from yiwang.core.workflow.errors import WorkflowError
from yiwang.core.workflow.models import Delegation, ProcessInstance, Step, WorkItem
from yiwang.testing.personas import World

from .test_services_start import open_items, start_document
from .test_services_verbs import start_ticket

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


@dataclass
class Case:
    refuse: Callable[[], Any]  # a call the service must refuse (or, for 打开, ignore)
    accept: Callable[[], Any]
    actor: Any
    obj: models.Model
    refusal_raises: bool = True


def world_state() -> tuple[Any, ...]:
    """Every row a verb could change: instances, items, steps, delegations, messages, audit."""
    return (
        list(ProcessInstance.objects.order_by("pk").values()),
        list(WorkItem.objects.order_by("pk").values()),
        list(Step.objects.order_by("pk").values()),
        list(Delegation.objects.order_by("pk").values()),
        Message.objects.count(),
        AuditEntry.objects.count(),
    )


def at_review(world: World) -> tuple[ProcessInstance, WorkItem]:
    instance = start_document(world)
    services.complete(open_items(instance)[0], actor=world.city_clerk)
    [review] = open_items(instance)
    return instance, review


def case_complete(world: World) -> Case:
    instance = start_document(world)
    [draft] = open_items(instance)
    return Case(
        refuse=lambda: services.complete(draft, actor=world.leader, opinion="越权"),
        accept=lambda: services.complete(draft, actor=world.city_clerk, opinion="请核稿"),
        actor=world.city_clerk,
        obj=instance,
    )


def case_send_back(world: World) -> Case:
    instance, review = at_review(world)
    return Case(
        refuse=lambda: services.send_back(review, actor=world.leader, reason="越权退回"),
        accept=lambda: services.send_back(review, actor=world.office_director, reason="文号有误"),
        actor=world.office_director,
        obj=instance,
    )


def case_withdraw(world: World) -> Case:
    instance = start_document(world)
    [draft] = open_items(instance)
    services.complete(draft, actor=world.city_clerk)
    return Case(
        refuse=lambda: services.withdraw(draft, actor=world.leader, reason="不是我发的"),
        accept=lambda: services.withdraw(draft, actor=world.city_clerk, reason="漏附附件"),
        actor=world.city_clerk,
        obj=instance,
    )


def case_reassign(world: World) -> Case:
    instance, review = at_review(world)
    return Case(
        refuse=lambda: services.reassign(review, actor=world.city_clerk, to_user=world.leader, reason="越权"),
        accept=lambda: services.reassign(review, actor=world.office_director, to_user=world.leader, reason="出差"),
        actor=world.office_director,
        obj=instance,
    )


def case_delegate(world: World) -> Case:
    today = timezone.localdate()

    def delegate(actor: Any) -> Delegation:
        return services.delegate(
            principal=world.office_director,
            delegate=world.city_clerk,
            starts_on=today,
            ends_on=today + timedelta(days=2),
            reason="外出学习",
            actor=actor,
        )

    case = Case(refuse=lambda: delegate(world.city_clerk), accept=lambda: None, actor=world.office_director, obj=None)  # type: ignore[arg-type]

    def accept() -> Delegation:
        case.obj = delegate(world.office_director)
        return case.obj

    case.accept = accept
    return case


def case_add_signer(world: World) -> Case:
    instance, review = at_review(world)
    return Case(
        refuse=lambda: services.add_signer(
            review, actor=world.city_clerk, signer=world.leader, position="before", reason="越权"
        ),
        accept=lambda: services.add_signer(
            review, actor=world.office_director, signer=world.leader, position="before", reason="请局长先看"
        ),
        actor=world.office_director,
        obj=instance,
    )


def case_claim(world: World) -> Case:
    instance = start_ticket(world)
    [dispatch] = open_items(instance)
    return Case(
        refuse=lambda: services.claim(dispatch, actor=world.city_clerk),
        accept=lambda: services.claim(dispatch, actor=world.dispatcher),
        actor=world.dispatcher,
        obj=instance,
    )


def case_circulate(world: World) -> Case:
    instance = start_document(world)
    return Case(
        refuse=lambda: services.circulate(instance, actor=world.tieli_leader, recipients=[world.leader]),
        accept=lambda: services.circulate(instance, actor=world.city_clerk, recipients=[world.leader], note="请阅"),
        actor=world.city_clerk,
        obj=instance,
    )


def case_mark_read(world: World) -> Case:
    instance = start_document(world)
    [reading] = services.circulate(instance, actor=world.city_clerk, recipients=[world.leader], note="请阅")
    return Case(
        refuse=lambda: services.mark_read(reading, actor=world.jiayin_clerk, opinion="不是给我的"),
        accept=lambda: services.mark_read(reading, actor=world.leader, opinion="已阅"),
        actor=world.leader,
        obj=instance,
    )


def case_urge(world: World) -> Case:
    instance, review = at_review(world)
    return Case(
        refuse=lambda: services.urge(review, actor=world.office_director, message="催自己"),
        accept=lambda: services.urge(review, actor=world.city_clerk, message="请今天核稿"),
        actor=world.city_clerk,
        obj=instance,
    )


def case_terminate(world: World) -> Case:
    instance = start_document(world)
    return Case(
        refuse=lambda: services.terminate(instance, actor=world.leader, reason="撤销发文"),
        accept=lambda: services.terminate(instance, actor=world.system_admin, reason="撤销发文"),
        actor=world.system_admin,
        obj=instance,
    )


def case_open(world: World) -> Case:
    instance, review = at_review(world)
    return Case(
        # Someone other than the assignee looking is not 打开: ignored, not refused.
        refuse=lambda: services.open_item(review, actor=world.leader),
        accept=lambda: services.open_item(review, actor=world.office_director),
        actor=world.office_director,
        obj=instance,
        refusal_raises=False,
    )


CASES: dict[str, Callable[[World], Case]] = {
    "complete": case_complete,
    "send_back": case_send_back,
    "withdraw": case_withdraw,
    "reassign": case_reassign,
    "delegate": case_delegate,
    "add_signer": case_add_signer,
    "claim": case_claim,
    "circulate": case_circulate,
    "mark_read": case_mark_read,
    "urge": case_urge,
    "terminate": case_terminate,
    "open": case_open,  # services.open_item
}


@pytest.mark.parametrize("verb", list(CASES))
def test_each_verb_writes_an_audit_entry_naming_the_actor_and_object_and_a_refusal_writes_nothing(
    verb: str, processes: Any, world: World
) -> None:
    case = CASES[verb](world)
    before = world_state()
    if case.refusal_raises:
        with pytest.raises(WorkflowError):
            case.refuse()
    else:
        case.refuse()
    assert world_state() == before, f"a refused {verb} changed something"

    last_seq = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    case.accept()
    entries = list(AuditEntry.objects.filter(seq__gt=last_seq, event=f"workflow.{verb}"))
    assert len(entries) == 1, f"expected one workflow.{verb} entry, got {len(entries)}"
    [entry] = entries
    assert entry.actor_id == case.actor.pk
    assert entry.actor_label == case.actor.get_username()
    assert (entry.object_type, entry.object_id) == (case.obj._meta.label, str(case.obj.pk))
    assert entry.result == AuditEntry.Result.SUCCESS
