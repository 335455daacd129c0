"""伊春市市场监督管理局 — 电子工商 (个体工商户和企业设立登记), 食品经营许可和备案, 举报奖励."""

from __future__ import annotations

from .forms_kit import (
    boolean,
    choice,
    declaration,
    division,
    enterprise_applicant,
    form,
    integer,
    multi,
    number,
    person_applicant,
    section,
    text,
)
from .types import Item, Material, Step, hall

AGENCY = "伊春市市场监督管理局"
PHONE = "0458-3612315"
WINDOW = hall("一楼 市场准入（企业开办）综合窗口")

INDIVIDUAL_BUSINESS = Item(
    code="230700-01-000117-001",
    name="个体工商户设立登记",
    item_type="licensing",
    agency=AGENCY,
    legal_basis=(
        "1.《促进个体工商户发展条例》（国务院令第755号）第二条：有经营能力的公民在中华人民共和国境内从事"
        "工商业经营，依法登记为个体工商户的，适用本条例。\n"
        "2.《中华人民共和国市场主体登记管理条例》（国务院令第746号）第三条：市场主体应当依照本条例办理登记；"
        "未经登记，不得以市场主体名义从事经营活动。第十九条：登记机关对申请材料齐全、符合法定形式的予以确认并"
        "当场登记；不能当场登记的，应当在3个工作日内予以登记。\n"
        "3.《中华人民共和国市场主体登记管理条例实施细则》（国家市场监督管理总局令第52号）。"
    ),
    conditions=(
        "1.申请人为有经营能力的公民（含港澳台居民），可以个人经营或者家庭经营；\n"
        "2.有固定的经营场所，经营场所符合规划、安全等要求（伊春市实行住所（经营场所）申报承诺制）；\n"
        "3.经营范围不属于法律、行政法规禁止的项目；依法须经批准的项目，应当取得相关许可；\n"
        "4.使用名称的，名称符合《企业名称登记管理规定》，个体工商户也可以不使用名称。"
    ),
    statutory_days=3,
    promised_days=0,
    consult_phone=PHONE,
    location=WINDOW,
    online_depth=4,
    visits=0,
    materials=(
        Material(
            "个体工商户登记（备案）申请书",
            notes="在线填写申请表后由系统生成，经营者电子签名确认，无需另行提交。",
            medium="electronic",
        ),
        Material(
            "经营者居民身份证",
            source="government",
            certificate_type="resident_id",
            notes="已领取居民身份证电子证照的，由平台调取，无需提交。",
        ),
        Material(
            "经营场所使用证明",
            form="copy",
            notes="不动产权证书、租赁合同或者其他使用证明；实行申报承诺制的，在线签署《住所（经营场所）信息申报承诺书》代替。",
        ),
        Material(
            "家庭成员关系证明（家庭经营的提交）",
            source="government",
            form="copy",
            required=False,
            certificate_type="household_register",
            notes="居民户口簿或者其他能证明家庭成员关系的材料；平台已有户口簿电子证照的免交。",
        ),
        Material(
            "委托代理人身份证明和授权委托书（委托他人办理的提交）",
            required=False,
            notes="委托代理人的居民身份证和经营者签署的授权委托书。",
        ),
    ),
    steps=(
        Step("申请", 0, "经营者通过黑龙江全省事项通办（伊春）在线提交，或者到政务服务中心窗口提交。"),
        Step("受理审查", 0, "登记机关对申请材料进行形式审查，材料齐全、符合法定形式的当场受理。"),
        Step("登记发照", 0, "当场予以登记，签发营业执照（同步发放电子营业执照），可邮寄纸质执照。"),
    ),
    form=form(
        person_applicant(title="经营者信息"),
        section(
            "个体工商户信息",
            text(
                "business_name", "名称（字号）", required=False, description="可以不使用名称；使用名称的应当先行申报。"
            ),
            choice("organisation", "组成形式", [("individual", "个人经营"), ("family", "家庭经营")], widget="radio"),
            text("premises", "经营场所", max_length=200),
            division("premises_division", "经营场所所在区（县、市）"),
            text(
                "business_scope",
                "经营范围",
                max_length=500,
                textarea=True,
                description="按《经营范围规范表述目录》选择填写。",
            ),
            integer("employees", "从业人数", minimum=1, maximum=999),
            number("capital", "资金数额（万元）", minimum=0),
            boolean("e_licence", "同时领取电子营业执照"),
        ),
        declaration(),
    ),
    for_person=True,
    topics=("market-entry",),
    life_events=("start-business", "work"),
)

