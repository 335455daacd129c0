"""The workflow engine's operations (the office verbs). Every function here is one transaction:
it locks the instance row (select_for_update), checks permission, advances SpiffWorkflow, writes
the WorkItem/Step rows and the audit entry, and schedules notifications and events after commit.
On any error nothing changes and a WorkflowError with a Chinese message is raised.

This module is the contract modules build on (公文, tickets, the service hall): keep its signatures.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Case, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from yiwang.core.accounts.models import User
from yiwang.core.audit import services as audit
from yiwang.core.calendar.workcalendar import UnknownCalendarYear, add_working_days
from yiwang.core.events.services import publish
from yiwang.core.notifications.services import notify
from yiwang.core.permissions.access import can

from . import assignment
from .definitions import StepRule, parse_definition
from .engine import expressions, runtime
from .errors import WorkflowError
from .events import InstanceEnded, InstanceStarted, StepCompleted
from .models import Delegation, ProcessDefinition, ProcessInstance, Step, WorkItem

MANAGE = "core.manage_processes"
VERB_LABELS = {
    "complete": "提交",
    "send_back": "退回",
    "withdraw": "撤回",
    "reassign": "转办",
    "reroute": "改派",
    "add_signer": "加签",
    "circulate": "传阅",
    "urge": "催办",
}


@dataclass(frozen=True, kw_only=True)
class Subject:
    """The module object a process is about and the staff page that shows it."""

    type: str  # e.g. "office.document"
    id: str
    url: str


# ---------------------------------------------------------------------------------------------
# Definitions


def deploy_definition(
    *,
    key: str,
    name: str,
    module: str,
    bpmn_xml: str | bytes,
    actor: Any = None,
    shipped: bool = False,
    make_current: bool = True,
) -> ProcessDefinition:
    """Validate and store a new version of a process; raises DefinitionError naming the element.

    `shipped` marks a module's default file (from `sync_processes`); `make_current=False` stores
    the version without starting new instances on it (the current version stays current)."""
    if actor is not None and not can(actor, MANAGE):
        raise WorkflowError("只有流程管理员可以上传流程定义", code="forbidden")
    text = bpmn_xml.decode("utf-8") if isinstance(bpmn_xml, bytes) else bpmn_xml
    parsed = parse_definition(text)
    with transaction.atomic():
        # Lock the current version so two uploads of one key cannot take the same version number.
        previous = list(ProcessDefinition.objects.select_for_update().filter(key=key).order_by("-version")[:1])
        version = previous[0].version + 1 if previous else 1
        if make_current:
            ProcessDefinition.objects.filter(key=key, is_current=True).update(is_current=False)
        definition = ProcessDefinition.objects.create(
            key=key,
            version=version,
            name=name or parsed.name,
            module=module,
            bpmn_xml=text,
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            spec=parsed.spec,
            steps={element: rule.to_json() for element, rule in parsed.steps.items()},
            is_current=make_current,
            shipped=shipped,
            uploaded_by=actor,
        )
        audit.record(
            event="workflow.definition_deployed",
            actor=actor,
            obj=definition,
            detail={
                "key": key,
                "version": version,
                "sha256": definition.sha256,
                "shipped": shipped,
                "current": make_current,
            },
        )
    return definition


def make_current(definition: ProcessDefinition, *, actor: Any) -> ProcessDefinition:
    """Make a stored version the one new instances start on (e.g. a module's changed default that
    `sync_processes` only added, or going back to an earlier version). Running instances keep theirs."""
    if not can(actor, MANAGE):
        raise WorkflowError("只有流程管理员可以切换流程的当前版本", code="forbidden")
    with transaction.atomic():
        versions = list(ProcessDefinition.objects.select_for_update().filter(key=definition.key).order_by("version"))
        target = next((v for v in versions if v.pk == definition.pk), None)
        if target is None:
            raise WorkflowError("流程版本不存在", code="unknown_definition")
        if target.is_current:
            raise WorkflowError(f"第 {target.version} 版已是当前版本", code="already_current")
        previous = next((v for v in versions if v.is_current), None)
        ProcessDefinition.objects.filter(key=target.key, is_current=True).update(is_current=False)
        target.is_current = True
        target.save(update_fields=["is_current"])
        audit.record(
            event="workflow.definition_made_current",
            actor=actor,
            obj=target,
            detail={"key": target.key, "version": target.version, "previous": previous.version if previous else None},
        )
    return target


def process_files() -> list[tuple[str, Path]]:
    """(module, path) of every BPMN file shipped: core's samples and each manifest's `processes`."""
    from importlib import import_module

    from yiwang.core.registry.registry import get_manifests

    files = [("core", path) for path in sorted((Path(__file__).parent / "processes").glob("*.bpmn"))]
    for manifest in get_manifests():
        package = import_module(f"yiwang.modules.{manifest.name}")
        base = Path(package.__file__ or "").parent
        files += [(manifest.name, base / relative) for relative in manifest.processes]
    return files


def sync_processes(*, actor: Any = None) -> list[tuple[str, int, bool]]:
    """Deploy the BPMN files modules ship: one (key, version, deployed) per file.

    While the current version is itself a shipped default, a changed file becomes the new current
    version (an unchanged one is left alone). Once an administrator has uploaded the current
    version, the administrator's version stays current: a changed default is only *added* as a
    new, non-current version — and only if no version of the key already has that content — so it
    can be reviewed and uploaded deliberately; it is never switched on silently. `deployed` is
    True when a version row was added; whether it is current is on that row (`is_current`).
    """
    from .definitions import BPMN, NS

    results = []
    for module, path in process_files():
        raw = path.read_bytes()
        text = raw.decode("utf-8")
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        from lxml import etree

        process = etree.fromstring(raw).find(f"{{{BPMN}}}process", NS)
        key = process.get("id") if process is not None else path.stem
        name = (process.get("name") if process is not None else "") or key
        current = ProcessDefinition.objects.filter(key=key, is_current=True).first()
        if current is not None and current.sha256 == digest:
            results.append((key, current.version, False))
            continue
        admin_owned = current is not None and not current.shipped
        if admin_owned:
            known = ProcessDefinition.objects.filter(key=key, sha256=digest).order_by("-version").first()
            if known is not None:
                results.append((key, known.version, False))
                continue
        definition = deploy_definition(
            key=key, name=name, module=module, bpmn_xml=text, actor=actor, shipped=True, make_current=not admin_owned
        )
        results.append((key, definition.version, True))
    return results


# ---------------------------------------------------------------------------------------------
# Helpers shared by the verbs


def _now() -> datetime:
    return timezone.now()


def _due(days: int | None, now: datetime) -> tuple[datetime | None, bool]:
    """(due_at, due_unknown): the end of the N-th working day after today (calendar service).

    For a year the calendar does not know (未录入年度) there is no due time, but the item is
    flagged `due_unknown` so the inbox shows 期限未知 instead of looking like a step without a
    limit; the calendar service has already alerted its administrators. Never a silent Mon–Fri.
    """
    if not days:
        return None, False
    try:
        day = add_working_days(timezone.localdate(now), days)
    except UnknownCalendarYear:
        return None, True
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59))), False


# A stored definition version never changes: its serialised spec and step rules are read once per
# process and (pk, sha256), not with every locked instance.
_DEFINITION_PARTS: dict[tuple[int, str], tuple[dict[str, Any], dict[str, Any]]] = {}
_DEFINITION_PARTS_MAX = 256


def _locked_instance(instance_id: Any, *, missing: str = "流程不存在") -> ProcessInstance:
    try:
        instance = (
            ProcessInstance.objects.select_for_update(of=("self",))
            .select_related("definition", "initiator", "initiator_agency")
            .defer("definition__bpmn_xml", "definition__spec", "definition__steps")
            .get(pk=instance_id)
        )
    except (ProcessInstance.DoesNotExist, ValueError, TypeError) as exc:
        raise WorkflowError(missing, code="not_found") from exc
    definition = instance.definition
    key = (definition.pk, definition.sha256)
    parts = _DEFINITION_PARTS.get(key)
    if parts is None:
        parts = ProcessDefinition.objects.filter(pk=definition.pk).values_list("spec", "steps").get()
        if len(_DEFINITION_PARTS) >= _DEFINITION_PARTS_MAX:
            _DEFINITION_PARTS.clear()
        _DEFINITION_PARTS[key] = parts
    definition.spec, definition.steps = parts  # shared and read-only: the engine copies the spec
    return instance


def _item_id(item: WorkItem | str) -> uuid.UUID:
    try:
        return item.pk if isinstance(item, WorkItem) else uuid.UUID(str(item))
    except ValueError as exc:
        raise WorkflowError("待办事项不存在", code="not_found") from exc


def _lock_item(item: WorkItem | str) -> tuple[WorkItem, ProcessInstance]:
    """Lock the item's instance row, then read the item fresh (whatever the caller's copy says)."""
    item_id = _item_id(item)
    # One round trip finds and locks the instance; the item is read after the lock is held.
    instance = _locked_instance(
        Subquery(WorkItem.objects.filter(pk=item_id).values("instance_id")[:1]), missing="待办事项不存在"
    )
    return WorkItem.objects.select_related("assignee").get(pk=item_id), instance


def _require_open(item: WorkItem) -> None:
    if item.state == WorkItem.State.DONE:
        raise WorkflowError(f"“{item.step_name}”已办理，不能重复办理", code="already_done")
    if item.state == WorkItem.State.CANCELLED:
        raise WorkflowError(f"“{item.step_name}”已取消（已被撤回、退回或终止）", code="cancelled")
    if item.state == WorkItem.State.PENDING:
        raise WorkflowError(f"“{item.step_name}”正在等待加签人办理", code="pending")


def _require_running(instance: ProcessInstance) -> None:
    if instance.status != ProcessInstance.Status.RUNNING:
        raise WorkflowError(f"流程已{instance.get_status_display()}，不能再办理", code="not_running")


def _active_delegation(principal_id: int, delegate: Any, module: str) -> bool:
    today = timezone.localdate()
    return (
        Delegation.objects.filter(
            principal_id=principal_id,
            delegate_id=delegate.pk,
            starts_on__lte=today,
            ends_on__gte=today,
            revoked_at__isnull=True,
        )
        .filter(Q(module="") | Q(module=module))
        .exists()
    )


def _acting_for(item: WorkItem, actor: Any) -> User | None:
    """None when `actor` is the assignee; the principal when acting by delegation (委托); else refuse."""
    if item.assignee_id is None:
        raise WorkflowError(f"“{item.step_name}”尚未认领，请先认领", code="not_claimed")
    if item.assignee_id == actor.pk:
        return None
    if _active_delegation(item.assignee_id, actor, item.module):
        return item.assignee
    raise WorkflowError("这不是您的待办，您无权办理", code="not_yours")


def _rule(instance: ProcessInstance, element_id: str) -> StepRule:
    data = instance.definition.steps.get(element_id)
    if data is None:
        raise WorkflowError(f"流程定义中没有环节 {element_id}", code="unknown_step")
    return StepRule.from_json(data)


def _require_verb(instance: ProcessInstance, item: WorkItem, verb: str) -> StepRule:
    rule = _rule(instance, item.element_id)
    if verb not in rule.verbs:
        raise WorkflowError(f"环节“{rule.name}”不允许{VERB_LABELS.get(verb, verb)}", code="verb_not_allowed")
    return rule


def _require_staff(user: Any, what: str) -> User:
    if not isinstance(user, User) or user.kind != User.Kind.STAFF or not user.is_active:
        raise WorkflowError(f"{what}必须是在岗工作人员", code="bad_user")
    return user


def _step(
    instance: ProcessInstance,
    *,
    verb: str,
    actor: Any,
    item: WorkItem | None = None,
    on_behalf_of: Any = None,
    opinion: str = "",
    detail: dict[str, Any] | None = None,
    element_id: str = "",
    step_name: str = "",
) -> Step:
    return Step.objects.create(
        instance=instance,
        item=item,
        actor=actor if getattr(actor, "pk", None) else None,
        on_behalf_of=on_behalf_of,
        element_id=item.element_id if item else element_id,
        step_name=item.step_name if item else step_name,
        verb=verb,
        opinion=opinion,
        detail=detail or {},
    )


def _audit(instance: ProcessInstance, verb: str, actor: Any, ip: str | None, **detail: Any) -> None:
    audit.record(event=f"workflow.{verb}", actor=actor, obj=instance, ip=ip, detail=detail)


def _event_base(instance: ProcessInstance) -> dict[str, Any]:
    return {
        "instance_id": str(instance.pk),
        "process_key": instance.definition.key,
        "module": instance.module,
        "subject_type": instance.subject_type,
        "subject_id": instance.subject_id,
    }


def _publish_step(instance: ProcessInstance, *, element_id: str, verb: str, actor: Any, opinion: str = "") -> None:
    publish(
        StepCompleted(
            **_event_base(instance),
            element_id=element_id,
            verb=verb,
            actor_id=getattr(actor, "pk", None),
            opinion=opinion,
            current_steps=[name for name in instance.current_steps.split("、") if name],
            variables=instance.variables,
        )
    )


def _publish_end(instance: ProcessInstance) -> None:
    publish(
        InstanceEnded(
            **_event_base(instance), status=instance.status, reason=instance.end_reason, variables=instance.variables
        )
    )


def _clean_data(data: dict[str, Any] | None) -> dict[str, Any]:
    if not data:
        return {}
    if not isinstance(data, dict) or not all(isinstance(key, str) and key.isidentifier() for key in data):
        raise WorkflowError("流程变量的名称必须是字母、数字和下划线", code="bad_data")
    try:
        return dict(json.loads(json.dumps(data, ensure_ascii=False)))
    except (TypeError, ValueError) as exc:
        raise WorkflowError("流程变量只能是文字、数字、列表等简单数据", code="bad_data") from exc


def _performers(instance: ProcessInstance) -> dict[str, User]:
    done = (
        WorkItem.objects.filter(instance=instance, kind=WorkItem.Kind.TODO, state=WorkItem.State.DONE, parent=None)
        .exclude(completed_by=None)
        .select_related("completed_by")
        .order_by("completed_at")
    )
    return {item.element_id: item.completed_by for item in done if item.completed_by is not None}


def _notify_assigned(items: list[WorkItem], template: str = "workflow.assigned", **context: str) -> None:
    """Tell the new assignees after commit, through the task queue: the transaction that moves the
    process stays short, and nothing is sent if it rolls back."""
    from .tasks import notify_assigned

    ids = [str(item.pk) for item in items]
    if ids:
        transaction.on_commit(partial(notify_assigned.enqueue, item_ids=ids, template=template, context=context))


def _notify_item(item: WorkItem, template: str = "workflow.assigned", **context: Any) -> None:
    if item.assignee is not None:
        recipients: list[Any] = [item.assignee]
    elif item.candidate_agency is not None and item.candidate_role is not None:
        recipients = list(assignment.members(item.candidate_agency, item.candidate_role))
    else:
        recipients = []
    url = item.instance.subject_url if item.instance_id else ""
    notify(recipients=recipients, template=template, context={"item": item, "url": url, **context}, obj=item.instance)


# ---------------------------------------------------------------------------------------------
# Synchronising SpiffWorkflow's ready tasks with the inbox rows


def _create_items(
    instance: ProcessInstance,
    *,
    task_id: uuid.UUID,
    element_id: str,
    sender: Any,
    from_element: str,
    now: datetime,
    prefer: User | None = None,
) -> list[WorkItem]:
    rule = _rule(instance, element_id)
    if prefer is not None and not rule.multi:
        targets = [assignment.Target(user=prefer)]
    else:
        context = assignment.Context(
            initiator=instance.initiator,
            initiator_agency=instance.initiator_agency,
            variables=instance.variables,
            performers=lambda: _performers(instance),
        )
        targets = assignment.resolve(rule, context)
    due_at, due_unknown = _due(rule.due_days, now)
    items = [
        WorkItem(
            instance=instance,
            spiff_task_id=task_id,
            element_id=element_id,
            step_name=rule.name,
            module=instance.module,
            title=instance.title,
            urgency=instance.urgency,
            assignee=target.user,
            candidate_agency=target.agency,
            candidate_role=target.role,
            sender=sender if getattr(sender, "pk", None) else None,
            from_element=from_element,
            due_at=due_at,
            due_unknown=due_unknown,
        )
        for target in targets
    ]
    WorkItem.objects.bulk_create(items)
    _notify_assigned(items)
    return items


def _save_workflow(
    instance: ProcessInstance,
    workflow: Any,
    *,
    actor: Any,
    from_element: str,
    prefer: dict[str, User] | None = None,
    closed_task: uuid.UUID | None = None,
) -> list[WorkItem]:
    """Create items for new ready user tasks, cancel items whose task went away (those of
    `closed_task`, a finished 会签, as countersign_closed), persist the state."""
    now = _now()
    ready = runtime.ready_user_tasks(workflow)
    ready_ids = {task.id for task in ready}
    live = WorkItem.objects.filter(
        instance=instance, kind=WorkItem.Kind.TODO, state__in=[WorkItem.State.OPEN, WorkItem.State.PENDING]
    )
    verb: Any = Value("cancelled")
    if closed_task is not None:
        verb = Case(When(spiff_task_id=closed_task, then=Value("countersign_closed")), default=verb)
    live.exclude(spiff_task_id__in=ready_ids).update(state=WorkItem.State.CANCELLED, verb=verb)
    known = set(live.filter(spiff_task_id__in=ready_ids).values_list("spiff_task_id", flat=True))
    created: list[WorkItem] = []
    for task in ready:
        if task.id not in known:
            element = task.task_spec.bpmn_id or task.task_spec.name
            created += _create_items(
                instance,
                task_id=task.id,
                element_id=element,
                sender=actor,
                from_element=from_element,
                now=now,
                prefer=(prefer or {}).get(element),
            )
    instance.current_steps = "、".join(dict.fromkeys(_rule(instance, t.task_spec.bpmn_id).name for t in ready))[:300]
    instance.revision += 1
    passed, waiting = runtime.trail(workflow)
    instance.trail = {
        "passed": sorted(passed.union(instance.trail.get("passed", ()))),
        "waiting": [] if workflow.is_completed() else sorted(waiting),
    }
    if workflow.is_completed():
        instance.status = ProcessInstance.Status.COMPLETED
        instance.ended_at = now
        instance.state = {}
        instance.wake_at = None
        _step(instance, verb="end", actor=None, step_name="办结")
        _publish_end(instance)
    else:
        instance.state = runtime.dump(workflow)
        instance.wake_at = runtime.next_timer_at(workflow)
    instance.save(
        update_fields=["state", "trail", "revision", "current_steps", "status", "ended_at", "wake_at", "variables"]
    )
    return created


def _run(action: Any) -> Any:
    """Run a Spiff operation; an expression or structure problem becomes a WorkflowError."""
    try:
        return action()
    except WorkflowError:
        raise
    except expressions.ExpressionError as exc:
        raise WorkflowError(f"流程无法继续：{exc}", code="engine_error") from exc
    except Exception as exc:  # SpiffWorkflow's WorkflowTaskException wraps expression errors
        cause = exc.__cause__ or exc
        raise WorkflowError(f"流程无法继续：{cause}", code="engine_error") from exc


# ---------------------------------------------------------------------------------------------
# The verbs


def _check_subject(subject: Subject) -> None:
    """A subject names its object fully, and its page is a path on this site (the inbox links to it)."""
    if not (subject.type.strip() and str(subject.id).strip() and subject.url.strip()):
        raise WorkflowError("办理对象须同时给出类型、编号和页面地址", code="bad_input")
    url = subject.url.strip()
    if not url.startswith("/") or not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        raise WorkflowError("办理对象的页面地址须为本站路径（以 / 开头）", code="bad_input")


def start(
    *,
    key: str,
    title: str,
    initiator: Any,
    agency: Any,
    subject: Subject | None = None,
    variables: dict[str, Any] | None = None,
    urgency: str = ProcessInstance.Urgency.NORMAL,
    ip: str | None = None,
) -> ProcessInstance:
    """Start the current version of `key` and run it to its first user tasks."""
    _require_staff(initiator, "发起人")
    if not title.strip():
        raise WorkflowError("请填写标题", code="bad_input")
    if urgency not in ProcessInstance.Urgency.values:
        raise WorkflowError("紧急程度无效", code="bad_input")
    if agency is not None and not assignment.is_member(initiator, agency):
        # Starting in an agency's name routes its steps (role/leader "initiator") to that agency.
        raise WorkflowError(
            "您不是该机关的工作人员，不能以其名义发起。"
            "（You are not on the staff of this agency and cannot start a process in its name.）",
            code="not_member",
        )
    if subject is not None:
        _check_subject(subject)
    definition = ProcessDefinition.objects.filter(key=key, is_current=True).first()
    if definition is None:
        raise WorkflowError(f"流程“{key}”不存在或尚未部署", code="unknown_process")
    with transaction.atomic():
        instance = ProcessInstance.objects.create(
            definition=definition,
            module=definition.module,
            subject_type=subject.type if subject else "",
            subject_id=str(subject.id) if subject else "",
            subject_url=subject.url if subject else "",
            title=title.strip()[:300],
            urgency=urgency,
            initiator=initiator,
            initiator_agency=agency,
            variables=_clean_data(variables),
        )
        # Lock the fresh row too: a timer sweep must not see it half-built.
        instance = _locked_instance(instance.pk)

        def run() -> Any:
            workflow = runtime.new_workflow(definition)
            workflow.task_tree.data = dict(instance.variables)
            runtime.advance(workflow)
            return workflow

        workflow = _run(run)
        _step(instance, verb="start", actor=initiator, step_name="发起")
        _save_workflow(instance, workflow, actor=initiator, from_element="")
        _audit(instance, "start", initiator, ip, key=key, version=definition.version)
        publish(InstanceStarted(**_event_base(instance), initiator_id=initiator.pk))
    return instance


def _item_tree(items: Iterable[WorkItem]) -> dict[uuid.UUID, uuid.UUID]:
    """item id -> id of its root item (the countersign vote it belongs to)."""
    parents = {item.pk: item.parent_id for item in items}
    roots = {}
    for item_id in parents:
        root = item_id
        while parents.get(root):
            root = parents[root]  # type: ignore[assignment]
        roots[item_id] = root
    return roots


def _task_items(instance: ProcessInstance, item: WorkItem) -> list[WorkItem]:
    """Every to-do item of the Spiff task behind `item`: its votes and their added signers."""
    return list(WorkItem.objects.filter(instance=instance, spiff_task_id=item.spiff_task_id, kind=WorkItem.Kind.TODO))


def _next_signer_after(item: WorkItem, items: list[WorkItem]) -> WorkItem | None:
    """The first 后加签 signer still waiting behind `item`, if any."""
    waiting = [
        i
        for i in items
        if i.parent_id == item.pk and i.state == WorkItem.State.PENDING and i.signer_position == "after"
    ]
    return min(waiting, key=lambda i: i.created_at, default=None)


def _step_finished(items: list[WorkItem], rule: StepRule) -> bool:
    """Is the Spiff task behind `items` done — every vote in (all), one (any) or enough (N%)?"""
    roots = _item_tree(items)
    busy = {roots[i.pk] for i in items if i.state in (WorkItem.State.OPEN, WorkItem.State.PENDING)}
    votes = [i for i in items if i.parent_id is None and i.state != WorkItem.State.CANCELLED]
    finished = [i for i in votes if i.state == WorkItem.State.DONE and i.pk not in busy]
    if not rule.multi or rule.completion == "all":
        return len(finished) == len(votes)
    if rule.completion == "any":
        return len(finished) >= 1
    return len(finished) * 100 >= int(rule.completion.rstrip("%")) * len(votes)


def complete(
    item: WorkItem | str, *, actor: Any, opinion: str = "", data: dict[str, Any] | None = None, ip: str | None = None
) -> ProcessInstance:
    """同意/提交: finish the actor's (or their principal's) open task; `data` sets process variables."""
    values = _clean_data(data)
    with transaction.atomic():
        item, instance = _lock_item(item)
        _require_running(instance)
        if item.kind == WorkItem.Kind.READ:
            raise WorkflowError("待阅事项请用“阅知”", code="wrong_kind")
        _require_open(item)
        principal = _acting_for(item, actor)
        rule = _rule(instance, item.element_id)
        now = _now()
        item.state, item.completed_at, item.completed_by = WorkItem.State.DONE, now, actor
        item.verb, item.opinion = "complete", opinion
        item.save(update_fields=["state", "completed_at", "completed_by", "verb", "opinion"])
        _step(instance, verb="complete", actor=actor, item=item, on_behalf_of=principal, opinion=opinion, detail=values)
        instance.variables = {**instance.variables, **values}
        _audit(
            instance,
            "complete",
            actor,
            ip,
            item=str(item.pk),
            element=item.element_id,
            on_behalf_of=principal and principal.pk,
        )
        if item.signer_position == "before" and item.parent_id:
            # 前加签 done: the task returns to the person it was added before.
            WorkItem.objects.filter(pk=item.parent_id).update(state=WorkItem.State.OPEN, sender=actor)
            instance.save(update_fields=["variables"])
        elif after := _next_signer_after(item, siblings := _task_items(instance, item)):
            # 后加签: the added signer acts now; the step finishes when they do.
            after.state, after.sender = WorkItem.State.OPEN, actor
            after.due_at, after.due_unknown = _due(rule.due_days, now)
            after.save(update_fields=["state", "sender", "due_at", "due_unknown"])
            _notify_assigned([after])
            instance.save(update_fields=["variables"])
        elif not _step_finished(siblings, rule):
            instance.save(update_fields=["variables"])  # 会签: other votes still open
        else:

            def run() -> Any:
                workflow = runtime.load(instance.definition, instance.state)
                task = runtime.get_task(workflow, item.spiff_task_id or "")
                if task is None:
                    raise WorkflowError("流程状态已变化，请刷新后重试", code="stale")
                runtime.complete_task(workflow, task, instance.variables)
                return workflow

            workflow = _run(run)
            # The votes still open on the finished task close as countersign_closed, in the same
            # statement that cancels items whose task went away.
            _save_workflow(
                instance, workflow, actor=actor, from_element=item.element_id, closed_task=item.spiff_task_id
            )
        _publish_step(instance, element_id=item.element_id, verb="complete", actor=actor, opinion=opinion)
    return instance


def _go_to(
    instance: ProcessInstance, *, element_id: str, actor: Any, prefer: User | None, from_element: str
) -> list[WorkItem]:
    """Cancel every live item and restart the process at `element_id` (退回/撤回)."""
    WorkItem.objects.filter(
        instance=instance, kind=WorkItem.Kind.TODO, state__in=[WorkItem.State.OPEN, WorkItem.State.PENDING]
    ).update(state=WorkItem.State.CANCELLED, verb="cancelled")

    def run() -> Any:
        workflow = runtime.load(instance.definition, instance.state)
        runtime.go_to(workflow, element_id, instance.variables)
        return workflow

    workflow = _run(run)
    return _save_workflow(
        instance,
        workflow,
        actor=actor,
        from_element=from_element,
        prefer={element_id: prefer} if prefer is not None else None,
    )


def _root_of(item: WorkItem) -> WorkItem:
    while item.parent_id:
        item = WorkItem.objects.get(pk=item.parent_id)
    return item


def send_back(
    item: WorkItem | str, *, actor: Any, to: str = "previous", reason: str, ip: str | None = None
) -> ProcessInstance:
    """退回: `to` is "previous", "initiator" or the element id of any earlier step; also from a countersign."""
    if not reason.strip():
        raise WorkflowError("请填写退回理由", code="reason_required")
    with transaction.atomic():
        item, instance = _lock_item(item)
        _require_running(instance)
        _require_open(item)
        principal = _acting_for(item, actor)
        _require_verb(instance, item, "send_back")
        root = _root_of(item)
        done = WorkItem.objects.filter(
            instance=instance, kind=WorkItem.Kind.TODO, state=WorkItem.State.DONE, parent=None
        ).exclude(element_id=item.element_id)
        prefer: User | None = None
        if to == "previous":
            target = root.from_element
            if not target:
                raise WorkflowError("已是第一个环节，不能退回", code="no_previous")
        elif to == "initiator":
            first = (
                WorkItem.objects.filter(instance=instance, kind=WorkItem.Kind.TODO, parent=None)
                .order_by("created_at")
                .first()
            )
            target = first.element_id if first else ""
            prefer = instance.initiator
            if not target or target == item.element_id:
                raise WorkflowError("当前已在发起人环节，不能退回发起人", code="no_previous")
        else:
            target = to
            if target not in instance.definition.steps or not done.filter(element_id=target).exists():
                raise WorkflowError("只能退回到本流程已办理过的环节", code="bad_target")
        last = done.filter(element_id=target).order_by("-completed_at").select_related("completed_by").first()
        if prefer is None and last is not None:
            prefer = last.completed_by
        item.state, item.completed_at, item.completed_by = WorkItem.State.DONE, _now(), actor
        item.verb, item.opinion = "send_back", reason
        item.save(update_fields=["state", "completed_at", "completed_by", "verb", "opinion"])
        _step(
            instance,
            verb="send_back",
            actor=actor,
            item=item,
            on_behalf_of=principal,
            opinion=reason,
            detail={"to": target},
        )
        created = _go_to(instance, element_id=target, actor=actor, prefer=prefer, from_element=item.element_id)
        _notify_assigned(created, "workflow.sent_back", reason=reason)
        _audit(instance, "send_back", actor, ip, item=str(item.pk), to=target, reason=reason)
        _publish_step(instance, element_id=item.element_id, verb="send_back", actor=actor, opinion=reason)
    return instance


def withdraw(item: WorkItem | str, *, actor: Any, reason: str = "", ip: str | None = None) -> ProcessInstance:
    """撤回: the sender takes back the task they completed while the next step is still unopened.

    `item` is the sender's completed item, or the next (still unopened) item they sent.
    """
    with transaction.atomic():
        item, instance = _lock_item(item)
        _require_running(instance)
        sent: WorkItem | None = item
        if item.state != WorkItem.State.DONE:
            sent = (
                WorkItem.objects.filter(
                    instance=instance, element_id=item.from_element, state=WorkItem.State.DONE, completed_by=actor
                )
                .order_by("-completed_at")
                .first()
            )
        if sent is None or (sent is not item and item.sender_id != actor.pk):
            raise WorkflowError("只有发送人可以撤回", code="not_sender")
        if sent.completed_by_id != actor.pk or sent.verb != "complete":
            raise WorkflowError("只有发送人可以撤回自己提交的事项", code="not_sender")
        _require_verb(instance, sent, "withdraw")
        same_step = WorkItem.objects.filter(
            instance=instance,
            spiff_task_id=sent.spiff_task_id,
            state__in=[WorkItem.State.OPEN, WorkItem.State.PENDING],
        )
        if sent.parent_id is None and same_step.exists():
            # 会签 still collecting: take back only this vote.
            sent.state, sent.completed_at, sent.completed_by, sent.verb = WorkItem.State.OPEN, None, None, ""
            sent.save(update_fields=["state", "completed_at", "completed_by", "verb"])
            _step(instance, verb="withdraw", actor=actor, item=sent, opinion=reason)
            _audit(instance, "withdraw", actor, ip, item=str(sent.pk), reason=reason)
            _publish_step(instance, element_id=sent.element_id, verb="withdraw", actor=actor, opinion=reason)
            return instance
        following = WorkItem.objects.filter(
            instance=instance,
            kind=WorkItem.Kind.TODO,
            from_element=sent.element_id,
            sender=actor,
            created_at__gte=sent.completed_at,
        )
        live = [i for i in following if i.state in (WorkItem.State.OPEN, WorkItem.State.PENDING)]
        if not live or any(i.opened_at or i.state == WorkItem.State.DONE for i in following):
            raise WorkflowError("下一环节已开始办理，不能撤回", code="already_opened")
        _step(instance, verb="withdraw", actor=actor, item=sent, opinion=reason)
        _go_to(instance, element_id=sent.element_id, actor=actor, prefer=actor, from_element=sent.from_element)
        # The re-opened step keeps where it came from, so 退回上一步 still works afterwards.
        WorkItem.objects.filter(instance=instance, state=WorkItem.State.OPEN, element_id=sent.element_id).update(
            from_element=sent.from_element, sender=sent.sender
        )
        _audit(instance, "withdraw", actor, ip, item=str(sent.pk), reason=reason)
        _publish_step(instance, element_id=sent.element_id, verb="withdraw", actor=actor, opinion=reason)
    return instance


def reassign(item: WorkItem | str, *, actor: Any, to_user: Any, reason: str, ip: str | None = None) -> WorkItem:
    """转办: hand the open task to another person."""
    with transaction.atomic():
        item, instance = _lock_item(item)
        _require_running(instance)
        _require_open(item)
        principal = None if can(actor, MANAGE) else _acting_for(item, actor)
        _require_verb(instance, item, "reassign")
        to_user = _require_staff(to_user, "转办对象")
        if to_user.pk == item.assignee_id:
            raise WorkflowError("转办对象与当前办理人相同", code="bad_user")
        previous = item.assignee_id
        item.assignee, item.sender, item.opened_at = to_user, actor, None
        item.candidate_agency = item.candidate_role = None
        item.save(update_fields=["assignee", "sender", "opened_at", "candidate_agency", "candidate_role"])
        _step(
            instance,
            verb="reassign",
            actor=actor,
            item=item,
            on_behalf_of=principal,
            opinion=reason,
            detail={"from": previous, "to": to_user.pk},
        )
        _notify_assigned([item])
        _audit(instance, "reassign", actor, ip, item=str(item.pk), to=to_user.pk, reason=reason)
    return item


def reroute(
    item: WorkItem | str,
    *,
    actor: Any,
    data: dict[str, Any],
    reason: str,
    authority: str = "",
    ip: str | None = None,
) -> list[WorkItem]:
    """改派: assign an open step afresh from its 办理人规则 after `data` changed the variables the
    rule reads (e.g. the agency that handles it). The step's open items are cancelled, the new
    addressees get it in their 待办 and are notified; the step's history stays in the log.

    Needs the step's `reassign` verb. Allowed to process administrators and to holders of
    `authority`, a verb of the process's own module: the module names who may re-route its steps
    (a hotline dispatcher), so no module can re-route another module's process."""
    values = _clean_data(data)
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError("请填写改派理由", code="reason_required")
    with transaction.atomic():
        item, instance = _lock_item(item)
        _require_running(instance)
        _require_open(item)
        _require_verb(instance, item, "reassign")
        own_verb = bool(authority) and authority.startswith(f"{instance.module}.") and can(actor, authority)
        if not (own_verb or can(actor, MANAGE)):
            raise WorkflowError("您无权改派该事项", code="forbidden")
        instance.variables = {**instance.variables, **values}
        _step(instance, verb="reroute", actor=actor, item=item, opinion=reason, detail=values)
        created = _go_to(instance, element_id=item.element_id, actor=actor, prefer=None, from_element=item.from_element)
        _audit(instance, "reroute", actor, ip, item=str(item.pk), element=item.element_id, reason=reason, **values)
        _publish_step(instance, element_id=item.element_id, verb="reroute", actor=actor, opinion=reason)
    return created


