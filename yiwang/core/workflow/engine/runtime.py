"""The SpiffWorkflow adapter: build, load, advance and save one workflow (ADR 0007).

What is stored per instance is only the live part of Spiff's task tree: the spec lives once on the
ProcessDefinition row, and the finished history above the lowest common ancestor of the unfinished
tasks is cut away on every save (the history people read is in Step and WorkItem rows). So the
stored state is bounded by the size of the diagram, not by how many steps the instance has taken.
"""

from __future__ import annotations

import copy
import logging
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.specs.defaults import UserTask
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from . import expressions

# Spiff logs every state change at INFO: far too chatty for a server handling many instances.
logging.getLogger("spiff").setLevel(logging.WARNING)

_SERIALIZER = BpmnWorkflowSerializer()
_FINISHED = TaskState.FINISHED_MASK


class SafeScriptEngine(PythonScriptEngine):
    """Conditions and timer expressions through the whitelist evaluator; scripts are refused."""

    def evaluate(self, task: Task, expression: str, external_context: dict[str, Any] | None = None) -> Any:
        return expressions.evaluate(expression, {**task.data, **(external_context or {})})

    def execute(self, task: Task, script: str, external_context: dict[str, Any] | None = None) -> Any:
        raise expressions.ExpressionError("不执行流程中的脚本")


SCRIPT_ENGINE = SafeScriptEngine()


def serialise_spec(spec: Any) -> dict[str, Any]:
    """The serialised process spec, stored once per definition version."""
    return {"spec": _SERIALIZER.registry.convert(spec), "subprocess_specs": {}}


def _spec_of(definition: Any) -> dict[str, Any]:
    # The converters pop keys while restoring: give them a copy of the stored spec.
    return copy.deepcopy(definition.spec)


def new_workflow(definition: Any) -> BpmnWorkflow:
    spec = _SERIALIZER.registry.restore(_spec_of(definition)["spec"])
    workflow = BpmnWorkflow(spec, script_engine=SCRIPT_ENGINE)
    return workflow


def load(definition: Any, state: dict[str, Any]) -> BpmnWorkflow:
    specs = _spec_of(definition)
    workflow = _SERIALIZER.from_dict({**copy.deepcopy(state), **specs})
    workflow.script_engine = SCRIPT_ENGINE
    return workflow


def dump(workflow: BpmnWorkflow) -> dict[str, Any]:
    """The live part of the workflow as JSON-safe data (spec left out, finished history pruned)."""
    state = _SERIALIZER.to_dict(workflow)
    state.pop("spec", None)
    state.pop("subprocess_specs", None)
    return _prune(state)


def _prune(state: dict[str, Any]) -> dict[str, Any]:
    tasks: dict[str, dict[str, Any]] = state["tasks"]
    unfinished = [task_id for task_id, task in tasks.items() if not task["state"] & _FINISHED]
    root = state["root"]
    if not unfinished:
        # Finished: nothing more will run; keep the root only.
        state["tasks"] = {root: {**tasks[root], "children": []}}
        state["last_task"] = None
        return state

    def chain(task_id: str) -> list[str]:
        path = []
        while task_id:
            path.append(task_id)
            task_id = tasks[task_id]["parent"]
        return path[::-1]

    chains = [chain(task_id) for task_id in unfinished]
    anchor = root
    for level in zip(*chains, strict=False):
        if len(set(level)) != 1:
            break
        anchor = level[0]
    if anchor == root or tasks[anchor]["parent"] == root:
        return state
    keep = {root}
    stack = [anchor]
    while stack:
        task_id = stack.pop()
        keep.add(task_id)
        stack.extend(tasks[task_id]["children"])
    pruned = {task_id: task for task_id, task in tasks.items() if task_id in keep}
    pruned[root] = {**pruned[root], "children": [anchor]}
    pruned[anchor] = {**pruned[anchor], "parent": root}
    state["tasks"] = pruned
    if state.get("last_task") not in keep:
        state["last_task"] = anchor
    return state


def advance(workflow: BpmnWorkflow) -> None:
    """Run engine steps (gateways, events) until only user tasks and timers wait."""
    workflow.refresh_timers()
    workflow.do_engine_steps()


def ready_user_tasks(workflow: BpmnWorkflow) -> list[Task]:
    return [task for task in workflow.get_tasks(state=TaskState.READY) if isinstance(task.task_spec, UserTask)]


def get_task(workflow: BpmnWorkflow, task_id: UUID | str) -> Task | None:
    return workflow.get_task_from_id(UUID(str(task_id))) if str(task_id) else None


def complete_task(workflow: BpmnWorkflow, task: Task, variables: dict[str, Any]) -> None:
    task.data = dict(variables)
    task.run()
    advance(workflow)


def go_to(workflow: BpmnWorkflow, element_id: str, variables: dict[str, Any]) -> None:
    """退回/撤回: drop every live branch and restart the process at `element_id`.

    The tree under the root is discarded (the history is in Step rows), so no join downstream can
    count an input from a branch that was abandoned — the stuck-after-rollback problem of engines
    that rewind only one branch of a parallel split.
    """
    spec = workflow.spec.task_specs.get(element_id)
    if spec is None:
        raise KeyError(element_id)
    # A task with boundary events sits behind Spiff's BoundaryEventSplit: re-enter through the
    # split, or the step comes back without its timers (a 退回 would silently disarm them).
    split = workflow.spec.task_specs.get(f"{element_id}.BoundaryEventSplit")
    if split is not None and split in spec.inputs:
        spec = split
    root = workflow.task_tree
    for child in list(root.children):
        for task in list(child):
            workflow.tasks.pop(task.id, None)
            # Waiting events (timers) of the dropped branches must not be refreshed or fire.
            workflow.event_manager.remove_task(task)
    root._children = []
    task = root._add_child(spec, TaskState.FUTURE)
    task.data = dict(variables)
    task.task_spec._predict(task, mask=TaskState.PREDICTED_MASK | TaskState.FUTURE)
    task.task_spec._update(task)
    advance(workflow)


def cancel(workflow: BpmnWorkflow) -> None:
    workflow.cancel()


def trail(workflow: BpmnWorkflow) -> tuple[set[str], set[str]]:
    """BPMN elements other than user tasks, for the diagram: those passed (gateways, events, the end
    event) and those waiting (timers and other catching events). Read before the state is pruned."""
    passed: set[str] = set()
    waiting: set[str] = set()
    for task in workflow.get_tasks(state=TaskState.COMPLETED | TaskState.WAITING):
        spec = task.task_spec
        bpmn_id = getattr(spec, "bpmn_id", None)
        if not bpmn_id or isinstance(spec, UserTask):
            continue
        if task.state == TaskState.COMPLETED:
            passed.add(bpmn_id)
        elif getattr(spec, "event_definition", None) is not None:
            waiting.add(bpmn_id)
    return passed, waiting


def next_timer_at(workflow: BpmnWorkflow) -> datetime | None:
    """When the earliest waiting timer event fires (for the sweep that refreshes timers)."""
    moments: list[datetime] = []
    for task in workflow.get_tasks(state=TaskState.WAITING):
        event = getattr(task.task_spec, "event_definition", None)
        value = task.internal_data.get("event_value") if event is not None else None
        if isinstance(value, str) and type(event).__name__.endswith("TimerEventDefinition"):
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                continue
            moments.append(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
    return min(moments) if moments else None
