"""Who must act on a user task (办理人规则): rules from the BPMN resolved against the organisation.

A rule resolves to one or more *targets*: a person, or a group (a role in an agency) from which
one member claims the item (认领/抢办). A 会签 step resolves to one target per listed agency.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from yiwang.core.accounts.models import User
from yiwang.core.orgs.models import Agency, Membership, Role

from .definitions import StepRule
from .errors import WorkflowError


@dataclass(frozen=True)
class Target:
    """One work item's addressee: `user`, or the group (`agency`, `role`) when user is None."""

    user: User | None = None
    agency: Agency | None = None
    role: Role | None = None


@dataclass(frozen=True)
class Context:
    """What a rule can look at: the instance's initiator, their agency, variables and past performers."""

    initiator: User
    initiator_agency: Agency | None
    variables: dict[str, Any]
    performers: Callable[[], dict[str, User]]  # element id -> who completed it last (queried on demand)


def _active_staff() -> Any:
    return User.objects.filter(kind=User.Kind.STAFF, is_active=True)


def members(agency: Agency, role: Role) -> list[User]:
    """Holders of `role` in `agency`, including holders in an ancestor whose membership covers the subtree."""
    ancestors = _ancestor_paths(agency.path)
    query = Q(memberships__agency=agency, memberships__role=role) | Q(
        memberships__agency__path__in=ancestors, memberships__role=role, memberships__covers_subtree=True
    )
    return list(_active_staff().filter(query).distinct().order_by("pk"))


def _ancestor_paths(path: str) -> list[str]:
    # Agency.path is a materialised path ("0001.0003."): each prefix ending in "." is an ancestor.
    return [path[: index + 1] for index, char in enumerate(path[:-1]) if char == "."]


def leaders(agency: Agency) -> list[User]:
    return list(
        _active_staff().filter(memberships__agency=agency, memberships__is_leader=True).distinct().order_by("pk")
    )


def is_member(user: Any, agency: Agency) -> bool:
    """任职: `user` holds a post in `agency`, or in an ancestor whose post covers its subtree."""
    posts = Q(agency=agency) | Q(agency__path__in=_ancestor_paths(agency.path), covers_subtree=True)
    return Membership.objects.filter(posts, user_id=user.pk).exists()


def _leader_for_initiator(context: Context, step: str) -> User:
    """initiator_leader: a leader of the initiator's agency other than the initiator; when the
    initiator is that agency's only leader, the nearest leader up the tree (上级机构负责人) —
    nobody approves their own submission."""
    agency = context.initiator_agency
    if agency is None:
        raise WorkflowError(f"环节“{step}”按发起人领导分配，但流程没有发起机构")
    own = leaders(agency)
    found = [user for user in own if user.pk != context.initiator.pk]
    if found:
        return found[0]
    if not own:
        raise WorkflowError(f"环节“{step}”：{agency.full_name}没有设置负责人")
    paths = _ancestor_paths(agency.path)
    for above in sorted(Agency.objects.filter(path__in=paths), key=lambda a: len(a.path), reverse=True):
        found = [user for user in leaders(above) if user.pk != context.initiator.pk]
        if found:
            return found[0]
    raise WorkflowError(
        f"环节“{step}”按发起人领导分配，但发起人本人是{agency.full_name}的负责人，上级机构也没有设置负责人，"
        "不能由发起人审批自己发起的事项。请设置上级机构负责人或修改流程定义。"
        "（The initiator leads their own agency and no leader was found above it.）"
    )


def leaders_of_user(user: User) -> list[User]:
    """The leaders of the agencies where `user` holds a post (for escalation and initiator_leader)."""
    agency_ids = Membership.objects.filter(user=user).values_list("agency_id", flat=True)
    return list(
        _active_staff()
        .filter(memberships__agency_id__in=agency_ids, memberships__is_leader=True)
        .exclude(pk=user.pk)
        .distinct()
        .order_by("pk")
    )