def claim(item: WorkItem | str, *, actor: Any, ip: str | None = None) -> WorkItem:
    """认领/抢办: take a group task; the first claimant wins, the others see it gone."""
    with transaction.atomic():
        item, instance = _lock_item(item)
        _require_running(instance)
        _require_open(item)
        if item.assignee_id is not None:
            who = "您" if item.assignee_id == actor.pk else str(item.assignee)
            raise WorkflowError(f"该事项已被{who}认领", code="already_claimed")
        if item.candidate_agency is None or item.candidate_role is None:
            raise WorkflowError("该事项不是可认领的组任务", code="not_group")
        if not assignment.can_claim(actor, item.candidate_agency, item.candidate_role):
            raise WorkflowError("您不在该事项的候选办理人中", code="not_candidate")
        item.assignee = actor
        item.opened_at = _now()
        item.save(update_fields=["assignee", "opened_at"])
        _step(instance, verb="claim", actor=actor, item=item)
        _audit(instance, "claim", actor, ip, item=str(item.pk))
    return item


def add_signer(
    item: WorkItem | str, *, actor: Any, signer: Any, position: str, reason: str, ip: str | None = None
) -> WorkItem:
    """加签: `position` "before" (the signer acts first, then the task returns) or "after"."""
    if position not in ("before", "after"):
        raise WorkflowError("加签位置应为“前加签”或“后加签”", code="bad_input")
    with transaction.atomic():
        item, instance = _lock_item(item)
        _require_running(instance)
        _require_open(item)
        principal = _acting_for(item, actor)
        rule = _require_verb(instance, item, "add_signer")
        signer = _require_staff(signer, "加签人")
        if signer.pk == item.assignee_id:
            raise WorkflowError("加签人不能是当前办理人本人", code="bad_user")
        if position == "after" and item.added_signers.filter(state=WorkItem.State.PENDING).exists():
            raise WorkflowError("该环节已有待办理的后加签人", code="already_added")
        due_at, due_unknown = _due(rule.due_days, _now()) if position == "before" else (None, False)
        added = WorkItem.objects.create(
            instance=instance,
            kind=WorkItem.Kind.TODO,
            state=WorkItem.State.OPEN if position == "before" else WorkItem.State.PENDING,
            spiff_task_id=item.spiff_task_id,
            element_id=item.element_id,
            step_name=f"{item.step_name}（加签）",
            module=item.module,
            title=item.title,
            urgency=item.urgency,
            assignee=signer,
            sender=actor,
            parent=item,
            signer_position=position,
            from_element=item.from_element,
            due_at=due_at,
            due_unknown=due_unknown,
        )
        if position == "before":
            item.state = WorkItem.State.PENDING
            item.save(update_fields=["state"])
            _notify_assigned([added])
        _step(
            instance,
            verb="add_signer",
            actor=actor,
            item=item,
            on_behalf_of=principal,
            opinion=reason,
            detail={"signer": signer.pk, "position": position},
        )
        _audit(instance, "add_signer", actor, ip, item=str(item.pk), signer=signer.pk, position=position)
    return added


