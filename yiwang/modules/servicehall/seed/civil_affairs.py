"""民政 — 电子福利 (最低生活保障、高龄津贴、临时救助) and 结婚登记.

社会救助 is decided by the county-level 民政部门 (社会救助暂行办法 第十一条) and 婚姻登记 by the
county-level 婚姻登记机关, so these items belong to 伊美区民政局; the other districts and counties
publish the same items for their own residents.
"""

from __future__ import annotations

from .forms_kit import (
    boolean,
    choice,
    date,
    declaration,
    division,
    form,
    integer,
    number,
    person_applicant,
    section,
    text,
)
from .types import Item, Material, Step, hall

AGENCY = "伊美区民政局"
PHONE = "0458-3622101"
WINDOW = hall("二楼 社会救助（民政）窗口；或户籍所在地街道办事处、乡镇人民政府社会救助窗口")


def _bank() -> tuple:
    return (
        text("bank_name", "开户银行", max_length=60, description="建议使用本人社会保障卡的金融账户。"),
        text("bank_account", "银行账号", max_length=30, pattern="^[0-9]{12,30}$"),
    )


SUBSISTENCE = Item(
    code="230717-05-000301-001",
    name="最低生活保障",
    item_type="payment",
    agency=AGENCY,
    legal_basis=(
        "1.《社会救助暂行办法》（国务院令第649号）第九条：国家对共同生活的家庭成员人均收入低于当地最低生活保障标准，"
        "且符合当地最低生活保障家庭财产状况规定的家庭，给予最低生活保障。第十一条：申请最低生活保障，由共同生活的"
        "家庭成员向户籍所在地的乡镇人民政府、街道办事处提出书面申请……县级人民政府民政部门经审查，对符合条件的申请"
        "予以批准。\n"
        "2.《最低生活保障审核确认办法》（民发〔2021〕57号）：审核确认工作应当自受理之日起30个工作日之内完成；"
        "特殊情况下，可以延长至45个工作日。\n3.黑龙江省、伊春市关于最低生活保障标准和审核确认的规定。"
    ),
    conditions=(
        "1.申请人具有伊美区户籍，或者持有伊美区居住证（按规定可在经常居住地申请）；\n"
        "2.共同生活的家庭成员人均月收入低于伊春市城乡最低生活保障标准；\n"
        "3.家庭财产状况符合伊春市最低生活保障家庭财产状况规定；\n"
        "4.申请人及家庭成员授权民政部门核对家庭经济状况。"
    ),
    statutory_days=30,
    promised_days=20,
    consult_phone=PHONE,
    location=WINDOW,
    online_depth=4,
    visits=0,
    materials=(
        Material(
            "最低生活保障申请书",
            medium="electronic",
            notes="在线填写后由系统生成；不能自行申请的，可委托村（居）民委员会代为提出。",
        ),
        Material("申请人及共同生活家庭成员居民身份证", source="government", certificate_type="resident_id"),
        Material("居民户口簿", source="government", form="copy", certificate_type="household_register"),
        Material(
            "家庭经济状况核对授权书",
            notes="共同生活的家庭成员（无民事行为能力人除外）签字，授权核对收入、财产信息。",
        ),
        Material(
            "家庭成员收入情况说明或者收入证明",
            deferrable=True,
            notes="可容缺受理，在入户调查时补交。",
        ),
        Material("残疾人证、病历等证明材料（家庭成员有重残、重病的提交）", form="copy", required=False),
    ),
    steps=(
        Step("受理", 1, "街道办事处（乡镇人民政府）或者政务服务中心窗口受理，材料不齐的一次性告知。"),
        Step("家庭经济状况调查和核对", 10, "入户调查，通过居民家庭经济状况核对系统核对收入、财产信息。"),
        Step("审核和公示", 4, "街道办事处（乡镇人民政府）提出审核意见，在申请人所在村（社区）公示。"),
        Step("审核确认", 4, "伊美区民政局作出确认决定；不予确认的书面说明理由。"),
        Step("发放", 1, "自确认之月起按月将保障金发放到保障对象的社会保障卡金融账户。"),
    ),
    form=form(
        person_applicant(),
        section(
            "家庭情况",
            choice(
                "category", "申请类别", [("urban", "城市最低生活保障"), ("rural", "农村最低生活保障")], widget="radio"
            ),
            division("hukou_division", "户籍所在区（县、市）"),
            integer("household_size", "共同生活家庭人口数", minimum=1, maximum=20),
            text(
                "members",
                "共同生活的家庭成员",
                max_length=1000,
                textarea=True,
                description="每行一人：姓名、与申请人关系、公民身份号码、健康状况、就业情况。",
            ),
            number("monthly_income", "家庭月总收入（元）", minimum=0),
            boolean("has_vehicle", "家庭成员名下有机动车（残疾人功能性补偿代步机动车除外）"),
            boolean("has_extra_housing", "家庭成员名下有两套以上住房"),
            text("reason", "申请理由", max_length=1000, textarea=True),
        ),
        section("保障金发放账户", *_bank()),
        section(
            "授权和承诺",
            boolean("authorise_check", "本人及共同生活的家庭成员同意民政部门核对家庭经济状况", required=True),
            boolean(
                "declaration", "本人承诺所填信息和提交的材料真实、完整，如有虚假，愿承担相应法律责任。", required=True
            ),
        ),
    ),
    for_person=True,
    topics=("social-assistance",),
    life_events=("hardship",),
)

