"""Reads of the workflow engine: the one inbox (待办/已办/我发起的/待阅/委托), an instance's log and
diagram state, and what a person may do on a work item.

The inbox never deserialises a workflow: every list is an indexed query on WorkItem (or
ProcessInstance for 我发起的) alone. Who a person acts as — their own id, the principals who
delegated to them today (委托), the (agency, role) posts that make them a candidate for group
tasks (认领) — is looked up once per user object and reused by every list and count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from lxml import etree

from yiwang.core.orgs.models import Agency, Membership
from yiwang.core.permissions.access import can

from .models import Delegation, ProcessDefinition, ProcessInstance, Step, WorkItem

MANAGE_VERB = "core.manage_processes"
ACTING_ATTR = "_yiwang_workflow_acting"

# The verbs a user task allows when its definition names none (as definitions.DEFAULT_VERBS).
DEFAULT_TASK_VERBS = ("complete", "send_back", "withdraw", "reassign", "circulate", "urge")
VERB_LABELS = {
    "start": "发起",
    "complete": "同意/提交",
    "approve": "同意",
    "submit": "提交",
    "send_back": "退回",
    "withdraw": "撤回",
    "reassign": "转办",
    "reroute": "改派",
    "claim": "认领",
    "add_signer": "加签",
    "countersign": "会签",
    "circulate": "传阅",
    "mark_read": "阅知",
    "urge": "催办",
    "terminate": "终止",
    "delegate": "委托",
    "open": "打开",
    "escalate": "超期上报",
    "remind": "到期提醒",
    "end": "办结",
}


@dataclass(frozen=True)
class Acting:
    """Whom a user acts as in the inbox: themselves, their principals today, their posts."""

    user_id: int
    principals: tuple[tuple[int, str], ...]  # (principal id, module or "" for every module)
    # Group tasks the user may claim: role id -> the agencies where they hold it (subtrees expanded).
    posts: tuple[tuple[int, frozenset[int]], ...] = ()

    def principal_ids(self) -> set[int]:
        return {pid for pid, _ in self.principals}

    def holds(self, agency_id: int | None, role_id: int | None) -> bool:
        return any(role == role_id and agency_id in agencies for role, agencies in self.posts)


def _posts(user: Any) -> tuple[tuple[int, frozenset[int]], ...]:
    """The user's (role, agencies) posts; a post that covers the subtree includes every agency below."""
    rows = list(
        Membership.objects.filter(user_id=user.pk).values_list("agency_id", "agency__path", "role_id", "covers_subtree")
    )
    by_role: dict[int, set[int]] = {}
    covering = [(path, role_id) for _, path, role_id, covers in rows if covers]
    for agency_id, _, role_id, _ in rows:
        by_role.setdefault(role_id, set()).add(agency_id)
    if covering:
        below = Q()
        for path, _ in covering:
            below |= Q(path__startswith=path)
        for agency_id, path in Agency.objects.filter(below).values_list("id", "path"):
            for prefix, role_id in covering:
                if path.startswith(prefix):
                    by_role[role_id].add(agency_id)
    return tuple((role_id, frozenset(ids)) for role_id, ids in sorted(by_role.items()))


def get_acting(user: Any, *, today: date | None = None) -> Acting:
    """The delegation lookup: active 委托 to `user` today, and the posts that make them a candidate
    for group tasks (small indexed reads, once per user object)."""
    cached = getattr(user, ACTING_ATTR, None)
    if cached is not None and today is None:
        return cached
    day = today or timezone.localdate()
    principals = tuple(
        Delegation.objects.filter(
            delegate_id=user.pk, starts_on__lte=day, ends_on__gte=day, revoked_at__isnull=True
        ).values_list("principal_id", "module")
    )
    acting = Acting(user_id=user.pk, principals=principals, posts=_posts(user))
    if today is None:
        setattr(user, ACTING_ATTR, acting)
    return acting


def _group_scope(acting: Acting) -> Q:
    scope = Q(pk__in=[])
    for role_id, agencies in acting.posts:
        scope |= Q(candidate_role_id=role_id, candidate_agency_id__in=sorted(agencies))
    return Q(assignee__isnull=True) & scope


