"""The engine adapter: safe expressions, bounded stored state, 会签 completion rules, events."""

from __future__ import annotations

import json
from typing import Any

import pytest

from yiwang.core.workflow import services
from yiwang.core.workflow.engine import expressions
from yiwang.core.workflow.events import InstanceEnded, StepCompleted
from yiwang.core.workflow.models import ProcessInstance, WorkItem
from yiwang.testing.personas import World

from .test_definitions import INITIATOR, bpmn, deploy, user_task
from .test_services_start import open_items, start_document

pytestmark = pytest.mark.usefixtures("pinned_clock")

# Expressions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "variables", "value"),
    [
        ('decision == "同意"', {"decision": "同意"}, True),
        ("amount > 10000 and urgent", {"amount": 20000, "urgent": True}, True),
        ("agency in [1, 2, 3]", {"agency": 4}, False),
        ("not approved", {"approved": False}, True),
        ("(a + b) * 2 % 7", {"a": 1, "b": 2}, 6),
        ("items[0] if items else None", {"items": ["x"]}, "x"),
    ],
)
def test_conditions_over_process_variables(expression: str, variables: dict[str, Any], value: Any) -> None:
    assert expressions.evaluate(expression, variables) == value


@pytest.mark.parametrize(
    "expression",
    [
        '__import__("os").system("id")',
        "open('/etc/passwd')",
        "().__class__.__bases__",
        "[x for x in range(10)]",
        "2 ** 1000000",
        "lambda: 1",
        "_secret",
    ],
)
def test_code_in_expressions_is_refused(expression: str) -> None:
    with pytest.raises(expressions.ExpressionError):
        expressions.evaluate(expression, {"_secret": 1})


def test_string_repetition_cannot_exhaust_memory() -> None:
    with pytest.raises(expressions.ExpressionError, match="数字"):
        expressions.evaluate('"x" * n', {"n": 10**9})


def test_an_unset_variable_is_a_clear_error() -> None:
    with pytest.raises(expressions.ExpressionError, match="decision 未赋值"):
        expressions.evaluate('decision == "同意"', {})


# Stored state --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_stored_state_does_not_grow_with_history(processes: Any, world: World) -> None:
    """Ten rounds of 签发 → 不同意 → 拟稿 leave the stored state the size it was after one."""
    instance = start_document(world)
    sizes = []
    for _ in range(10):
        services.complete(open_items(instance)[0], actor=world.city_clerk)
        services.complete(open_items(instance)[0], actor=world.office_director)
        for vote in open_items(instance):
            services.complete(vote, actor=vote.assignee)
        services.complete(open_items(instance)[0], actor=world.leader, data={"decision": "不同意"})
        instance.refresh_from_db()
        sizes.append(len(json.dumps(instance.state)))
        assert "spec" not in instance.state
    assert max(sizes) - min(sizes) < 200  # bytes: timestamps and ids vary, the history does not pile up
    assert instance.steps.count() > 60


# 会签 completion rules -----------------------------------------------------------------------


def countersign_process(completion: str) -> str:
    multi = '<bpmn:multiInstanceLoopCharacteristics isSequential="false" />'
    body = (
        '<bpmn:startEvent id="start" />'
        + user_task(
            "sign",
            "会签",
            '<yw:assignee rule="leader" agency="var:agencies" />',
            f'<yw:countersign completion="{completion}" />',
            multi,
        )
        + user_task("after", "汇总", INITIATOR)
        + '<bpmn:endEvent id="end" />'
        '<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sign" />'
        '<bpmn:sequenceFlow id="f2" sourceRef="sign" targetRef="after" />'
        '<bpmn:sequenceFlow id="f3" sourceRef="after" targetRef="end" />'
    )
    return bpmn(body)


@pytest.mark.django_db
@pytest.mark.parametrize(("completion", "votes_needed"), [("all", 3), ("any", 1), ("60%", 2), ("100%", 3)])
def test_countersign_completes_by_its_rule(world: World, completion: str, votes_needed: int) -> None:
    deploy(countersign_process(completion))
    agencies = [world.city_civil_affairs.pk, world.jiayin_civil_affairs.pk, world.tieli_civil_affairs.pk]
    instance = services.start(
        key="test.process",
        title="联合发文会签",
        initiator=world.city_clerk,
        agency=world.city_civil_affairs,
        variables={"agencies": agencies},
    )
    votes = open_items(instance)
    assert len(votes) == 3
    for count, vote in enumerate(votes, start=1):
        services.complete(vote, actor=vote.assignee)
        if count == votes_needed:
            break
        assert all(i.element_id == "sign" for i in open_items(instance))
    [after] = open_items(instance)
    assert after.element_id == "after"
    closed = WorkItem.objects.filter(instance=instance, element_id="sign", state=WorkItem.State.CANCELLED).count()
    assert closed == 3 - votes_needed


# Events --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_events_are_published_for_modules(
    processes: Any, world: World, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    published: list[Any] = []
    monkeypatch.setattr(services, "publish", published.append)
    instance = start_document(world)
    services.complete(open_items(instance)[0], actor=world.city_clerk, opinion="请核稿")
    services.terminate(instance, actor=world.system_admin, reason="不再发文")
    names = [event.name for event in published]
    assert names == ["workflow.instance_started", "workflow.step_completed", "workflow.instance_ended"]
    step = published[1]
    assert isinstance(step, StepCompleted)
    assert (step.subject_type, step.subject_id, step.element_id, step.current_steps) == (
        "office.document",
        "1",
        "draft",
        ["核稿"],
    )
    ended = published[2]
    assert isinstance(ended, InstanceEnded) and ended.status == ProcessInstance.Status.TERMINATED
