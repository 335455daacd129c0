"""Events the workflow engine publishes after commit (`yiwang.core.events`).

Modules subscribe in their manifest, e.g. `event_handlers={"workflow.instance_ended": "…"}`, and
find their object through `subject_type`/`subject_id` (the Subject they passed to `start`).
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from yiwang.core.events.types import Event


@dataclasses.dataclass(frozen=True, kw_only=True)
class WorkflowEvent(Event):
    instance_id: str
    process_key: str
    module: str
    subject_type: str
    subject_id: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class InstanceStarted(WorkflowEvent):
    """流程发起."""

    name: ClassVar[str] = "workflow.instance_started"
    initiator_id: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class StepCompleted(WorkflowEvent):
    """A person acted on a step: verb is complete, send_back, withdraw, …; `current_steps` is where it is now."""

    name: ClassVar[str] = "workflow.step_completed"
    element_id: str
    verb: str
    actor_id: int | None
    opinion: str
    current_steps: list[str]
    variables: dict[str, object]


@dataclasses.dataclass(frozen=True, kw_only=True)
class InstanceEnded(WorkflowEvent):
    """流程办结 (status completed) or 终止 (status terminated, with the reason)."""

    name: ClassVar[str] = "workflow.instance_ended"
    status: str
    reason: str
    variables: dict[str, object]