def _agencies(reference: str, context: Context, step: str) -> list[Agency]:
    if reference == "initiator":
        if context.initiator_agency is None:
            raise WorkflowError(f"环节“{step}”按发起机构分配，但流程没有发起机构")
        return [context.initiator_agency]
    if reference.startswith("id:"):
        ids: list[Any] = [reference[3:]]
    else:
        name = reference[4:]
        value = context.variables.get(name)
        if value in (None, "", []):
            raise WorkflowError(f"环节“{step}”需要流程变量 {name}（机构），但它未赋值")
        ids = value if isinstance(value, list) else [value]
    try:
        wanted = [int(value) for value in ids]
    except (TypeError, ValueError) as exc:
        raise WorkflowError(f"环节“{step}”的机构变量应为机构编号") from exc
    found = {agency.pk: agency for agency in Agency.objects.filter(pk__in=wanted, is_active=True)}
    missing = [value for value in wanted if value not in found]
    if missing:
        raise WorkflowError(f"环节“{step}”引用的机构不存在或已停用：{missing}")
    return [found[value] for value in wanted]


def _users(values: Any, step: str) -> list[User]:
    raw = values if isinstance(values, list) else [values]
    ids = [value for value in raw if isinstance(value, int) or (isinstance(value, str) and value.isdigit())]
    names = [value for value in raw if isinstance(value, str) and not value.isdigit()]
    users = list(_active_staff().filter(Q(pk__in=[int(v) for v in ids]) | Q(username__in=names)))
    if len(users) != len(raw):
        raise WorkflowError(f"环节“{step}”指定的办理人不存在或不是在岗工作人员")
    return users


def resolve(rule: StepRule, context: Context) -> list[Target]:
    """The targets of `rule`; WorkflowError (Chinese) when nobody can act — then nothing is written."""
    step = rule.name
    targets: list[Target]
    if rule.rule == "initiator":
        targets = [Target(user=context.initiator)]
    elif rule.rule == "initiator_leader":
        targets = [Target(user=_leader_for_initiator(context, step))]
    elif rule.rule == "user":
        targets = [Target(user=user) for user in _users(rule.user, step)]
    elif rule.rule == "variable":
        value = context.variables.get(rule.variable)
        if value in (None, "", []):
            raise WorkflowError(f"环节“{step}”需要流程变量 {rule.variable}（办理人），但它未赋值")
        targets = [Target(user=user) for user in _users(value, step)]
    elif rule.rule == "performer":
        performer = context.performers().get(rule.element)
        targets = [Target(user=performer)] if performer is not None else []
    elif rule.rule == "leader":
        targets = []
        for agency in _agencies(rule.agency, context, step):
            found = leaders(agency)
            if not found:
                raise WorkflowError(f"环节“{step}”：{agency.full_name}没有设置负责人")
            targets.append(Target(user=found[0]))
    else:  # role / group
        role = Role.objects.filter(code=rule.role).first()
        if role is None:
            raise WorkflowError(f"环节“{step}”的角色“{rule.role}”不存在")
        targets = []
        for agency in _agencies(rule.agency, context, step):
            holders = members(agency, role)
            if not holders:
                raise WorkflowError(f"环节“{step}”：{agency.full_name}没有“{role.name}”岗位人员")
            if rule.rule == "role" and len(holders) == 1:
                targets.append(Target(user=holders[0]))
            else:
                targets.append(Target(agency=agency, role=role))
    if not targets:
        raise WorkflowError(f"环节“{step}”找不到办理人，请检查流程定义的办理人规则")
    if not rule.multi:
        return targets[:1]
    return targets


def can_claim(user: Any, agency: Agency, role: Role) -> bool:
    return any(member.pk == user.pk for member in members(agency, role))


def group_items_q(user: Any) -> Q:
    """`Q` over WorkItem for the unclaimed group items `user` may claim (for the inbox query)."""
    posts = list(Membership.objects.filter(user_id=user.pk).values_list("agency__path", "role_id", "covers_subtree"))
    query = Q(pk__in=[])
    for path, role_id, covers in posts:
        agency_q = Q(candidate_agency__path__startswith=path) if covers else Q(candidate_agency__path=path)
        query |= agency_q & Q(candidate_role_id=role_id)
    return Q(assignee__isnull=True) & query
