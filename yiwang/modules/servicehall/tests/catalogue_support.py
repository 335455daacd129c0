"""Shared setup of the catalogue tests: the manifest's verbs on the personas' roles, a 嘉荫县
office director (another county's catalogue editor), and a complete item built through the service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from yiwang.core.accounts.models import User
from yiwang.core.orgs.models import Role
from yiwang.testing.factories import MembershipFactory, RoleFactory, StaffFactory
from yiwang.testing.personas import World

from ..manifest import manifest
from ..models import ServiceItem, ServiceTopic
from ..services import catalogue as services


@dataclass
class Hall:
    world: World
    editor: User  # 市民政局 办公室主任: edits the 市民政局 catalogue
    jiayin_editor: User  # 嘉荫县民政局 办公室主任
    topic: ServiceTopic


def grant_manifest_verbs() -> None:
    for verb in manifest.verbs:
        for code in verb.roles:
            role = Role.objects.filter(code=code).first()
            if role is not None and verb.code not in role.verbs:
                role.verbs = [*role.verbs, verb.code]
                role.save(update_fields=["verbs"])


def build_hall(world: World) -> Hall:
    grant_manifest_verbs()
    role = Role.objects.filter(code="office_director").first() or RoleFactory(code="office_director")
    jiayin_editor = StaffFactory(username="jiayin_director", display_name="嘉荫县民政局办公室主任吴敏")
    MembershipFactory(user=jiayin_editor, agency=world.jiayin_civil_affairs, role=role, title="办公室主任")
    topic = ServiceTopic.objects.create(code="shehui-baozhang", name="社会保障", audience="person", sort_order=1)
    return Hall(world=world, editor=world.office_director, jiayin_editor=jiayin_editor, topic=topic)


def complete_values(agency: Any, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "code": "11230700MB1234567X4000112001",
        "name": "最低生活保障对象认定",
        "item_type": ServiceItem.ItemType.CONFIRMATION,
        "agency": agency,
        "legal_basis": "《社会救助暂行办法》第九条至第十三条",
        "conditions": "共同生活的家庭成员人均收入低于当地最低生活保障标准，且家庭财产状况符合规定。",
        "statutory_days": 30,
        "promised_days": 20,
        "fee_charged": False,
        "fee_basis": "",
        "fee_standard": "",
        "location": "伊春市政务服务中心一楼民政窗口（伊美区新兴东大街 1 号）",
        "office_hours": "工作日 8:30-11:30，13:30-17:00（法定节假日除外）",
        "consult_phone": "0458-3600001",
        "supervise_phone": "0458-12345",
        "online_depth": ServiceItem.OnlineDepth.FULL,
        "visits": 0,
        "for_person": True,
        "for_legal_person": False,
        "external_url": "",
    }
    values.update(changes)
    return values


MATERIALS = [
    {
        "name": "最低生活保障申请书",
        "source": "applicant",
        "form": "original",
        "copies": 1,
        "medium": "either",
        "file_format": "PDF 或纸质 A4",
        "required": True,
        "deferrable": False,
    },
    {
        "name": "家庭成员收入证明",
        "source": "other",
        "form": "copy",
        "copies": 2,
        "medium": "paper",
        "file_format": "A4",
        "required": True,
        "deferrable": True,
    },
]
STEPS = [
    {"name": "受理", "days": 0, "description": "窗口或网上受理，材料不全的一次性告知。"},
    {"name": "审核确认", "days": 15, "description": "入户调查、民主评议和公示。"},
]


def make_item(actor: User, agency: Any, *, publish: bool = False, topics: Any = (), **changes: Any) -> ServiceItem:
    item = services.save_item(
        actor=actor, values=complete_values(agency, **changes), materials=MATERIALS, steps=STEPS, topics=topics
    )
    if publish:
        item = services.publish_item(actor=actor, item=item)
    return item