def _is_participant(instance: ProcessInstance, user: Any) -> bool:
    if instance.initiator_id == user.pk or can(user, MANAGE):
        return True
    return WorkItem.objects.filter(instance=instance).filter(Q(assignee=user) | Q(completed_by=user)).exists()


def _require_circulate(instance: ProcessInstance, actor: Any, item: WorkItem | str | None) -> None:
    """传阅 is a step verb like the others (yw:verbs): the step it is done from must allow it.

    That step is `item` when given (the task page passes the item it shows); else the actor's own
    open 待办 on the instance (or a principal's they hold by 委托); else, for the initiator or an
    earlier participant, the steps the process stands at now; on an ended process, the steps the
    actor handled. Process administrators (core.manage_processes) may always circulate.
    """
    if can(actor, MANAGE):
        return
    if item is not None:
        found = WorkItem.objects.filter(pk=_item_id(item), instance=instance).first()
        if found is None:
            raise WorkflowError("待办事项不存在", code="not_found")
        if found.kind == WorkItem.Kind.TODO:
            _require_verb(instance, found, "circulate")
            return
        # A 待阅 item has no step of its own: judge by the actor's place in the process.
    todo = WorkItem.objects.filter(instance=instance, kind=WorkItem.Kind.TODO).exclude(element_id="")
    live = todo.filter(state__in=[WorkItem.State.OPEN, WorkItem.State.PENDING])
    candidates = [i for i in live.filter(assignee__isnull=False) if _can_act_as(i, actor)]
    if not candidates:
        candidates = list(live) or list(todo.filter(completed_by=actor))
    if not any("circulate" in _rule(instance, i.element_id).verbs for i in candidates):
        names = "、".join(dict.fromkeys(i.step_name for i in candidates)) or "当前环节"
        raise WorkflowError(f"环节“{names}”不允许传阅", code="verb_not_allowed")


