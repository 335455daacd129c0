"""Helpers of the queue tests: a hall with lines and windows, and 窗口工作人员 who hold `servicehall.call_queue`."""

from __future__ import annotations

from typing import Any

from yiwang.core.orgs.models import Agency
from yiwang.testing.factories import MembershipFactory, RoleFactory, StaffFactory

from ..models import Hall, ServiceLine, ServiceWindow

WINDOW_VERBS = ["servicehall.view", "servicehall.call_queue"]


def make_hall(agency: Agency, *, name: str = "测试政务服务中心") -> Hall:
    hall = Hall.objects.create(name=name, agency=agency)
    a = ServiceLine.objects.create(hall=hall, name="综合受理", prefix="A", sort_order=0)
    b = ServiceLine.objects.create(hall=hall, name="不动产登记", prefix="B", sort_order=1)
    ServiceWindow.objects.create(hall=hall, number="1", sort_order=0).lines.set([a])
    ServiceWindow.objects.create(hall=hall, number="2", sort_order=1).lines.set([a, b])
    return hall


def line(hall: Hall, prefix: str) -> ServiceLine:
    return ServiceLine.objects.get(hall=hall, prefix=prefix)


def window(hall: Hall, number: str) -> ServiceWindow:
    return ServiceWindow.objects.get(hall=hall, number=number)


def window_clerk(agency: Agency, username: str) -> Any:
    """A 窗口工作人员 of `agency` (role `window` with the queue verbs)."""
    role: Any = RoleFactory(code="window", name="窗口工作人员", verbs=WINDOW_VERBS)
    if set(WINDOW_VERBS) - set(role.verbs):
        role.verbs = sorted({*role.verbs, *WINDOW_VERBS})
        role.save(update_fields=["verbs"])
    user = StaffFactory(username=username, display_name=f"{agency.short_name}窗口{username}")
    MembershipFactory(user=user, agency=agency, role=role)
    return user
