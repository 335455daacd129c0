"""工程建设和不动产 — 伊春市住房和城乡建设局 (施工许可、商品房预售) and 伊春市自然资源局
(建设用地规划许可、不动产转移登记)."""

from __future__ import annotations

from .forms_kit import (
    choice,
    date,
    declaration,
    division,
    enterprise_applicant,
    form,
    number,
    person_applicant,
    section,
    text,
)
from .types import Item, Material, Step, hall

HOUSING = "伊春市住房和城乡建设局"
LAND = "伊春市自然资源局"
HOUSING_PHONE = "0458-3627301"
LAND_PHONE = "0458-3625801"
PROJECT_WINDOW = hall("三楼 工程建设项目审批综合窗口")

STRUCTURES = [
    ("frame", "框架结构"),
    ("shear_wall", "剪力墙结构"),
    ("frame_shear", "框架-剪力墙结构"),
    ("masonry", "砖混结构"),
    ("steel", "钢结构"),
    ("other", "其他"),
]

CONSTRUCTION_PERMIT = Item(
    code="230700-01-000701-001",
    name="建筑工程施工许可",
    item_type="licensing",
    agency=HOUSING,
    legal_basis=(
        "1.《中华人民共和国建筑法》第七条：建筑工程开工前，建设单位应当按照国家有关规定向工程所在地县级以上人民政府"
        "建设行政主管部门申请领取施工许可证；但是，国务院建设行政主管部门确定的限额以下的小型工程除外。第八条：申请"
        "领取施工许可证应当具备的条件；建设行政主管部门应当自收到申请之日起七日内，对符合条件的申请颁发施工许可证。\n"
        "2.《建筑工程施工许可管理办法》（住房和城乡建设部令第18号，2021年修正）第二条：工程投资额在30万元以下或者"
        "建筑面积在300平方米以下的建筑工程，可以不申请办理施工许可证。第四条、第五条。"
    ),
    conditions=(
        "1.依法应当办理用地批准手续的，已经办理该建筑工程用地批准手续；\n"
        "2.依法应当办理建设工程规划许可证的，已经取得建设工程规划许可证；\n"
        "3.施工场地已经基本具备施工条件，需要征收房屋的，其进度符合施工要求；\n"
        "4.已经确定施工企业；\n5.有满足施工需要的资金安排、施工图纸及技术资料，施工图设计文件已按规定审查合格；\n"
        "6.有保证工程质量和安全的具体措施。"
    ),
    statutory_days=7,
    promised_days=3,
    consult_phone=HOUSING_PHONE,
    location=PROJECT_WINDOW,
    online_depth=4,
    visits=0,
    materials=(
        Material("建筑工程施工许可证申请表", medium="electronic", notes="在工程建设项目审批管理系统在线填写。"),
        Material("建设单位营业执照", source="government", form="copy", certificate_type="business_licence"),
        Material(
            "用地批准手续", source="government", form="copy", notes="不动产权证书或者用地批准文件；系统已共享的免交。"
        ),
        Material("建设工程规划许可证", source="government", form="copy", notes="系统已共享的免交。"),
        Material("施工合同和中标通知书（依法必须招标的）", form="copy"),
        Material("建设资金已经落实承诺书", notes="建设单位法定代表人签署。"),
        Material(
            "施工图设计文件审查合格书", source="government", form="copy", notes="施工图联合审查系统已共享的免交。"
        ),
        Material(
            "保证工程质量和安全的具体措施",
            deferrable=True,
            notes="施工组织设计中的质量安全措施和危险性较大的分部分项工程清单；可容缺受理，发证前补交。",
        ),
    ),
    steps=(
        Step("受理", 1, "工程建设项目审批综合窗口受理，材料不齐的一次性告知。"),
        Step("审查", 1, "核对用地、规划、施工图审查和施工企业信息，必要时现场踏勘。"),
        Step("决定和发证", 1, "符合条件的颁发建筑工程施工许可证（电子证照）；不予许可的书面说明理由。"),
    ),
    form=form(
        enterprise_applicant(title="建设单位信息"),
        section(
            "工程信息",
            text("project_name", "工程名称", max_length=200),
            text("project_code", "项目代码", max_length=24, description="投资项目在线审批监管平台赋予的项目代码。"),
            text("project_address", "建设地址", max_length=200),
            division("project_division", "工程所在区（县、市）"),
            number("floor_area", "建筑面积（平方米）", minimum=1),
            number("contract_price", "合同价格（万元）", minimum=0),
            choice("structure", "结构类型", STRUCTURES),
            date("planned_start", "计划开工日期"),
            date("planned_finish", "计划竣工日期"),
        ),
        section(
            "参建单位",
            text("builder_name", "施工单位", max_length=100),
            text("builder_uscc", "施工单位统一社会信用代码", fmt="cn-uscc", max_length=18),
            text("project_manager", "项目经理", max_length=50),
            text("supervisor_name", "监理单位", required=False, max_length=100),
        ),
        declaration(),
    ),
    for_legal_person=True,
    topics=("construction",),
    life_events=("project-construction",),
)