def _can_act_as(item: WorkItem, actor: Any) -> bool:
    if item.assignee_id is None:
        return False
    return item.assignee_id == actor.pk or _active_delegation(item.assignee_id, actor, item.module)


def circulate(
    instance: ProcessInstance | str,
    *,
    actor: Any,
    recipients: list[Any],
    note: str = "",
    ip: str | None = None,
    item: WorkItem | str | None = None,
) -> list[WorkItem]:
    """传阅: read-only items for each recipient; `mark_read` records 阅知. Needs the verb
    `circulate` on the step it is done from (see `_require_circulate`)."""
    with transaction.atomic():
        instance = _locked_instance(instance.pk if isinstance(instance, ProcessInstance) else instance)
        if not _is_participant(instance, actor):
            raise WorkflowError("只有流程的参与人可以传阅", code="forbidden")
        _require_circulate(instance, actor, item)
        people = {user.pk: _require_staff(user, "传阅对象") for user in recipients}
        if not people:
            raise WorkflowError("请选择传阅对象", code="bad_input")
        already = set(
            WorkItem.objects.filter(
                instance=instance, kind=WorkItem.Kind.READ, state=WorkItem.State.OPEN, assignee_id__in=people
            ).values_list("assignee_id", flat=True)
        )
        items = [
            WorkItem(
                instance=instance,
                kind=WorkItem.Kind.READ,
                element_id="",
                step_name="传阅",
                module=instance.module,
                title=instance.title,
                urgency=instance.urgency,
                assignee=user,
                sender=actor,
            )
            for pk, user in people.items()
            if pk not in already
        ]
        WorkItem.objects.bulk_create(items)
        for new in items:
            notify(
                recipients=[new.assignee],
                template="workflow.circulated",
                context={"item": new, "sender": actor, "note": note, "url": instance.subject_url},
                obj=instance,
            )
        _step(
            instance,
            verb="circulate",
            actor=actor,
            opinion=note,
            step_name="传阅",
            detail={"recipients": [u.pk for u in people.values()]},
        )
        _audit(instance, "circulate", actor, ip, recipients=list(people))
    return items