def _todo_scope(acting: Acting) -> Q:
    """Open 待办 the user may act on: own, their principals' (per module), and unclaimed group tasks."""
    scope = Q(assignee_id=acting.user_id)
    everywhere = [pid for pid, module in acting.principals if not module]
    if everywhere:
        scope |= Q(assignee_id__in=everywhere)
    for pid, module in acting.principals:
        if module:
            scope |= Q(assignee_id=pid, module=module)
    if acting.posts:
        scope |= _group_scope(acting)
    return scope


def _filtered(
    items: QuerySet[WorkItem], *, module: str = "", urgency: str = "", overdue: bool = False
) -> QuerySet[WorkItem]:
    if module:
        items = items.filter(module=module)
    if urgency:
        items = items.filter(urgency=urgency)
    if overdue:
        items = items.filter(due_at__lt=timezone.now())
    return items


def _with_subject_url(items: QuerySet[WorkItem]) -> QuerySet[WorkItem]:
    """Each row carries its instance's `subject_url` (the module page the title links to), read in
    the same query: a join on the primary key, without loading the instance's workflow state."""
    return items.annotate(subject_url=F("instance__subject_url"))


def list_todo(
    user: Any, *, module: str = "", urgency: str = "", overdue: bool = False, acting: Acting | None = None
) -> QuerySet[WorkItem]:
    """待办: one query on WorkItem (indexes workflow_item_inbox and workflow_item_group), newest first."""
    acting = acting or get_acting(user)
    items = WorkItem.objects.filter(_todo_scope(acting), kind=WorkItem.Kind.TODO, state=WorkItem.State.OPEN)
    return _with_subject_url(
        _filtered(items, module=module, urgency=urgency, overdue=overdue)
        .select_related("assignee", "sender")
        .order_by("-created_at")
    )


def list_done(user: Any, *, module: str = "", urgency: str = "", overdue: bool = False) -> QuerySet[WorkItem]:
    """已办: the items this user completed (index workflow_item_done), newest first; `overdue`
    keeps those completed after their due time."""
    items = WorkItem.objects.filter(completed_by_id=user.pk, kind=WorkItem.Kind.TODO)
    if overdue:
        items = items.filter(due_at__lt=F("completed_at"))
    return _with_subject_url(_filtered(items, module=module, urgency=urgency).order_by("-completed_at"))


def list_started(user: Any, *, module: str = "", urgency: str = "", status: str = "") -> QuerySet[ProcessInstance]:
    """我发起的: instances this user started (index workflow_instance_initiator), newest first."""
    instances = ProcessInstance.objects.filter(initiator_id=user.pk)
    if module:
        instances = instances.filter(module=module)
    if urgency:
        instances = instances.filter(urgency=urgency)
    if status:
        instances = instances.filter(status=status)
    return instances.order_by("-started_at")


def list_to_read(user: Any, *, read: bool = False, module: str = "", urgency: str = "") -> QuerySet[WorkItem]:
    """待阅 (read=False) or 已阅 (read=True): circulated items for this user."""
    state = WorkItem.State.DONE if read else WorkItem.State.OPEN
    items = WorkItem.objects.filter(assignee_id=user.pk, kind=WorkItem.Kind.READ, state=state)
    return _with_subject_url(
        _filtered(items, module=module, urgency=urgency).select_related("sender").order_by("-created_at")
    )


def list_delegations_given(user: Any) -> QuerySet[Delegation]:
    """委托 I gave (newest first), revoked ones included for the record."""
    return Delegation.objects.filter(principal_id=user.pk).select_related("delegate").order_by("-created_at")


def list_delegations_received(user: Any) -> QuerySet[Delegation]:
    """委托 given to me that are not revoked and not yet over."""
    return (
        Delegation.objects.filter(delegate_id=user.pk, revoked_at__isnull=True, ends_on__gte=timezone.localdate())
        .select_related("principal")
        .order_by("starts_on")
    )


def list_held_as_delegate(user: Any) -> QuerySet[WorkItem]:
    """Open 待办 of the people who delegated to me today (what I hold as their delegate)."""
    acting = get_acting(user)
    if not acting.principals:
        return WorkItem.objects.none()
    only_delegated = Acting(user_id=-1, principals=acting.principals)
    return list_todo(user, acting=only_delegated)


@dataclass(frozen=True)
class InboxCounts:
    todo: int
    overdue: int
    to_read: int


