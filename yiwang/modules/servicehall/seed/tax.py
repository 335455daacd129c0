"""电子税务 — a guided item: 办税缴费 is done on the national tax system's 黑龙江 电子税务局,
so the 办事指南 links there (`SERVICEHALL_ETAX_URL`) and no 办件 is made here.

税务 is a vertical system (国家税务总局伊春市税务局 is not one of the city's departments); the
guide is published by the 伊春市营商环境建设监督局, which runs the 政务服务中心 and its 税务 window.
"""

from __future__ import annotations

from django.conf import settings

from .types import Item, Material, Step, hall

AGENCY = "伊春市营商环境建设监督局"


def etax_item() -> Item:
    """Built when loaded, so the link follows the deployment's setting."""
    return Item(
        code="230700-20-001201-001",
        name="电子税务（网上办税缴费）",
        item_type="public_service",
        agency=AGENCY,
        legal_basis=(
            "1.《中华人民共和国税收征收管理法》第二十六条：纳税人、扣缴义务人可以直接到税务机关办理纳税申报或者报送代扣"
            "代缴、代收代缴税款报告表，也可以按照规定采取邮寄、数据电文或者其他方式办理上述申报、报送事项。\n"
            "2.《中华人民共和国税收征收管理法实施细则》第三十条。\n"
            "3.实施机关：国家税务总局伊春市税务局；本平台提供办事引导，在国家税务总局黑龙江省电子税务局办理。"
        ),
        conditions="已完成涉税信息确认（“多证合一”登记）的纳税人、缴费人，法定代表人、财务负责人或者办税人员完成实名认证。",
        statutory_days=0,
        promised_days=0,
        consult_phone="12366（纳税缴费服务热线）",
        location=hall("一楼 税务综合窗口（国家税务总局伊春市税务局）"),
        online_depth=4,
        visits=0,
        materials=(
            Material(
                "办税人员居民身份证（实名认证）",
                source="government",
                medium="electronic",
                certificate_type="resident_id",
                notes="在电子税务局通过个人所得税 App 扫码或者人脸识别完成实名认证。",
            ),
        ),
        steps=(
            Step("登录电子税务局", 0, "企业业务以单位身份登录，个人业务以自然人身份登录。"),
            Step("在线办理", 0, "纳税申报、税款缴纳、发票领用开具、社保费缴纳、涉税证明开具等即时办结。"),
        ),
        form=None,
        for_person=True,
        for_legal_person=True,
        topics=("tax", "tax-person"),
        life_events=("operation", "start-business"),
        external_url=settings.SERVICEHALL_ETAX_URL,
    )
