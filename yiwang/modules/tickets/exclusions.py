"""不予受理的事项 — matters this ticket engine does not take, and where the citizen should go instead.

The one place for these texts (domain-rules §5.2: 潍坊市12345热线条例 — litigation, arbitration,
纪检监察, administrative reconsideration, 政府信息公开 and matters already in 信访 are not accepted,
and the caller is told why and where to go; §5.3: items treated as 信访 go to the 信访 office).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Exclusion:
    code: str
    label: str  # what the citizen ticks
    reason: str  # why this channel cannot take it
    channel: str  # where to go instead


EXCLUSIONS: tuple[Exclusion, ...] = (
    Exclusion(
        code="petition",
        label="信访事项（已经或准备向信访部门反映的问题）",
        reason="信访事项依照《信访工作条例》由信访工作机构登记、受理和办理，不能作为诉求工单办理。",
        channel="请通过“网上信访”或到伊春市信访局（市人民来访接待中心）反映，信访部门将依法登记并告知受理情况。",
    ),
    Exclusion(
        code="disclosure",
        label="申请公开政府信息",
        reason="申请获取政府信息应依照《中华人民共和国政府信息公开条例》第二十七条提出，由行政机关依法答复。",
        channel="请通过政府网站“依申请公开”栏目向掌握该信息的行政机关提出申请，或向其政府信息公开工作机构书面申请。",
    ),
    Exclusion(
        code="litigation",
        label="诉讼、仲裁或行政复议事项",
        reason="应当通过诉讼、仲裁、行政复议等法定途径解决的事项，不属于诉求工单的受理范围。",
        channel="请依法向人民法院起诉、向仲裁机构申请仲裁，或向伊春市人民政府行政复议机构申请行政复议。",
    ),
    Exclusion(
        code="discipline",
        label="反映党员、公职人员违纪违法问题（纪检监察）",
        reason="检举控告党员和公职人员违纪违法问题由纪检监察机关依规依纪依法受理。",
        channel="请通过中共伊春市纪律检查委员会、伊春市监察委员会的来信、来访、12388 举报电话或其举报网站反映。",
    ),
)

BY_CODE: dict[str, Exclusion] = {exclusion.code: exclusion for exclusion in EXCLUSIONS}


def get_exclusion(code: str) -> Exclusion | None:
    return BY_CODE.get(code)
