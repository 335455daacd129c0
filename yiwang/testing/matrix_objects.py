"""Objects for the authorisation matrix (权限矩阵): `make(agency)` factories that create a real object
belonging to `agency` and return its URL kwargs. A view's `@access_policy(objects=…)` names one by
dotted path; the matrix test calls it for the user's own agency and for another.

With `relation=` the factory returns a `MatrixObject`: the kwargs and who stands in which relation to
the object, so the matrix can compute "participants only" / "assignee only" per persona.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from yiwang.core.accounts.models import User
from yiwang.core.orgs.models import Agency, Membership

from .factories import MembershipFactory, RoleFactory, StaffFactory


@dataclass(frozen=True)
class MatrixObject:
    kwargs: dict[str, Any]
    related: dict[str, frozenset[int]] = field(default_factory=dict)  # relation -> user ids


def clerk_of(agency: Agency) -> User:
    """The agency's 经办人 (the `clerk` persona of the shared world), made if it has none."""
    membership = Membership.objects.filter(agency=agency, role__code="clerk").select_related("user").first()
    if membership is not None:
        return membership.user
    role = RoleFactory(code=f"clerk-{agency.pk}", name="经办人")
    user = StaffFactory(username=f"clerk-{agency.pk}", display_name=f"{agency.short_name}经办人")
    MembershipFactory(user=user, agency=agency, role=role)
    return user


def _started_in(agency: Agency) -> tuple[Any, Any, User]:
    """A 发文 process started by the agency's clerk in the agency's name: its first step (拟稿) is
    the clerk's own open item, with no sender (`core.sample_outgoing`)."""
    from yiwang.core.workflow import services
    from yiwang.core.workflow.models import WorkItem

    services.sync_processes()  # deploys the sample processes once; later calls change nothing
    clerk = clerk_of(agency)
    instance = services.start(
        key="core.sample_outgoing",
        title=f"权限矩阵检查：{agency.short_name}发文",
        initiator=clerk,
        agency=agency,
        variables={"countersign_agencies": [agency.pk]},
    )
    item = WorkItem.objects.get(instance=instance, state=WorkItem.State.OPEN)
    return instance, item, clerk


def _relations(clerk: User) -> dict[str, frozenset[int]]:
    return {"participant": frozenset({clerk.pk}), "assignee": frozenset({clerk.pk}), "sender": frozenset()}


def make_work_item(agency: Agency) -> MatrixObject:
    """An open 待办 of a process in `agency`, held by the agency's clerk (who also started it)."""
    _instance, item, clerk = _started_in(agency)
    return MatrixObject(kwargs={"item_id": item.pk}, related=_relations(clerk))


def make_process_instance(agency: Agency) -> MatrixObject:
    """A running process instance of `agency`, started by the agency's clerk."""
    instance, _item, clerk = _started_in(agency)
    return MatrixObject(kwargs={"instance_id": instance.pk}, related=_relations(clerk))