PRESALE = Item(
    code="230700-01-000702-001",
    name="商品房预售许可",
    item_type="licensing",
    agency=HOUSING,
    legal_basis=(
        "1.《中华人民共和国城市房地产管理法》第四十五条：商品房预售，应当符合下列条件：（一）已交付全部土地使用权"
        "出让金，取得土地使用权证书；（二）持有建设工程规划许可证；（三）按提供预售的商品房计算，投入开发建设的资金"
        "达到工程建设总投资的百分之二十五以上，并已经确定施工进度和竣工交付日期；（四）向县级以上人民政府房产管理部门"
        "办理预售登记，取得商品房预售许可证明。\n"
        "2.《城市商品房预售管理办法》（建设部令第131号修正）第五条至第七条。"
    ),
    conditions=(
        "1.已交付全部土地使用权出让金，取得土地使用权证书；\n2.持有建设工程规划许可证和施工许可证；\n"
        "3.按提供预售的商品房计算，投入开发建设的资金达到工程建设总投资的25%以上，并已确定施工进度和竣工交付日期；\n"
        "4.已开立商品房预售资金监管账户。"
    ),
    statutory_days=10,
    promised_days=5,
    consult_phone=HOUSING_PHONE,
    location=hall("三楼 房产交易窗口"),
    online_depth=3,
    visits=1,
    materials=(
        Material("商品房预售许可申请表", medium="electronic"),
        Material("开发企业营业执照", source="government", form="copy", certificate_type="business_licence"),
        Material("房地产开发企业资质证书", source="government", form="copy"),
        Material("土地使用权证书（不动产权证书）", source="government", form="copy"),
        Material("建设工程规划许可证和建筑工程施工许可证", source="government", form="copy"),
        Material("投入开发建设资金达到总投资25%以上的证明", notes="监理单位出具的工程形象进度证明和资金投入说明。"),
        Material("商品房预售方案", notes="含预售房屋的坐落、面积、交付日期和预售资金监管账户。"),
        Material("预售商品房分层平面图", deferrable=True, notes="可容缺受理，决定前补交。"),
    ),
    steps=(
        Step("受理", 1, "房产交易窗口受理。"),
        Step("审查和现场查勘", 3, "审查材料，现场查勘工程形象进度。"),
        Step("决定", 1, "作出准予预售的书面决定，核发商品房预售许可证并向社会公示。"),
    ),
    form=form(
        enterprise_applicant(title="开发企业信息"),
        section(
            "预售项目",
            text("project_name", "项目名称", max_length=200),
            text("project_address", "项目坐落", max_length=200),
            text("buildings", "预售楼栋", max_length=200, description="如：1号楼、2号楼。"),
            number("presale_area", "预售面积（平方米）", minimum=1),
            number("invested", "已投入开发建设资金（万元）", minimum=0),
            number("total_investment", "工程建设总投资（万元）", minimum=0),
            date("delivery_date", "竣工交付日期"),
            text("escrow_account", "预售资金监管账户", max_length=30, pattern="^[0-9]{12,30}$"),
        ),
        declaration(),
    ),
    for_legal_person=True,
    topics=("construction", "housing-property"),
    life_events=("project-construction",),
)

LAND_USE_PLANNING = Item(
    code="230700-01-000801-001",
    name="建设用地规划许可证核发",
    item_type="licensing",
    agency=LAND,
    legal_basis=(
        "1.《中华人民共和国城乡规划法》第三十七条：在城市、镇规划区内以划拨方式提供国有土地使用权的建设项目，经有关部门"
        "批准、核准、备案后，建设单位应当向城市、县人民政府城乡规划主管部门提出建设用地规划许可申请。第三十八条：以出让"
        "方式取得国有土地使用权的建设项目，建设单位在取得建设项目的批准、核准、备案文件和签订国有土地使用权出让合同后，"
        "向城市、县人民政府城乡规划主管部门领取建设用地规划许可证。\n"
        "2.《中华人民共和国行政许可法》第四十二条。"
    ),
    conditions="建设项目已经批准、核准或者备案；以出让方式取得的，已签订国有建设用地使用权出让合同；以划拨方式取得的，已取得划拨决定。",
    statutory_days=20,
    promised_days=5,
    consult_phone=LAND_PHONE,
    location=PROJECT_WINDOW,
    online_depth=4,
    visits=0,
    materials=(
        Material("建设用地规划许可申请表", medium="electronic"),
        Material("建设单位营业执照", source="government", form="copy", certificate_type="business_licence"),
        Material("国有建设用地使用权出让合同或者国有建设用地划拨决定书", source="government", form="copy"),
        Material(
            "建设项目批准、核准或者备案文件",
            source="government",
            form="copy",
            notes="投资项目在线审批监管平台已共享的免交。",
        ),
        Material("宗地图（标注用地范围的地形图）", deferrable=True, notes="可容缺受理，核发前补交。"),
    ),
    steps=(
        Step("受理", 1, "工程建设项目审批综合窗口受理。"),
        Step("审查", 3, "核对规划条件、用地位置和范围。"),
        Step("决定和发证", 1, "核发建设用地规划许可证（电子证照）。"),
    ),
    form=form(
        enterprise_applicant(title="建设单位信息"),
        section(
            "用地信息",
            text("project_name", "建设项目名称", max_length=200),
            text("project_code", "项目代码", max_length=24),
            text("land_location", "用地位置", max_length=200),
            number("land_area", "用地面积（平方米）", minimum=1),
            choice("supply", "供地方式", [("transfer", "出让"), ("allocation", "划拨")], widget="radio"),
            choice(
                "land_use",
                "用地性质",
                [
                    ("residential", "居住用地"),
                    ("commercial", "商业服务业用地"),
                    ("industrial", "工业用地"),
                    ("public", "公共管理与公共服务用地"),
                ],
            ),
        ),
        declaration(),
    ),
    for_legal_person=True,
    topics=("construction",),
    life_events=("project-construction",),
)