OLD_AGE_ALLOWANCE = Item(
    code="230717-05-000302-001",
    name="高龄津贴",
    item_type="payment",
    agency=AGENCY,
    legal_basis=(
        "1.《中华人民共和国老年人权益保障法》第三十三条：国家建立和完善老年人福利制度，根据经济社会发展水平和老年人的"
        "实际需要，增加老年人的社会福利。国家鼓励地方建立八十周岁以上低收入老年人高龄津贴制度。\n"
        "2.《黑龙江省老年人权益保障条例》。\n3.黑龙江省、伊春市关于建立高龄津贴制度的规定。"
    ),
    conditions=(
        "1.具有伊美区户籍；\n2.达到省、市规定的高龄津贴享受年龄（年满八十周岁，以省、市现行规定为准）；\n"
        "3.未享受其他地区同类津贴。符合条件的老年人，可由本人、家属或者村（居）民委员会代为申请。"
    ),
    statutory_days=10,
    promised_days=10,
    consult_phone=PHONE,
    location=WINDOW,
    online_depth=4,
    visits=0,
    materials=(
        Material("高龄津贴申请表", medium="electronic"),
        Material("老年人居民身份证", source="government", certificate_type="resident_id"),
        Material("居民户口簿", source="government", form="copy", certificate_type="household_register"),
        Material("社会保障卡或者银行卡", form="copy", notes="本人社会保障卡的金融账户。"),
        Material("代办人居民身份证和委托书（代为申请的提交）", required=False),
    ),
    steps=(
        Step("申请", 0, "本人或者家属通过“伊春电子福利”在线申请，或者到窗口提交。"),
        Step("审核", 5, "社区（村）和街道办事处（乡镇人民政府）核实户籍、年龄和生存状况。"),
        Step("审批", 4, "伊美区民政局审批，审批结果短信告知。"),
        Step("发放", 1, "自审批次月起按月发放到本人社会保障卡金融账户，每年进行生存认证。"),
    ),
    form=form(
        person_applicant(title="老年人信息"),
        section(
            "申请信息",
            date("birth_date", "出生日期"),
            choice(
                "applicant_role",
                "申请人",
                [("self", "老年人本人"), ("family", "家属代为申请"), ("committee", "村（居）民委员会代为申请")],
                widget="radio",
            ),
            text("agent_name", "代办人姓名", required=False, max_length=50),
            text("agent_phone", "代办人手机号码", required=False, fmt="cn-mobile", max_length=11),
        ),
        section("津贴发放账户", *_bank()),
        declaration(),
    ),
    for_person=True,
    topics=("elderly",),
    life_events=("retirement",),
)

