"""Rows for inbox, screen and API tests that do not need the engine to run a process."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from yiwang.core.workflow.models import Delegation, ProcessDefinition, ProcessInstance, Step, WorkItem

SAMPLE_XML = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
  xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="defs" targetNamespace="urn:test">
  <bpmn:process id="sample" isExecutable="true">
    <bpmn:startEvent id="start" /><bpmn:userTask id="draft" name="拟稿" /><bpmn:userTask id="review" name="核稿" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="draft" />
    <bpmn:sequenceFlow id="f2" sourceRef="draft" targetRef="review" />
    <bpmn:sequenceFlow id="f3" sourceRef="review" targetRef="end" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="d"><bpmndi:BPMNPlane id="p" bpmnElement="sample">
    <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="100" y="100" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="draft_di" bpmnElement="draft"><dc:Bounds x="200" y="78" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="review_di" bpmnElement="review"><dc:Bounds x="360" y="78" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="520" y="100" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="136" y="118" /><di:waypoint x="200" y="118" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="300" y="118" /><di:waypoint x="360" y="118" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="f3_di" bpmnElement="f3"><di:waypoint x="460" y="118" /><di:waypoint x="520" y="118" /></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>
"""

ALL_VERBS = ["complete", "send_back", "withdraw", "reassign", "add_signer", "circulate", "urge"]


def make_definition(*, key: str = "test.sample", module: str = "core", version: int = 1) -> ProcessDefinition:
    definition, _ = ProcessDefinition.objects.get_or_create(
        key=key,
        version=version,
        defaults={
            "name": "测试流程",
            "module": module,
            "bpmn_xml": SAMPLE_XML,
            "sha256": "0" * 64,
            "steps": {
                "draft": {"name": "拟稿", "verbs": ALL_VERBS},
                "review": {"name": "核稿", "verbs": ALL_VERBS},
            },
        },
    )
    return definition


def make_instance(
    *,
    initiator: Any,
    title: str = "关于做好冬季供暖保障工作的通知",
    module: str = "core",
    urgency: str = "normal",
    **kwargs: Any,
) -> ProcessInstance:
    return ProcessInstance.objects.create(
        definition=make_definition(module=module, key=f"test.{module}"),
        module=module,
        title=title,
        urgency=urgency,
        initiator=initiator,
        current_steps="核稿",
        **kwargs,
    )


def make_item(
    *,
    instance: ProcessInstance,
    assignee: Any = None,
    element_id: str = "review",
    step_name: str = "核稿",
    kind: str = WorkItem.Kind.TODO,
    state: str = WorkItem.State.OPEN,
    due_in_days: int | None = None,
    opened: bool = True,
    **kwargs: Any,
) -> WorkItem:
    now = timezone.now()
    return WorkItem.objects.create(
        instance=instance,
        kind=kind,
        state=state,
        element_id=element_id,
        step_name=step_name,
        module=instance.module,
        title=instance.title,
        urgency=instance.urgency,
        assignee=assignee,
        opened_at=now if opened else None,
        due_at=now + timedelta(days=due_in_days) if due_in_days is not None else None,
        **kwargs,
    )


def make_step(
    *, instance: ProcessInstance, actor: Any, verb: str = "complete", opinion: str = "", **kwargs: Any
) -> Step:
    return Step.objects.create(instance=instance, actor=actor, verb=verb, opinion=opinion, **kwargs)


def make_delegation(*, principal: Any, delegate: Any, days: int = 3, module: str = "") -> Delegation:
    today = timezone.localdate()
    return Delegation.objects.create(
        principal=principal,
        delegate=delegate,
        starts_on=today,
        ends_on=today + timedelta(days=days),
        module=module,
        reason="出差",
    )