def mark_read(item: WorkItem | str, *, actor: Any, opinion: str = "", ip: str | None = None) -> WorkItem:
    """阅知: the recipient of a circulated item records that they have read it."""
    with transaction.atomic():
        item, instance = _lock_item(item)
        if item.kind != WorkItem.Kind.READ:
            raise WorkflowError("只有待阅事项可以阅知", code="wrong_kind")
        _require_open(item)
        principal = _acting_for(item, actor)
        now = _now()
        item.state, item.completed_at, item.completed_by = WorkItem.State.DONE, now, actor
        item.verb, item.opinion = "mark_read", opinion
        item.opened_at = item.opened_at or now
        item.save(update_fields=["state", "completed_at", "completed_by", "verb", "opinion", "opened_at"])
        _step(instance, verb="mark_read", actor=actor, item=item, on_behalf_of=principal, opinion=opinion)
        _audit(instance, "mark_read", actor, ip, item=str(item.pk))
    return item


def urge(item: WorkItem | str, *, actor: Any, message: str = "", ip: str | None = None) -> WorkItem:
    """催办: notify the assignee; recorded in the log."""
    with transaction.atomic():
        item, instance = _lock_item(item)
        _require_running(instance)
        _require_open(item)
        if item.kind != WorkItem.Kind.TODO:
            raise WorkflowError("待阅事项不需要催办", code="wrong_kind")
        _require_verb(instance, item, "urge")
        if not (
            instance.initiator_id == actor.pk or item.sender_id == actor.pk or can(actor, MANAGE)
        ) and not _is_participant(instance, actor):
            raise WorkflowError("只有发起人、发送人或流程参与人可以催办", code="forbidden")
        if item.assignee_id == actor.pk:
            raise WorkflowError("不能催办自己的待办", code="bad_user")
        item.instance = instance
        _notify_item(item, "workflow.urged", sender=actor, message=message)
        _step(instance, verb="urge", actor=actor, item=item, opinion=message)
        _audit(instance, "urge", actor, ip, item=str(item.pk))
    return item


