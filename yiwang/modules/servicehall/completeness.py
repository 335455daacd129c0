"""完整性检查 — which key 办事指南 elements an item still lacks.

Inspectors (国办秘函〔2019〕19号, domain-rules §1.4) treat a guide missing a key element as
服务不实用, a single-veto item; so an item cannot be published until this list is empty
(`services.catalogue.publish_item`), and the staff list and edit page show it.

`missing_elements` is a pure function of the item's values and of its materials and steps as given:
it reads nothing from the database, so the edit page can check a form before it is saved.
A guided item (办理系统在其他平台, e.g. 电子税务) is handled elsewhere: it needs no materials or flow
of its own, but every other element.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Missing:
    """One missing element: `field` names the form field to point at, `message` says what to add."""

    field: str
    message: str


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# (field, message) for the plain elements, in the order the 办事指南 lists them.
_REQUIRED_TEXT: tuple[tuple[str, str], ...] = (
    ("name", "缺少事项名称。"),
    ("code", "缺少事项编码。"),
    ("item_type", "缺少事项类型。"),
    ("agency_id", "缺少实施机关。"),
    ("legal_basis", "缺少设定依据。"),
    ("conditions", "缺少受理条件。"),
)
_REQUIRED_SERVICE: tuple[tuple[str, str], ...] = (
    ("location", "缺少办理地点。"),
    ("office_hours", "缺少办理时间。"),
    ("consult_phone", "缺少咨询电话。"),
    ("supervise_phone", "缺少监督投诉电话。"),
    ("online_depth", "缺少网办深度。"),
    ("visits", "缺少到办事现场次数。"),
)


def missing_elements(item: Any, *, materials: Sequence[Any] = (), steps: Sequence[Any] = ()) -> list[Missing]:
    """Every key 办事指南 element `item` lacks, with a Chinese message each (empty: complete).

    `materials` and `steps` are the item's 申请材料 and 办理环节 (rows or anything with `name`)."""
    missing = [Missing(field, message) for field, message in _REQUIRED_TEXT if _blank(getattr(item, field, None))]
    guided = bool(getattr(item, "external_url", ""))
    if not guided:
        if not [m for m in materials if not _blank(getattr(m, "name", None))]:
            missing.append(Missing("materials", "缺少申请材料（至少一项）。"))
        if not [s for s in steps if not _blank(getattr(s, "name", None))]:
            missing.append(Missing("steps", "缺少办理流程（至少一个环节）。"))
    if item.statutory_days is None:
        missing.append(Missing("statutory_days", "缺少法定办结时限。"))
    if item.promised_days is None:
        missing.append(Missing("promised_days", "缺少承诺办结时限。"))
    if item.fee_charged:
        if _blank(item.fee_basis):
            missing.append(Missing("fee_basis", "收费事项缺少收费依据。"))
        if _blank(item.fee_standard):
            missing.append(Missing("fee_standard", "收费事项缺少收费标准。"))
    missing += [Missing(field, message) for field, message in _REQUIRED_SERVICE if _blank(getattr(item, field, None))]
    if not (item.for_person or item.for_legal_person):
        missing.append(Missing("audience", "缺少服务对象（个人或法人，至少一项）。"))
    return missing


def is_complete(item: Any, *, materials: Sequence[Any] = (), steps: Sequence[Any] = ()) -> bool:
    return not missing_elements(item, materials=materials, steps=steps)
