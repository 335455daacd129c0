"""伊春市交通运输局 (道路运输经营许可) and 林业 — 伊春市林业和草原局 (林木采伐许可) and the
伊春市人民政府's 林木林地权属争议 decision, prepared by the 林草局."""

from __future__ import annotations

from .forms_kit import (
    boolean,
    choice,
    date,
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

TRANSPORT = "伊春市交通运输局"
FORESTRY = "伊春市林业和草原局"
GOVERNMENT = "伊春市人民政府"
TRANSPORT_PHONE = "0458-3628201"
FORESTRY_PHONE = "0458-3629501"

ROAD_FREIGHT = Item(
    code="230700-01-001001-001",
    name="道路运输经营许可（道路普通货物运输）",
    item_type="licensing",
    agency=TRANSPORT,
    legal_basis=(
        "1.《中华人民共和国道路运输条例》第二十一条：申请从事货运经营的，应当具备下列条件：（一）有与其经营业务相适应"
        "并经检测合格的车辆；（二）有符合本条例第二十二条规定条件的驾驶人员；（三）有健全的安全生产管理制度。"
        "第二十四条：申请从事货运经营的，应当依法向市场监督管理部门办理有关登记手续后，向县级人民政府交通运输主管部门"
        "提出申请；收到申请的交通运输主管部门应当自受理申请之日起20日内审查完毕，作出许可或者不予许可的决定。使用总质量"
        "4500千克及以下普通货运车辆从事普通货运经营的，无需申请取得道路运输经营许可证及车辆营运证。\n"
        "2.《道路货物运输及站场管理规定》（交通运输部令）。"
    ),
    conditions=(
        "1.已取得营业执照；\n2.有与经营业务相适应并经检测合格的车辆（总质量4500千克以上）；\n"
        "3.驾驶人员取得相应的机动车驾驶证，年龄不超过60周岁，经考试合格取得道路货物运输从业资格证；\n"
        "4.有健全的安全生产管理制度。"
    ),
    statutory_days=20,
    promised_days=5,
    consult_phone=TRANSPORT_PHONE,
    location=hall("二楼 交通运输窗口"),
    online_depth=4,
    visits=0,
    materials=(
        Material("道路货物运输经营申请表", medium="electronic"),
        Material("营业执照", source="government", form="copy", certificate_type="business_licence"),
        Material("负责人居民身份证", source="government", certificate_type="resident_id"),
        Material("机动车行驶证", source="government", form="copy", notes="公安交管部门已共享的免交。"),
        Material(
            "车辆技术等级评定或者综合性能检测报告",
            deferrable=True,
            notes="可容缺受理，配发道路运输证前补交。",
        ),
        Material("驾驶人员的机动车驾驶证和从业资格证", source="government", form="copy"),
        Material(
            "安全生产管理制度文本",
            notes="含安全生产责任制、安全生产业务操作规程、安全生产监督检查和驾驶员、车辆安全管理制度。",
        ),
    ),
    steps=(
        Step("受理", 1, "审查申请材料，符合法定形式的受理，不齐全的一次性告知。"),
        Step("审查", 3, "核查车辆、驾驶人员和安全生产管理制度。"),
        Step("决定和发证", 1, "准予许可的核发道路运输经营许可证，并为车辆配发道路运输证（电子证照）。"),
    ),
    form=form(
        enterprise_applicant(title="申请人信息"),
        section(
            "经营范围和车辆",
            multi(
                "scope",
                "申请经营范围",
                [
                    ("general", "道路普通货物运输"),
                    ("container", "货物专用运输（集装箱）"),
                    ("refrigerated", "货物专用运输（冷藏保鲜）"),
                    ("tank", "货物专用运输（罐式容器）"),
                    ("large", "大型物件运输"),
                ],
            ),
            integer("vehicle_count", "车辆数（辆）", minimum=1),
            text(
                "vehicles",
                "车辆信息",
                max_length=2000,
                textarea=True,
                description="每行一辆：号牌号码、车辆类型、总质量（千克）。",
            ),
            integer("driver_count", "驾驶人员数（人）", minimum=1),
            text("safety_manager", "安全管理人员", max_length=50),
            boolean("has_safety_rules", "已建立健全的安全生产管理制度", required=True),
        ),
        declaration(),
    ),
    for_person=True,
    for_legal_person=True,
    topics=("transport",),
    life_events=("start-business", "qualification"),
)

TREE_FELLING = Item(
    code="230700-01-001101-001",
    name="林木采伐许可",
    item_type="licensing",
    agency=FORESTRY,
    legal_basis=(
        "1.《中华人民共和国森林法》（2019年修订）第五十六条第一款：采伐林地上的林木应当申请采伐许可证，并按照采伐许可证"
        "的规定进行采伐。第五十七条：采伐许可证由县级以上人民政府林业主管部门核发。第五十八条：申请采伐许可证，应当提出"
        "采伐的地点、林种、树种、面积、蓄积、方式、更新措施和完成期限等内容。第五十九条：符合林木采伐技术规程的，审核发放"
        "采伐许可证的部门应当及时核发采伐许可证。\n"
        "2.《中华人民共和国行政许可法》第四十二条。\n3.《中华人民共和国森林法实施条例》。"
    ),
    conditions=(
        "1.林木权属清楚，申请人持有林权证明；\n2.采伐符合年森林采伐限额和林木采伐技术规程；\n"
        "3.伊春重点国有林区天然林全面停止商业性采伐，许可仅限于人工商品林的采伐和依法允许的抚育、更新等采伐；\n"
        "4.上年度采伐后按规定完成更新造林。"
    ),
    statutory_days=20,
    promised_days=5,
    consult_phone=FORESTRY_PHONE,
    location=hall("二楼 林业和草原窗口"),
    online_depth=4,
    visits=0,
    materials=(
        Material("林木采伐许可证申请表", medium="electronic", notes="在线填写后由系统生成。"),
        Material("申请人居民身份证或者营业执照", source="government", certificate_type="resident_id"),
        Material(
            "林权证明", source="government", form="copy", notes="不动产权证书（林权）或者林权证；系统已共享的免交。"
        ),
        Material(
            "伐区调查设计或者采伐作业说明",
            notes="采伐蓄积15立方米以上的提交伐区调查设计，以下的提交标明采伐地点、面积、树种、株数、蓄积的作业说明。",
        ),
        Material("上年度更新造林验收证明", source="government", deferrable=True, notes="可容缺受理，发证前补交。"),
    ),
    steps=(
        Step("受理", 1, "窗口或者全国林木采伐管理系统受理。"),
        Step("审查和现场核查", 3, "核对采伐限额和林权，必要时现场核查。"),
        Step("决定和发证", 1, "核发林木采伐许可证（可在线打印）；不予许可的说明理由。"),
    ),
    form=form(
        person_applicant(),
        section(
            "申请单位（以单位名义申请的填写）",
            text("unit_name", "单位名称", required=False, max_length=100, prefill="certificate.business_licence.name"),
            text("unit_uscc", "统一社会信用代码", required=False, fmt="cn-uscc", max_length=18, prefill="profile.uscc"),
        ),
        section(
            "采伐信息",
            text("site", "采伐地点（林场、林班、小班）", max_length=200),
            division("site_division", "采伐地点所在区（县、市）"),
            text("forest_right_number", "林权证明编号", max_length=60),
            choice("forest_kind", "林种", [("commercial", "商品林"), ("public_welfare", "公益林")], widget="radio"),
            choice("origin", "起源", [("planted", "人工林"), ("natural", "天然林")], widget="radio"),
            text("species", "树种", max_length=100, description="如：落叶松、红松、樟子松、杨树。"),
            choice(
                "felling_type",
                "采伐类型",
                [
                    ("main", "主伐"),
                    ("tending", "抚育采伐"),
                    ("regeneration", "更新采伐"),
                    ("improvement", "低质低效林改造"),
                    ("other", "其他采伐"),
                ],
            ),
            choice(
                "method",
                "采伐方式",
                [("clear", "皆伐"), ("selective", "择伐"), ("shelterwood", "渐伐")],
                widget="radio",
            ),
            number("area", "采伐面积（公顷）", minimum=0.01),
            number("volume", "采伐蓄积（立方米）", minimum=0.1),
            text("renewal", "更新措施", max_length=500, textarea=True),
            date("renewal_deadline", "更新完成期限"),
        ),
        declaration(),
    ),
    for_person=True,
    for_legal_person=True,
    topics=("forestry-person", "agriculture"),
    life_events=("operation",),
)

FOREST_DISPUTE = Item(
    code="230700-09-001102-001",
    name="林木林地所有权和使用权争议处理",
    item_type="adjudication",
    agency=GOVERNMENT,
    legal_basis=(
        "1.《中华人民共和国森林法》第二十二条：单位之间发生的林木、林地所有权和使用权争议，由县级以上人民政府依法处理。"
        "个人之间、个人与单位之间发生的林木所有权和林地使用权争议，由乡镇人民政府或者县级以上人民政府依法处理。当事人对"
        "有关人民政府的处理决定不服的，可以自接到处理决定通知之日起三十日内，向人民法院起诉。在争议解决前，任何一方不得"
        "砍伐有争议的林木或者改变林地现状。\n"
        "2.《林木林地权属争议处理办法》（林业部令第10号）。"
    ),
    conditions="争议的林木、林地在伊春市辖区内，跨区（县、市）或者单位之间发生所有权、使用权争议，经协商不成的；由伊春市林业和草原局承办，调解不成的由伊春市人民政府作出处理决定。",
    statutory_days=60,
    promised_days=60,
    consult_phone=FORESTRY_PHONE,
    location=hall("二楼 林业和草原窗口（伊春市林业和草原局承办）"),
    online_depth=2,
    visits=2,
    materials=(
        Material("林木林地权属争议处理申请书", notes="写明当事人、争议的范围和面积、请求和理由。"),
        Material(
            "申请人身份证明",
            source="government",
            certificate_type="resident_id",
            notes="单位提交营业执照或者统一社会信用代码证书。",
        ),
        Material("权属证明材料", form="both", notes="林权证、不动产权证书、林业部门存档的权属资料等。"),
        Material("争议地块四至示意图", deferrable=True, notes="可容缺受理，现场勘验前补交。"),
    ),
    steps=(
        Step("受理", 5, "承办部门审查申请，符合条件的受理并通知对方当事人答辩。"),
        Step("调查和现场勘验", 25, "调查取证、现场勘验争议地块，期间不得砍伐争议林木。"),
        Step("调解", 15, "组织当事人调解，达成协议的制作调解书。"),
        Step("处理决定", 15, "调解不成的，由伊春市人民政府作出处理决定并送达，告知起诉期限。"),
    ),
    form=form(
        person_applicant(title="申请人信息"),
        section(
            "被申请人",
            text("respondent_name", "被申请人姓名（名称）", max_length=100),
            text("respondent_address", "被申请人住所", max_length=200),
            text("respondent_phone", "被申请人联系电话", required=False, max_length=20),
        ),
        section(
            "争议情况",
            text("dispute_location", "争议地点", max_length=200),
            number("dispute_area", "争议面积（公顷）", minimum=0.01),
            choice(
                "dispute_kind",
                "争议类型",
                [("tree_ownership", "林木所有权"), ("land_ownership", "林地所有权"), ("land_use", "林地使用权")],
                widget="radio",
            ),
            text("request", "请求事项", max_length=1000, textarea=True),
            text("facts", "事实和理由", max_length=3000, textarea=True),
        ),
        declaration(),
    ),
    for_person=True,
    for_legal_person=True,
    topics=("forestry-person", "agriculture"),
    life_events=("operation",),
)

ITEMS = (ROAD_FREIGHT, TREE_FELLING, FOREST_DISPUTE)