def terminate(instance: ProcessInstance | str, *, actor: Any, reason: str, ip: str | None = None) -> ProcessInstance:
    """终止: admins (core.manage_processes) only; cancels every open 待办. Circulated 待阅 items
    stay open: a terminated document is still to be read by those it was circulated to (阅知)."""
    if not can(actor, MANAGE):
        raise WorkflowError("只有流程管理员可以终止流程", code="forbidden")
    if not reason.strip():
        raise WorkflowError("请填写终止理由", code="reason_required")
    with transaction.atomic():
        instance = _locked_instance(instance.pk if isinstance(instance, ProcessInstance) else instance)
        _require_running(instance)
        WorkItem.objects.filter(
            instance=instance, kind=WorkItem.Kind.TODO, state__in=[WorkItem.State.OPEN, WorkItem.State.PENDING]
        ).update(state=WorkItem.State.CANCELLED, verb="terminate")
        instance.status = ProcessInstance.Status.TERMINATED
        instance.ended_at = _now()
        instance.end_reason = reason[:300]
        instance.state, instance.wake_at, instance.current_steps = {}, None, ""
        instance.trail = {**instance.trail, "waiting": []}
        instance.revision += 1
        instance.save(
            update_fields=["status", "ended_at", "end_reason", "state", "trail", "wake_at", "current_steps", "revision"]
        )
        _step(instance, verb="terminate", actor=actor, opinion=reason, step_name="终止")
        _audit(instance, "terminate", actor, ip, reason=reason)
        _publish_end(instance)
    return instance