def count_inbox(user: Any) -> InboxCounts:
    """The three numbers on the home page and the menu: 待办, of which 超期, and 待阅 (two queries)."""
    now = timezone.now()
    todo = list_todo(user).order_by().aggregate(total=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=now)))
    to_read = list_to_read(user).order_by().count()
    return InboxCounts(todo=todo["total"], overdue=todo["overdue"], to_read=to_read)


def list_modules(user: Any) -> list[str]:
    """The modules that have processes (for the inbox filter)."""
    return sorted(set(ProcessDefinition.objects.values_list("module", flat=True).distinct()))


# --- one item, one instance --------------------------------------------------------------------


def can_act_on(user: Any, item: WorkItem, acting: Acting | None = None) -> bool:
    """The user may act on this open 待办: theirs, a principal's they hold, or a group task of theirs."""
    if item.state != WorkItem.State.OPEN:
        return False
    acting = acting or get_acting(user)
    if item.assignee_id == user.pk:
        return True
    if item.assignee_id is None:
        return acting.holds(item.candidate_agency_id, item.candidate_role_id)
    return any(pid == item.assignee_id and module in ("", item.module) for pid, module in acting.principals)


def instance_visible_to(user: Any, instance: ProcessInstance) -> bool:
    """Who may see an instance's page and log: process administrators, the initiator, everyone who
    holds, held, sent or completed an item on it, and the delegates of those who hold one now."""
    if can(user, MANAGE_VERB) or instance.initiator_id == user.pk:
        return True
    acting = get_acting(user)
    people = Q(assignee_id=user.pk) | Q(completed_by_id=user.pk) | Q(sender_id=user.pk)
    if acting.principal_ids():
        people |= Q(assignee_id__in=acting.principal_ids(), state=WorkItem.State.OPEN)
    if acting.posts:
        people |= _group_scope(acting) & Q(state=WorkItem.State.OPEN)
    return WorkItem.objects.filter(people, instance_id=instance.pk).exists()


def get_item(item_id: Any) -> WorkItem:
    """One work item with its instance and definition; raises WorkItem.DoesNotExist."""
    return WorkItem.objects.select_related("instance", "instance__definition", "assignee", "sender").get(pk=item_id)


def get_instance(instance_id: Any) -> ProcessInstance:
    return ProcessInstance.objects.select_related("definition", "initiator", "initiator_agency").get(pk=instance_id)


def list_steps(instance: ProcessInstance) -> QuerySet[Step]:
    """The chronological log (办理记录): who, when, which step, which verb, opinion."""
    return Step.objects.filter(instance_id=instance.pk).select_related("actor", "on_behalf_of").order_by("at", "id")


def list_opinions(instance: ProcessInstance) -> QuerySet[Step]:
    """The opinions (意见) entered at each step, in order."""
    return list_steps(instance).exclude(opinion="")


def list_open_items(instance: ProcessInstance) -> QuerySet[WorkItem]:
    return (
        WorkItem.objects.filter(instance_id=instance.pk, state=WorkItem.State.OPEN)
        .select_related("assignee", "candidate_agency", "candidate_role", "sender")
        .order_by("created_at")
    )


def step_rules(item: WorkItem) -> dict[str, Any]:
    """The Yiwang rules of this item's BPMN user task, as parsed on upload (may be empty)."""
    rules = (item.instance.definition.steps or {}).get(item.element_id) or {}
    return rules if isinstance(rules, dict) else {}


def allowed_verbs(item: WorkItem) -> tuple[str, ...]:
    """The verbs the step allows (definition rules), defaulting to the common office verbs."""
    verbs = step_rules(item).get("verbs")
    if isinstance(verbs, list | tuple) and verbs:
        return tuple(str(v) for v in verbs)
    return DEFAULT_TASK_VERBS


def list_earlier_steps(instance: ProcessInstance, *, before: WorkItem | None = None) -> list[tuple[str, str]]:
    """Distinct (element id, step name) of completed user tasks, oldest first — 退回 targets."""
    done = WorkItem.objects.filter(instance_id=instance.pk, kind=WorkItem.Kind.TODO, state=WorkItem.State.DONE)
    if before is not None:
        done = done.exclude(element_id=before.element_id)
    seen: dict[str, str] = {}
    for element_id, name in done.order_by("completed_at").values_list("element_id", "step_name"):
        seen.setdefault(element_id, name)
    return list(seen.items())


