"""Fixtures and helpers of the 办件 tests: a window clerk, the 办件 verbs on the personas' roles,
the process deployed, and a published 行政许可 item with four materials and two 审查 steps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yiwang.core.accounts.models import User
from yiwang.core.orgs.models import Role
from yiwang.core.workflow import services as workflow
from yiwang.modules.servicehall.models import Application, ServiceItem, ServiceMaterial, ServiceStep
from yiwang.modules.servicehall.services import applications as services
from yiwang.testing.factories import MembershipFactory, StaffFactory
from yiwang.testing.personas import World

SHANGHAI = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FORM = {"name": "张伟", "id_number": "230702198805120018", "phone": "13904581234", "address": "伊春市伊美区新兴路 8 号"}


@dataclass
class Hall:
    world: World
    window: User  # 市民政局 窗口工作人员
    item: ServiceItem
    form: ServiceMaterial  # 申请书 (required)
    identity: ServiceMaterial  # 身份证明 (required)
    premises: ServiceMaterial  # 场所证明 (required, 可容缺)
    qualification: ServiceMaterial  # 资格证明 (required; may be promised: the item allows 告知承诺)


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)


def pdf(name: str = "材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, "application/pdf")


@pytest.fixture(name="hall")
def hall_fixture(world: World) -> Hall:
    window_role, _ = Role.objects.get_or_create(
        code="window", defaults={"name": "窗口工作人员", "verbs": ["portal.view"]}
    )
    for role, verbs in (
        (window_role, ["servicehall.view", "servicehall.accept"]),
        (Role.objects.get(code="clerk"), ["servicehall.view", "servicehall.examine"]),
        (Role.objects.get(code="leader"), ["servicehall.view", "servicehall.examine", "servicehall.decide"]),
    ):
        role.verbs = [*role.verbs, *verbs]
        role.save(update_fields=["verbs"])
    window: User = StaffFactory(username="window_clerk", display_name="窗口人员陈静")  # type: ignore[assignment]
    MembershipFactory(user=window, agency=world.city_civil_affairs, role=window_role)
    workflow.sync_processes()
    item = ServiceItem.objects.create(
        code="11230700MB1234567X-001",
        name="养老机构备案前置许可",
        item_type=ServiceItem.ItemType.LICENSING,
        agency=world.city_civil_affairs,
        legal_basis="《养老机构管理办法》",
        statutory_days=20,
        promised_days=10,
        status=ServiceItem.Status.PUBLISHED,
        allows_promise=True,
        for_person=True,
    )
    materials = [
        ServiceMaterial.objects.create(item=item, sort_order=1, name="申请书"),
        ServiceMaterial.objects.create(item=item, sort_order=2, name="身份证明"),
        ServiceMaterial.objects.create(item=item, sort_order=3, name="场所使用证明", deferrable=True),
        ServiceMaterial.objects.create(item=item, sort_order=4, name="消防安全资格证明"),
    ]
    ServiceStep.objects.create(item=item, sort_order=1, name="审查", days=5)
    ServiceStep.objects.create(item=item, sort_order=2, name="复核", days=3)
    return Hall(world, window, item, *materials)


def submit(hall: Hall, *, without: tuple[ServiceMaterial, ...] = (), **kwargs: Any) -> Application:
    uploads = {
        m.pk: pdf(f"{m.name}.pdf")
        for m in (hall.form, hall.identity, hall.premises, hall.qualification)
        if m not in without and m.pk not in kwargs.get("promises", {})
    }
    values: dict[str, Any] = {
        "item": hall.item,
        "applicant": hall.world.citizen,
        "applicant_kind": Application.ApplicantKind.PERSON,
        "applicant_name": "张伟",
        "form_data": FORM,
        "form_version": 3,
        "uploads": uploads,
    }
    values.update(kwargs)
    return services.submit_application(**values)


def accept(hall: Hall, application: Application, **kwargs: Any) -> Application:
    services.accept_application(application=application, actor=hall.window, **kwargs)
    return Application.objects.get(pk=application.pk)


def review_all(hall: Hall, application: Application) -> Application:
    services.complete_review_step(application=application, actor=hall.world.city_clerk, opinion="材料真实")
    services.complete_review_step(application=application, actor=hall.world.city_clerk, opinion="复核通过")
    return Application.objects.get(pk=application.pk)