def delegate(
    *, principal: Any, delegate: Any, starts_on: date, ends_on: date, reason: str, module: str = "", actor: Any
) -> Delegation:
    """委托: `delegate` sees and acts on `principal`'s 待办 between the two dates (inclusive)."""
    if actor.pk != principal.pk and not can(actor, MANAGE):
        raise WorkflowError("只能委托自己的待办", code="forbidden")
    _require_staff(principal, "委托人")
    _require_staff(delegate, "受托人")
    if delegate.pk == principal.pk:
        raise WorkflowError("不能委托给自己", code="bad_user")
    if ends_on < starts_on:
        raise WorkflowError("结束日期不能早于开始日期", code="bad_input")
    if ends_on < timezone.localdate():
        raise WorkflowError("委托期限已过", code="bad_input")
    if not reason.strip():
        raise WorkflowError("请填写委托事由", code="reason_required")
    with transaction.atomic():
        delegation = Delegation.objects.create(
            principal=principal, delegate=delegate, starts_on=starts_on, ends_on=ends_on, reason=reason, module=module
        )
        audit.record(
            event="workflow.delegate",
            actor=actor,
            obj=delegation,
            detail={"delegate": delegate.pk, "starts_on": str(starts_on), "ends_on": str(ends_on), "module": module},
        )
    return delegation