COMPANY = Item(
    code="230700-01-000117-002",
    name="有限责任公司设立登记",
    item_type="licensing",
    agency=AGENCY,
    legal_basis=(
        "1.《中华人民共和国公司法》（2023年修订）第二十九条：设立公司，应当依法向公司登记机关申请设立登记。\n"
        "2.《中华人民共和国市场主体登记管理条例》第三条、第十九条、第二十一条。\n"
        "3.《中华人民共和国市场主体登记管理条例实施细则》（国家市场监督管理总局令第52号）。"
    ),
    conditions=(
        "1.股东符合法定人数（一人以上五十人以下）；\n2.有符合公司章程规定的全体股东认缴的出资额（五年内缴足）；\n"
        "3.股东共同制定公司章程；\n4.有公司名称，建立符合有限责任公司要求的组织机构；\n5.有公司住所。"
    ),
    statutory_days=3,
    promised_days=1,
    consult_phone=PHONE,
    location=WINDOW,
    online_depth=4,
    visits=0,
    materials=(
        Material("公司登记（备案）申请书", medium="electronic", notes="在线填写后由系统生成，全体股东电子签名。"),
        Material("公司章程", medium="electronic", notes="可使用系统提供的章程参考格式，全体股东签署。"),
        Material(
            "股东主体资格证明",
            source="government",
            form="copy",
            certificate_type="resident_id",
            notes="自然人股东为居民身份证；单位股东为营业执照（平台已有电子证照的免交）。",
        ),
        Material("法定代表人、董事、监事和经理的任职文件", notes="股东会决议或者股东签署的任职文件。"),
        Material(
            "住所使用证明",
            form="copy",
            deferrable=True,
            notes="不动产权证书或者租赁合同等；可先签署申报承诺书容缺受理，3个工作日内补交。",
        ),
        Material("授权委托书（委托他人办理的提交）", required=False),
    ),
    steps=(
        Step("网上申请", 0, "申请人在企业开办“一网通办”平台提交设立登记、公章刻制、申领发票、社保登记等信息。"),
        Step("受理审核", 1, "登记机关对申请材料进行形式审查，材料齐全、符合法定形式的予以登记。"),
        Step("发照", 0, "签发营业执照和电子营业执照，免费刻制首套印章，可邮寄送达。"),
    ),
    form=form(
        section(
            "公司基本信息",
            text("company_name", "公司名称", max_length=100),
            text("company_address", "住所", max_length=200),
            division("company_division", "住所所在区（县、市）"),
            number("registered_capital", "注册资本（万元）", minimum=0.01),
            text("business_scope", "经营范围", max_length=1000, textarea=True),
            integer("shareholders", "股东人数", minimum=1, maximum=50),
        ),
        section(
            "法定代表人",
            text("representative_name", "姓名", prefill="profile.display_name", max_length=50),
            text("representative_id", "公民身份号码", prefill="profile.id_number", fmt="cn-id", max_length=18),
            text("representative_phone", "手机号码", prefill="profile.phone", fmt="cn-mobile", max_length=11),
            choice(
                "representative_post",
                "职务",
                [("chairman", "董事长"), ("director", "董事"), ("manager", "经理")],
                widget="radio",
            ),
        ),
        section(
            "同步办理事项",
            multi(
                "also",
                "需要同步办理的事项",
                [
                    ("seal", "公章刻制"),
                    ("invoice", "申领发票"),
                    ("social", "社保登记"),
                    ("fund", "住房公积金缴存登记"),
                    ("bank", "银行预约开户"),
                ],
                min_items=None,
                required=False,
            ),
        ),
        declaration(),
    ),
    for_person=True,
    for_legal_person=True,
    topics=("market-entry",),
    life_events=("start-business",),
)