def withdrawable_items(user: Any, instance: ProcessInstance) -> list[WorkItem]:
    """The item the user last completed, when 撤回 is still possible: a 会签 vote while the others
    still vote, or a step whose next items are all still unopened (the service decides finally)."""
    if instance.status != ProcessInstance.Status.RUNNING:
        return []
    sent = (
        WorkItem.objects.filter(
            instance_id=instance.pk, completed_by_id=user.pk, verb="complete", kind=WorkItem.Kind.TODO
        )
        .select_related("instance__definition")
        .order_by("-completed_at")
        .first()
    )
    if sent is None or sent.state != WorkItem.State.DONE or "withdraw" not in allowed_verbs(sent):
        return []
    live = (WorkItem.State.OPEN, WorkItem.State.PENDING)
    siblings = WorkItem.objects.filter(instance_id=instance.pk, spiff_task_id=sent.spiff_task_id, state__in=live)
    if sent.parent_id is None and sent.spiff_task_id and siblings.exists():
        return [sent]
    following = list(
        WorkItem.objects.filter(
            instance_id=instance.pk,
            kind=WorkItem.Kind.TODO,
            from_element=sent.element_id,
            sender_id=user.pk,
            created_at__gte=sent.completed_at,
        ).values_list("state", "opened_at")
    )
    untouched = all(opened is None and state != WorkItem.State.DONE for state, opened in following)
    if any(state in live for state, _ in following) and untouched:
        return [sent]
    return []


def diagram_state(instance: ProcessInstance) -> dict[str, list[str]]:
    """BPMN element ids to highlight: done — steps done at least once and the gateways and events
    passed (the end event once finished); current — steps open now; waiting — timers armed now."""
    rows = WorkItem.objects.filter(instance_id=instance.pk, kind=WorkItem.Kind.TODO).values_list("element_id", "state")
    current = {e for e, s in rows if s == WorkItem.State.OPEN}
    done = {e for e, s in rows if s == WorkItem.State.DONE}.union(instance.trail.get("passed", ())) - current
    return {"done": sorted(done), "current": sorted(current), "waiting": sorted(instance.trail.get("waiting", ()))}


# --- definitions ---------------------------------------------------------------------------------


def list_definitions() -> QuerySet[ProcessDefinition]:
    """Every version of every process, by key then newest version first (no XML loaded)."""
    return (
        ProcessDefinition.objects.defer("bpmn_xml", "spec", "steps")
        .select_related("uploaded_by")
        .annotate(running=Count("instances", filter=Q(instances__status=ProcessInstance.Status.RUNNING)))
        .order_by("key", "-version")
    )


def list_current_definitions() -> QuerySet[ProcessDefinition]:
    return ProcessDefinition.objects.filter(is_current=True).defer("bpmn_xml", "spec").order_by("module", "key")


def verb_label(verb: str) -> str:
    return VERB_LABELS.get(verb, verb)


# --- decisions after a step ----------------------------------------------------------------------

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
DECISION_VARIABLE = "decision"  # the convention the sample processes use in gateway conditions


@lru_cache(maxsize=256)
def _decisions(bpmn_xml: str, element_id: str) -> tuple[str, ...]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(bpmn_xml.encode(), parser)
    except etree.XMLSyntaxError:
        return ()
    ns = {"bpmn": BPMN_NS}
    flows = root.findall(".//bpmn:sequenceFlow", ns)
    gateways = {g.get("id"): g for g in root.findall(".//bpmn:exclusiveGateway", ns)}
    for flow in flows:
        gateway = gateways.get(flow.get("targetRef")) if flow.get("sourceRef") == element_id else None
        if gateway is None:
            continue
        default = gateway.get("default")
        named = [f for f in flows if f.get("sourceRef") == gateway.get("id") and f.get("name")]
        # Conditional branches first (e.g. 同意), then the default branch (e.g. 不同意).
        named.sort(key=lambda f: f.get("id") == default)
        return tuple(str(f.get("name")) for f in named)
    return ()


def decision_choices(item: WorkItem) -> tuple[str, ...]:
    """The names of the branches of an exclusive gateway right after this step (同意/不同意), which the
    person chooses when completing; they are passed as the process variable `decision`."""
    return _decisions(item.instance.definition.bpmn_xml, item.element_id)