TEMPORARY_ASSISTANCE = Item(
    code="230717-05-000303-001",
    name="临时救助",
    item_type="payment",
    agency=AGENCY,
    legal_basis=(
        "1.《社会救助暂行办法》第四十七条：国家对因火灾、交通事故等意外事件，家庭成员突发重大疾病等原因，导致基本生活"
        "暂时出现严重困难的家庭，或者因生活必需支出突然增加超出家庭承受能力，导致基本生活暂时出现严重困难的最低生活"
        "保障家庭，以及遭遇其他特殊困难的家庭，给予临时救助。第四十八条：申请临时救助的，应当向乡镇人民政府、街道办事处"
        "提出，经审核、公示后，由县级人民政府民政部门审批；救助金额较小的，县级人民政府民政部门可以委托乡镇人民政府、"
        "街道办事处审批。情况紧急的，可以按照规定简化审批手续。\n"
        "2.《国务院关于全面建立临时救助制度的通知》（国发〔2014〕47号）。"
    ),
    conditions=(
        "因意外事件、突发重大疾病或者生活必需支出突然增加，导致基本生活暂时出现严重困难的伊美区户籍或者常住家庭和个人；"
        "情况紧急的，先行救助，事后补充说明情况。"
    ),
    statutory_days=10,
    promised_days=10,
    consult_phone=PHONE,
    location=WINDOW,
    online_depth=4,
    visits=0,
    materials=(
        Material("临时救助申请书", medium="electronic"),
        Material("申请人居民身份证", source="government", certificate_type="resident_id"),
        Material("家庭经济状况核对授权书"),
        Material(
            "遭遇困难的证明材料",
            form="copy",
            deferrable=True,
            notes="医疗费用票据、事故证明等；情况紧急的可先行救助，事后补交。",
        ),
    ),
    steps=(
        Step("受理", 1, "街道办事处（乡镇人民政府）或者窗口受理；情况紧急的当场先行救助。"),
        Step("调查审核", 5, "核实困难情况和家庭经济状况，提出审核意见并公示。"),
        Step("审批", 3, "伊美区民政局审批，确定救助方式和金额。"),
        Step("发放", 1, "发放救助金或者实物。"),
    ),
    form=form(
        person_applicant(),
        section(
            "困难情况",
            choice(
                "hardship_type",
                "困难类型",
                [
                    ("accident", "火灾、交通事故等意外事件"),
                    ("illness", "家庭成员突发重大疾病"),
                    ("expense", "生活必需支出突然增加"),
                    ("other", "其他特殊困难"),
                ],
                widget="radio",
            ),
            date("occurred_on", "发生日期"),
            integer("household_size", "共同生活家庭人口数", minimum=1, maximum=20),
            number("loss", "造成的损失或者增加的支出（元）", minimum=0),
            text("situation", "困难情况说明", max_length=1000, textarea=True),
            boolean("urgent", "情况紧急，需要先行救助"),
        ),
        section("救助金发放账户", *_bank()),
        declaration(),
    ),
    for_person=True,
    topics=("social-assistance",),
    life_events=("hardship", "medical"),
)

MARRIAGE = Item(
    code="230717-07-000401-001",
    name="内地居民结婚登记",
    item_type="confirmation",
    agency=AGENCY,
    legal_basis=(
        "1.《中华人民共和国民法典》第一千零四十九条：要求结婚的男女双方应当亲自到婚姻登记机关申请结婚登记。符合本法"
        "规定的，予以登记，发给结婚证。完成结婚登记，即确立婚姻关系。\n"
        "2.《婚姻登记条例》关于内地居民结婚登记的规定：婚姻登记机关对当事人符合结婚条件的，当场予以登记，发给结婚证。"
    ),
    conditions=(
        "1.男女双方完全自愿；\n2.男年满二十二周岁，女年满二十周岁；\n3.双方均无配偶；\n"
        "4.双方没有直系血亲和三代以内旁系血亲关系；\n5.男女双方亲自到婚姻登记机关共同申请。"
    ),
    statutory_days=0,
    promised_days=0,
    consult_phone="0458-3622109",
    location="黑龙江省伊春市伊美区民政局婚姻登记处（伊美区政务服务中心内）",
    online_depth=2,
    visits=1,
    materials=(
        Material(
            "男女双方本人的居民身份证",
            source="government",
            form="original",
            medium="paper",
            certificate_type="resident_id",
        ),
        Material(
            "本人无配偶以及与对方当事人没有直系血亲和三代以内旁系血亲关系的签字声明",
            medium="paper",
            notes="在婚姻登记处当场签署《申请结婚登记声明书》。",
        ),
        Material("双方近期半身免冠合影照片3张", medium="paper", copies=3, file_format="2寸，红色背景"),
    ),
    steps=(
        Step("预约", 0, "可在线预约登记日期（非必须）。"),
        Step("审查", 0, "审查双方证件和声明，询问相关情况。"),
        Step("登记颁证", 0, "符合结婚条件的当场登记，发给结婚证，同步生成结婚证电子证照。"),
    ),
    form=form(
        person_applicant(title="申请人（本人）信息", address=False),
        section(
            "对方当事人",
            text("partner_name", "姓名", max_length=50),
            text("partner_id_number", "公民身份号码", fmt="cn-id", max_length=18),
            text("partner_phone", "手机号码", fmt="cn-mobile", max_length=11),
        ),
        section(
            "预约",
            date(
                "appointment_date", "预约登记日期", description="请选择工作日；纪念日等特殊日期以婚姻登记处公告为准。"
            ),
            choice("appointment_period", "预约时段", [("am", "上午"), ("pm", "下午")], widget="radio"),
        ),
        declaration("我们双方自愿结婚，均无配偶，没有直系血亲和三代以内旁系血亲关系，所填信息真实。"),
    ),
    for_person=True,
    topics=("marriage",),
    life_events=("marriage-family",),
)

ITEMS = (SUBSISTENCE, OLD_AGE_ALLOWANCE, TEMPORARY_ASSISTANCE, MARRIAGE)