FOOD_BUSINESS = Item(
    code="230700-01-000512-001",
    name="食品经营许可",
    item_type="licensing",
    agency=AGENCY,
    legal_basis=(
        "1.《中华人民共和国食品安全法》第三十五条第一款：国家对食品生产经营实行许可制度。从事食品生产、食品销售、"
        "餐饮服务，应当依法取得许可。但是，销售食用农产品和仅销售预包装食品的，不需要取得许可。\n"
        "2.《中华人民共和国食品安全法实施条例》。\n"
        "3.《食品经营许可和备案管理办法》（国家市场监督管理总局令第78号）：县级以上地方市场监督管理部门应当自受理"
        "申请之日起10个工作日内作出是否准予行政许可的决定；因特殊原因需要延长期限的，经本部门负责人批准可以延长5个工作日。"
    ),
    conditions=(
        "1.已取得营业执照等合法主体资格；\n2.具有与经营的食品品种、数量相适应的经营场所，保持规定的距离，"
        "远离有毒、有害场所以及其他污染源；\n3.具有与经营的食品品种、数量相适应的经营设备或者设施；\n"
        "4.有专职或者兼职的食品安全管理人员和保证食品安全的规章制度；\n5.具有合理的设备布局和工艺流程。"
    ),
    statutory_days=10,
    promised_days=5,
    consult_phone=PHONE,
    location=hall("一楼 食品药品许可窗口"),
    online_depth=4,
    visits=0,
    materials=(
        Material("食品经营许可申请书", medium="electronic", notes="在线填写后由系统生成。"),
        Material(
            "营业执照",
            source="government",
            form="copy",
            certificate_type="business_licence",
            notes="平台已有电子营业执照的免交。",
        ),
        Material(
            "与食品经营相适应的主要设备设施、经营布局、操作流程等文件",
            notes="经营场所平面图和设备布局图，标明面积、功能区和主要设备位置。",
        ),
        Material(
            "食品安全自查、从业人员健康管理、进货查验记录、食品安全事故处置等保证食品安全的规章制度目录",
            deferrable=True,
            notes="可容缺受理，在现场核查前补交。",
        ),
        Material(
            "食品安全管理人员的任命文件和健康证明",
            deferrable=True,
            notes="可容缺受理，在作出许可决定前补交。",
        ),
    ),
    steps=(
        Step("受理", 1, "对申请材料进行审查，材料齐全、符合法定形式的予以受理；不齐全的一次性告知补正内容。"),
        Step("审查", 3, "审查申请材料，需要核实实质内容的进行现场核查（现场核查不超过3个工作日）。"),
        Step("决定和发证", 1, "作出准予或者不予许可的决定；准予许可的发放食品经营许可证（含电子证书）。"),
    ),
    form=form(
        enterprise_applicant(),
        section(
            "经营信息",
            text("premises", "经营场所", max_length=200),
            choice(
                "business_form",
                "主体业态",
                [("sale", "食品销售经营者"), ("catering", "餐饮服务经营者"), ("canteen", "单位食堂")],
                widget="radio",
            ),
            multi(
                "projects",
                "经营项目",
                [
                    ("prepackaged", "预包装食品销售（含冷藏冷冻食品）"),
                    ("bulk", "散装食品销售"),
                    ("special", "特殊食品销售"),
                    ("hot", "热食类食品制售"),
                    ("cold", "冷食类食品制售"),
                    ("raw", "生食类食品制售"),
                    ("drinks", "自制饮品制售"),
                ],
            ),
            number("area", "经营面积（平方米）", minimum=1),
            text("safety_manager", "食品安全管理人员", max_length=50),
            boolean("online", "通过网络经营"),
        ),
        declaration(),
    ),
    for_legal_person=True,
    topics=("food-safety", "market-entry"),
    life_events=("start-business", "qualification"),
)

