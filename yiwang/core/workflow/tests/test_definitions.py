"""Uploading process definitions: versions, and refusals that name the element in Chinese."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from yiwang.core.workflow import services
from yiwang.core.workflow.errors import DefinitionError, WorkflowError
from yiwang.core.workflow.models import ProcessDefinition
from yiwang.testing.personas import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:yw="urn:yiwang:bpmn:1" '
    'id="d" targetNamespace="urn:test">'
)


def bpmn(body: str, *, process_id: str = "test.process") -> str:
    return f'{HEAD}<bpmn:process id="{process_id}" name="测试流程" isExecutable="true">{body}</bpmn:process></bpmn:definitions>'


def user_task(element_id: str, name: str, rule: str, extra: str = "", inner: str = "") -> str:
    return (
        f'<bpmn:userTask id="{element_id}" name="{name}"><bpmn:extensionElements>{rule}{extra}'
        f"</bpmn:extensionElements>{inner}</bpmn:userTask>"
    )


def linear(*tasks: str, flows: str = "") -> str:
    """start → tasks in order → end (tasks given as element ids inside the bodies)."""
    import re

    ids = [re.search(r'id="([^"]+)"', task).group(1) for task in tasks]  # type: ignore[union-attr]
    chain = ["start", *ids, "end"]
    seq = "".join(
        f'<bpmn:sequenceFlow id="f{i}" sourceRef="{a}" targetRef="{b}" />'
        for i, (a, b) in enumerate(itertools.pairwise(chain))
    )
    return bpmn('<bpmn:startEvent id="start" />' + "".join(tasks) + '<bpmn:endEvent id="end" />' + seq + flows)


INITIATOR = '<yw:assignee rule="initiator" />'


def deploy(xml: str, key: str = "test.process") -> ProcessDefinition:
    return services.deploy_definition(key=key, name="测试流程", module="core", bpmn_xml=xml)


def problems(xml: str) -> list[tuple[str, str]]:
    with pytest.raises(DefinitionError) as refused:
        deploy(xml)
    return refused.value.problems


def test_each_upload_is_a_new_version_and_running_instances_keep_theirs(world: World) -> None:
    first = deploy(linear(user_task("a", "拟办", INITIATOR)))
    instance = services.start(
        key="test.process", title="t", initiator=world.city_clerk, agency=world.city_civil_affairs
    )
    second = deploy(linear(user_task("a", "拟办", INITIATOR), user_task("b", "审核", INITIATOR)))
    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert not first.is_current and second.is_current
    assert instance.definition == first
    item = instance.items.get()
    services.complete(item, actor=world.city_clerk)
    instance.refresh_from_db()
    assert instance.status == "completed"  # v1 had one step


def test_sync_processes_deploys_only_changed_files(world: World) -> None:
    first = services.sync_processes()
    again = services.sync_processes()
    assert all(deployed for _, _, deployed in first)
    assert not any(deployed for _, _, deployed in again)
    assert ProcessDefinition.objects.count() == len(first)


def test_sync_never_puts_a_shipped_default_over_a_version_an_administrator_uploaded(
    world: World, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped_file = tmp_path / "shipped.bpmn"
    monkeypatch.setattr(services, "process_files", lambda: [("core", shipped_file)])

    def ship(*names: str) -> list[tuple[str, int, bool]]:
        shipped_file.write_text(linear(*(user_task(f"s{i}", name, INITIATOR) for i, name in enumerate(names))))
        return services.sync_processes()

    def current() -> int:
        return ProcessDefinition.objects.get(key="test.process", is_current=True).version

    assert ship("拟办") == [("test.process", 1, True)]
    # While the current version is the shipped default, a changed default becomes current.
    assert ship("拟办", "审核") == [("test.process", 2, True)] and current() == 2
    uploaded = services.deploy_definition(
        key="test.process",
        name="本地流程",
        module="core",
        bpmn_xml=linear(user_task("a", "本地拟办", INITIATOR)),
        actor=world.system_admin,
    )
    assert (uploaded.version, uploaded.shipped) == (3, False)
    # A changed default is added for review, but the administrator's version stays current.
    assert ship("拟办", "审核", "签发") == [("test.process", 4, True)]
    added = ProcessDefinition.objects.get(key="test.process", version=4)
    assert (added.is_current, added.shipped) == (False, True)
    assert current() == 3
    # The same default again, or an older one, adds nothing.
    assert ship("拟办", "审核", "签发") == [("test.process", 4, False)]
    assert ship("拟办") == [("test.process", 1, False)]
    assert ProcessDefinition.objects.filter(key="test.process").count() == 4
    assert current() == 3
    instance = services.start(
        key="test.process", title="t", initiator=world.city_clerk, agency=world.city_civil_affairs
    )
    assert instance.definition == uploaded


def test_malformed_xml_is_refused_with_the_line() -> None:
    [(element, message)] = problems("<bpmn:definitions><oops></bpmn:definitions>")
    assert element == "" and "XML 格式错误" in message and "第1行" in message


def test_unsupported_elements_are_named() -> None:
    found = problems(linear(user_task("a", "拟办", INITIATOR), '<bpmn:scriptTask id="s1" />'))
    assert ("s1", "不支持的元素：脚本任务（上传的流程不执行脚本）") in found


def test_user_task_without_a_rule_is_refused(world: World) -> None:
    assert problems(linear('<bpmn:userTask id="a" name="拟办" />')) == [
        ("a", "用户任务“拟办”缺少办理人规则（yw:assignee）")
    ]


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ('<yw:assignee rule="role" role="no_such_role" agency="initiator" />', "角色代码“no_such_role”不存在"),
        ('<yw:assignee rule="user" user="nobody" />', "用户“nobody”不存在"),
        ('<yw:assignee rule="role" role="clerk" agency="somewhere" />', "机构引用“somewhere”无效"),
        ('<yw:assignee rule="group" role="clerk" agency="id:999999" />', "机构“id:999999”不存在"),
        ('<yw:assignee rule="magic" />', "未知的办理人规则“magic”"),
        ('<yw:assignee rule="variable" name="1bad" />', "办理人变量名“1bad”无效"),
    ],
)
def test_assignee_rules_that_do_not_resolve_are_refused(world: World, rule: str, expected: str) -> None:
    [(element, message)] = problems(linear(user_task("a", "拟办", rule)))
    assert element == "a" and expected in message


def test_bad_verbs_due_days_and_countersign_completion_are_refused(world: World) -> None:
    found = problems(
        linear(
            user_task("a", "拟办", INITIATOR, "<yw:verbs>complete fly</yw:verbs>"),
            user_task("b", "审核", INITIATOR, '<yw:due workingDays="many" />'),
            user_task(
                "c",
                "会签",
                INITIATOR,
                '<yw:countersign completion="most" />',
                '<bpmn:multiInstanceLoopCharacteristics isSequential="false" />',
            ),
        )
    )
    messages = dict(found)
    assert "未知的操作：fly" in messages["a"]
    assert "workingDays" in messages["b"]
    assert "会签完成条件“most”" in messages["c"]


def test_unsafe_condition_expressions_are_refused(world: World) -> None:
    gateway = (
        '<bpmn:exclusiveGateway id="g" default="f_ok" />'
        '<bpmn:sequenceFlow id="f_in" sourceRef="a" targetRef="g" />'
        '<bpmn:sequenceFlow id="f_bad" sourceRef="g" targetRef="b">'
        '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">__import__("os").system("id")</bpmn:conditionExpression>'
        "</bpmn:sequenceFlow>"
        '<bpmn:sequenceFlow id="f_ok" sourceRef="g" targetRef="b" />'
    )
    xml = bpmn(
        '<bpmn:startEvent id="start" />'
        + user_task("a", "拟办", INITIATOR)
        + user_task("b", "审核", INITIATOR)
        + '<bpmn:endEvent id="end" />'
        + '<bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="a" />'
        + '<bpmn:sequenceFlow id="f9" sourceRef="b" targetRef="end" />'
        + gateway
    )
    [(element, message)] = problems(xml)
    assert element == "f_bad" and "条件表达式不可用" in message


def test_timer_durations_must_be_iso_8601(world: World) -> None:
    timer = (
        '<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition>'
        "<bpmn:timeDuration>three days</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>"
    )
    found = problems(linear(user_task("a", "拟办", INITIATOR), timer))
    assert found[0][0] == "wait" and "ISO 8601" in found[0][1]


def test_only_process_admins_upload(world: World) -> None:
    with pytest.raises(WorkflowError, match="流程管理员"):
        services.deploy_definition(
            key="x", name="x", module="core", bpmn_xml=linear(user_task("a", "拟办", INITIATOR)), actor=world.leader
        )
    definition = services.deploy_definition(
        key="x", name="x", module="core", bpmn_xml=linear(user_task("a", "拟办", INITIATOR)), actor=world.system_admin
    )
    assert definition.uploaded_by == world.system_admin