PROPERTY_TRANSFER = Item(
    code="230700-10-000901-001",
    name="国有建设用地使用权及房屋所有权转移登记",
    item_type="other_power",
    agency=LAND,
    legal_basis=(
        "1.《中华人民共和国民法典》第二百零九条：不动产物权的设立、变更、转让和消灭，经依法登记，发生效力。第二百一十条："
        "不动产登记，由不动产所在地的登记机构办理。\n"
        "2.《不动产登记暂行条例》（国务院令第656号）第三条；第二十条：不动产登记机构应当自受理登记申请之日"
        "起30个工作日内办结不动产登记手续，法律另有规定的除外。\n3.《不动产登记暂行条例实施细则》。"
    ),
    conditions="因买卖、互换、赠与、继承、受遗赠等导致国有建设用地使用权及房屋所有权发生转移，当事人双方共同申请（继承、受遗赠可单方申请）。",
    statutory_days=30,
    promised_days=3,
    consult_phone=LAND_PHONE,
    location=hall("二楼 不动产登记窗口（伊春市不动产登记中心）"),
    online_depth=3,
    visits=1,
    fee_charged=True,
    fee_basis=(
        "《财政部 国家发展改革委关于不动产登记收费有关政策问题的通知》（财税〔2016〕79号）；"
        "《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）。"
    ),
    fee_standard="住宅类每件80元，非住宅类每件550元（含第一本证书工本费）；每增加一本证书加收工本费10元。小微企业免收。",
    materials=(
        Material("不动产登记申请书", medium="electronic"),
        Material("申请人居民身份证", source="government", certificate_type="resident_id"),
        Material("不动产权证书（房屋所有权证、国有土地使用证）", source="government", form="original", medium="paper"),
        Material("房屋买卖合同或者其他转移的证明材料", form="original", notes="已网签备案的存量房买卖合同由系统调取。"),
        Material("契税完税凭证", source="government", notes="“一窗受理、集成服务”同步办理，由税务部门推送。"),
        Material(
            "申请人婚姻状况证明",
            source="government",
            form="copy",
            certificate_type="marriage_certificate",
            notes="结婚证、离婚证或者婚姻状况声明；平台已有电子证照的免交。",
        ),
    ),
    steps=(
        Step("受理", 0, "不动产登记、交易、税务“一窗受理”，当场完成询问和签字。"),
        Step("审核", 2, "查验不动产权属状况、查封抵押和材料，必要时实地查看。"),
        Step("登簿和缮证", 1, "记载于不动产登记簿，缮制不动产权证书和电子证照，可邮寄送达。"),
    ),
    form=form(
        person_applicant(title="权利人（受让人）信息"),
        section(
            "转让人",
            text("seller_name", "转让人姓名（名称）", max_length=100),
            text("seller_id_number", "转让人证件号码", max_length=18),
        ),
        section(
            "不动产信息",
            text("property_location", "坐落", max_length=200),
            text(
                "certificate_number",
                "不动产权证书号",
                max_length=60,
                description="如：黑（2023）伊春市不动产权第0001234号。",
            ),
            text("unit_number", "不动产单元号", max_length=28, min_length=28, pattern="^[0-9A-Z]{28}$", required=False),
            choice("use", "房屋用途", [("residential", "住宅"), ("non_residential", "非住宅")], widget="radio"),
            number("floor_area", "建筑面积（平方米）", minimum=1),
            choice(
                "cause",
                "转移原因",
                [
                    ("sale", "买卖"),
                    ("gift", "赠与"),
                    ("inheritance", "继承、受遗赠"),
                    ("exchange", "互换"),
                    ("other", "其他"),
                ],
            ),
            number("price", "成交价格（万元）", minimum=0, required=False),
            choice(
                "ownership",
                "共有情况",
                [("sole", "单独所有"), ("joint", "共同共有"), ("shares", "按份共有")],
                widget="radio",
            ),
            choice(
                "delivery",
                "领证方式",
                [("window", "窗口领取"), ("mail", "邮寄送达"), ("electronic", "仅电子证照")],
                widget="radio",
            ),
        ),
        declaration(),
    ),
    for_person=True,
    for_legal_person=True,
    topics=("housing-property",),
    life_events=("housing",),
)

ITEMS = (CONSTRUCTION_PERMIT, PRESALE, LAND_USE_PLANNING, PROPERTY_TRANSFER)