PREPACKAGED_FOOD = Item(
    code="230700-11-000512-002",
    name="仅销售预包装食品备案",
    item_type="filing",
    agency=AGENCY,
    legal_basis=(
        "1.《中华人民共和国食品安全法》第三十五条第一款：仅销售预包装食品的，不需要取得许可，但是应当报所在地"
        "县级以上地方人民政府食品安全监督管理部门备案。\n"
        "2.《食品经营许可和备案管理办法》（国家市场监督管理总局令第78号）关于仅销售预包装食品备案的规定。"
    ),
    conditions="已取得营业执照等合法主体资格、仅销售预包装食品（含冷藏冷冻预包装食品）的食品经营者。",
    statutory_days=0,
    promised_days=0,
    consult_phone=PHONE,
    location=hall("一楼 食品药品许可窗口"),
    online_depth=4,
    visits=0,
    materials=(
        Material("仅销售预包装食品备案信息采集表", medium="electronic", notes="在线填写后由系统生成。"),
        Material("营业执照", source="government", form="copy", certificate_type="business_licence"),
    ),
    steps=(
        Step("提交备案信息", 0, "备案人在线提交备案信息采集表。"),
        Step("备案", 0, "材料齐全的当场备案，发放备案编号。"),
    ),
    form=form(
        enterprise_applicant(title="备案人信息"),
        section(
            "经营信息",
            text("premises", "经营场所", max_length=200),
            boolean("cold_chain", "销售冷藏冷冻预包装食品"),
            boolean("special_food", "销售特殊食品（保健食品、特殊医学用途配方食品、婴幼儿配方食品）"),
        ),
        declaration(),
    ),
    for_person=True,
    for_legal_person=True,
    topics=("food-safety",),
    life_events=("start-business",),
)

REPORT_REWARD = Item(
    code="230700-08-000801-001",
    name="市场监管领域违法行为举报奖励",
    item_type="reward",
    agency=AGENCY,
    legal_basis=(
        "1.《中华人民共和国食品安全法》第一百一十五条第一款：县级以上人民政府食品安全监督管理等部门应当公布本部门"
        "的电子邮件地址或者电话，接受咨询、投诉、举报。……对查证属实的举报，给予举报人奖励。\n"
        "2.《市场监管领域重大违法行为举报奖励暂行办法》（国市监稽规〔2021〕4号）。"
    ),
    conditions=(
        "1.举报人实名举报，有明确的被举报对象和具体违法事实或者违法犯罪线索；\n"
        "2.举报内容事先未被市场监督管理部门掌握，经查证属实结案；\n3.举报人在收到奖励通知之日起30个工作日内领取奖励。"
    ),
    statutory_days=10,
    promised_days=10,
    consult_phone=PHONE,
    location=hall("一楼 综合咨询窗口"),
    online_depth=3,
    visits=1,
    materials=(
        Material("举报奖励申请表", medium="electronic"),
        Material("举报人居民身份证", source="government", certificate_type="resident_id"),
        Material("举报奖励通知书", source="government", notes="市场监督管理部门作出奖励决定后送达。"),
        Material("举报人本人银行账户信息", form="copy"),
    ),
    steps=(
        Step("申请", 0, "举报人收到奖励通知后提出领取申请。"),
        Step("核对", 5, "核对举报人身份、举报编号和奖励决定。"),
        Step("发放", 5, "通过银行转账向举报人发放奖励，并对举报人信息保密。"),
    ),
    form=form(
        person_applicant(title="举报人信息", address=False),
        section(
            "举报和奖励",
            text("report_number", "举报编号", max_length=40),
            text("reward_notice_number", "奖励通知书文号", max_length=60),
            text("bank_name", "开户银行", max_length=60),
            text("bank_account", "银行账号", max_length=30, pattern="^[0-9]{12,30}$"),
        ),
        declaration(),
    ),
    for_person=True,
    for_legal_person=True,
    topics=("food-safety",),
)

ITEMS = (INDIVIDUAL_BUSINESS, COMPANY, FOOD_BUSINESS, PREPACKAGED_FOOD, REPORT_REWARD)