def revoke_delegation(delegation: Delegation, *, actor: Any) -> Delegation:
    """收回委托."""
    with transaction.atomic():
        delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
        if actor.pk != delegation.principal_id and not can(actor, MANAGE):
            raise WorkflowError("只有委托人可以收回委托", code="forbidden")
        if delegation.revoked_at is not None:
            raise WorkflowError("该委托已收回", code="already_revoked")
        delegation.revoked_at = _now()
        delegation.save(update_fields=["revoked_at"])
        audit.record(event="workflow.revoke_delegation", actor=actor, obj=delegation)
    return delegation


def open_item(item: WorkItem | str, *, actor: Any, ip: str | None = None) -> WorkItem:
    """Record that the assignee opened the task (after this, the sender can no longer 撤回).

    The first opening is a state change that takes 撤回 away from the sender, so it is audited
    (workflow.open) and logged like the other verbs; later openings and onlookers change nothing."""
    item_id = _item_id(item)
    found = WorkItem.objects.filter(pk=item_id).first()
    if found is None:
        raise WorkflowError("待办事项不存在", code="not_found")
    if found.opened_at is not None or found.state != WorkItem.State.OPEN or found.assignee_id is None:
        return found
    if found.assignee_id != actor.pk and not _active_delegation(found.assignee_id, actor, found.module):
        return found  # someone else looking (a leader, the sender) does not count as opening
    with transaction.atomic():
        # Conditional update: a concurrent withdraw (which locks the instance) sees either state.
        instance = _locked_instance(found.instance_id)
        opened = WorkItem.objects.filter(
            pk=item_id, opened_at__isnull=True, state=WorkItem.State.OPEN, assignee_id=found.assignee_id
        ).update(opened_at=_now())
        if opened:
            principal = found.assignee if found.assignee_id != actor.pk else None
            _step(instance, verb="open", actor=actor, item=found, on_behalf_of=principal)
            _audit(instance, "open", actor, ip, item=str(found.pk), on_behalf_of=principal and principal.pk)
    found.refresh_from_db()
    return found


# ---------------------------------------------------------------------------------------------
# Periodic work: due reminders and escalation, BPMN timers

REMIND_BEFORE = timedelta(hours=24)


def send_due_reminders(*, now: datetime | None = None) -> dict[str, int]:
    """Remind assignees a day before due; after due, tell the assignee's leader once (督办)."""
    now = now or _now()
    counts = {"reminded": 0, "escalated": 0}
    soon = WorkItem.objects.filter(
        state=WorkItem.State.OPEN,
        kind=WorkItem.Kind.TODO,
        reminded_at__isnull=True,
        due_at__gt=now,
        due_at__lte=now + REMIND_BEFORE,
    ).select_related("assignee", "instance", "candidate_agency", "candidate_role")
    for item in soon[:1000]:
        with transaction.atomic():
            if WorkItem.objects.filter(pk=item.pk, reminded_at__isnull=True).update(reminded_at=now):
                _notify_item(item, "workflow.due_soon")
                _step(item.instance, verb="remind", actor=None, item=item)
                _audit(item.instance, "remind", None, None, item=str(item.pk), due_at=str(item.due_at))
                counts["reminded"] += 1
    overdue = WorkItem.objects.filter(
        state=WorkItem.State.OPEN, kind=WorkItem.Kind.TODO, escalated_at__isnull=True, due_at__lte=now
    ).select_related("assignee", "instance", "candidate_agency")
    for item in overdue[:1000]:
        with transaction.atomic():
            if not WorkItem.objects.filter(pk=item.pk, escalated_at__isnull=True).update(escalated_at=now):
                continue
            if item.assignee is not None:
                bosses = assignment.leaders_of_user(item.assignee)
            elif item.candidate_agency is not None:
                bosses = assignment.leaders(item.candidate_agency)
            else:
                bosses = []
            notify(
                recipients=bosses,
                template="workflow.overdue",
                context={"item": item, "assignee": item.assignee or "候选办理人", "url": item.instance.subject_url},
                obj=item.instance,
            )
            to = [boss.pk for boss in bosses]
            _step(item.instance, verb="escalate", actor=None, item=item, detail={"to": to})
            _audit(item.instance, "escalate", None, None, item=str(item.pk), to=to)
            counts["escalated"] += 1
    return counts


def fire_timers(*, now: datetime | None = None) -> int:
    """Advance instances whose BPMN timer is due (intermediate or boundary timer events)."""
    now = now or _now()
    fired = 0
    due = list(
        ProcessInstance.objects.filter(status=ProcessInstance.Status.RUNNING, wake_at__lte=now)
        .order_by("wake_at")
        .values_list("pk", flat=True)[:500]
    )
    for instance_id in due:
        with transaction.atomic():
            instance = _locked_instance(instance_id)
            if instance.status != ProcessInstance.Status.RUNNING or not instance.wake_at or instance.wake_at > now:
                continue  # someone else got there first

            def run(instance: ProcessInstance = instance) -> Any:
                workflow = runtime.load(instance.definition, instance.state)
                runtime.advance(workflow)
                return workflow

            workflow = _run(run)
            _step(instance, verb="timer", actor=None, step_name="定时")
            _save_workflow(instance, workflow, actor=None, from_element="")
            _audit(instance, "timer", None, None)
            _publish_step(instance, element_id="", verb="timer", actor=None)
            fired += 1
    return fired


def notify_assigned_items(
    item_ids: list[str], *, template: str = "workflow.assigned", context: dict[str, str] | None = None
) -> int:
    """Tell the assignees of the items still open (run by the task queue after commit)."""
    items = WorkItem.objects.filter(pk__in=item_ids, state=WorkItem.State.OPEN).select_related(
        "instance", "assignee", "candidate_agency", "candidate_role"
    )
    sent = 0
    for item in items:
        with transaction.atomic():
            _notify_item(item, template, **(context or {}))
        sent += 1
    return sent
