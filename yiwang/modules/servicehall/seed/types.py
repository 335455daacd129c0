"""The shapes of the seed: a service item with its 办事指南 elements, materials, steps and form.

Plain data, no database: `services.seeding.load_catalogue` turns these into rows. Choice values are
the model's (`ServiceItem.ItemType`, `ServiceMaterial.Source` …) spelt out as strings so a reviewer
reads the seed without the models beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The 伊春市政务服务中心 (伊美区新兴中大街) and its hours; each item names its own window.
HALL = "黑龙江省伊春市伊美区新兴中大街 伊春市政务服务中心"
HOURS = "工作日 夏季 8:30-11:30，13:30-17:30；冬季 8:30-11:30，13:30-17:00（法定节假日除外）"
SUPERVISE = "0458-12345（12345 政务服务便民热线）"


def hall(window: str) -> str:
    return f"{HALL}{window}"


@dataclass(frozen=True)
class Material:
    name: str
    source: str = "applicant"  # applicant 申请人自备 | government 政府部门核发 | other 其他
    form: str = "original"  # original 原件 | copy 复印件 | both 原件和复印件
    copies: int = 1
    medium: str = "either"  # paper 纸质 | electronic 电子 | either 纸质或电子
    file_format: str = "PDF、JPG，A4 幅面"
    required: bool = True
    deferrable: bool = False  # 容缺：可先受理、后补交
    certificate_type: str = ""  # resident_id | business_licence | household_register | marriage_certificate
    notes: str = ""


@dataclass(frozen=True)
class Step:
    name: str
    days: int  # 工作日; 0 = 当场
    description: str


@dataclass(frozen=True)
class FormDefinition:
    """An application form in the shared format: JSON Schema (flat object) plus layout."""

    schema: dict[str, Any]
    layout: dict[str, Any]


@dataclass(frozen=True)
class Topic:
    code: str
    name: str
    audience: str  # person | legal_person


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    item_type: str  # licensing payment confirmation adjudication reward filing other_power public_service
    agency: str  # the agency's full name (yiwang.core.orgs.reference)
    legal_basis: str
    conditions: str
    statutory_days: int
    promised_days: int
    consult_phone: str
    location: str
    online_depth: int  # 1–4
    visits: int
    materials: tuple[Material, ...]
    steps: tuple[Step, ...]
    form: FormDefinition | None
    for_person: bool = False
    for_legal_person: bool = False
    topics: tuple[str, ...] = ()
    life_events: tuple[str, ...] = ()
    fee_charged: bool = False
    fee_basis: str = ""
    fee_standard: str = "不收费"
    office_hours: str = HOURS
    supervise_phone: str = SUPERVISE
    external_url: str = ""
    allows_promise: bool = False  # 告知承诺制：可以书面承诺代替证明材料
    extra: dict[str, Any] = field(default_factory=dict)
