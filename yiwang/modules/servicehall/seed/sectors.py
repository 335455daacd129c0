"""Items of the sector departments — 教育 (伊春市教育局), 卫健 (伊春市卫生健康委员会), 生态环境
(伊春市生态环境局), 农业农村 (伊春市农业农村局), 商务 (伊春市商务局), 文旅 (伊春市文化广电和旅游局)."""

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

EDUCATION = "伊春市教育局"
HEALTH = "伊春市卫生健康委员会"
ECOLOGY = "伊春市生态环境局"
AGRICULTURE = "伊春市农业农村局"
COMMERCE = "伊春市商务局"
CULTURE = "伊春市文化广电和旅游局"
SOCIAL_WINDOW = hall("二楼 社会事业综合窗口")
BUSINESS_WINDOW = hall("三楼 涉企经营许可综合窗口")

TEACHER_QUALIFICATION = Item(
    code="230700-01-001301-001",
    name="教师资格认定（高级中学、中等职业学校）",
    item_type="licensing",
    agency=EDUCATION,
    legal_basis=(
        "1.《中华人民共和国教师法》第十条：国家实行教师资格制度。第十三条：中小学教师资格由县级以上地方人民政府教育行政部门认定。\n"
        "2.《教师资格条例》第十三条：高级中学教师资格，由申请人户籍所在地或者申请人任教学校所在地的县级人民政府教育行政部门"
        "审查后，报上一级教育行政部门认定。\n"
        "3.《〈教师资格条例〉实施办法》：对符合认定条件的，应当在受理期限终止之日起30个法定工作日内颁发相应的教师资格证书。"
    ),
    conditions=(
        "1.遵守宪法和法律，热爱教育事业，具有良好的思想品德；\n2.具备大学本科及以上学历；\n"
        "3.普通话水平达到二级乙等以上；\n4.中小学教师资格考试合格（或者符合免试认定条件）；\n5.体检合格。"
    ),
    statutory_days=30,
    promised_days=20,
    consult_phone="0458-3621601",
    location=SOCIAL_WINDOW,
    online_depth=3,
    visits=1,
    materials=(
        Material("教师资格认定申请表", medium="electronic", notes="在“中国教师资格网”在线填报。"),
        Material("居民身份证", source="government", certificate_type="resident_id"),
        Material("学历证书", source="government", form="copy", notes="可通过学信网在线核验的免交。"),
        Material("普通话水平测试等级证书", source="government", form="copy", notes="可在线核验的免交。"),
        Material("中小学教师资格考试合格证明", source="government", notes="系统在线核验。"),
        Material(
            "体格检查表",
            source="other",
            deferrable=True,
            notes="到指定医院体检；可先行受理，在认定前补交。",
        ),
        Material("个人承诺书", notes="以个人承诺代替思想品德鉴定。"),
    ),
    steps=(
        Step("网上申报和现场确认", 2, "申请人在中国教师资格网申报，按公告时间确认。"),
        Step("审查", 10, "审查学历、普通话、考试和体检情况，组织专家审查（免试认定的进行教育教学能力测试）。"),
        Step("认定", 5, "对符合条件的作出认定决定。"),
        Step("制证和发放", 3, "颁发教师资格证书，同步生成电子证照。"),
    ),
    form=form(
        person_applicant(),
        section(
            "认定信息",
            choice(
                "level",
                "申请资格种类",
                [("senior", "高级中学教师资格"), ("vocational", "中等职业学校教师资格")],
                widget="radio",
            ),
            text("subject", "任教学科", max_length=30),
            choice(
                "education",
                "最高学历",
                [("bachelor", "大学本科"), ("master", "硕士研究生"), ("doctor", "博士研究生")],
                widget="radio",
            ),
            text("graduate_school", "毕业学校", max_length=100),
            text("mandarin_level", "普通话水平等级", max_length=10, description="如：二级甲等。"),
            text("exam_certificate_number", "考试合格证明编号", max_length=30, required=False),
        ),
        declaration(),
    ),
    for_person=True,
    topics=("education",),
    life_events=("work", "schooling"),
)

STUDENT_GRANT = Item(
    code="230700-05-001302-001",
    name="普通高中国家助学金",
    item_type="payment",
    agency=EDUCATION,
    legal_basis=(
        "1.《中华人民共和国教育法》第三十八条：国家、社会对符合入学条件、家庭经济困难的儿童、少年、青年，提供各种形式的资助。\n"
        "2.《学生资助资金管理办法》（财教〔2021〕310号）关于普通高中国家助学金的规定。"
    ),
    conditions="具有正式注册学籍的普通高中在校生中的家庭经济困难学生；脱贫家庭、低保家庭、特困供养和残疾学生优先。",
    statutory_days=30,
    promised_days=30,
    consult_phone="0458-3621602",
    location="就读学校学生资助管理部门；伊春市教育局学生资助管理中心（伊春市政务服务中心二楼 社会事业综合窗口）",
    online_depth=3,
    visits=1,
    materials=(
        Material("普通高中国家助学金申请表", medium="electronic"),
        Material("学生居民身份证或者户口簿", source="government", certificate_type="household_register"),
        Material(
            "家庭经济困难情况说明",
            deferrable=True,
            notes="低保、特困、残疾等证明由平台核验；其他困难情况的书面说明可在评审前补交。",
        ),
    ),
    steps=(
        Step("申请", 5, "学生在开学后向就读学校提出申请。"),
        Step("学校评审和公示", 15, "学校资助评审小组评审，在校内公示不少于5个工作日。"),
        Step("审核", 8, "伊春市教育局学生资助管理中心审核。"),
        Step("发放", 2, "按学期发放到学生本人或者监护人的银行卡。"),
    ),
    form=form(
        person_applicant(title="学生信息", address=False),
        section(
            "就读和家庭情况",
            text("school", "就读学校", max_length=100),
            choice("grade", "年级", [("1", "高一"), ("2", "高二"), ("3", "高三")], widget="radio"),
            text("student_number", "全国学籍号", max_length=19, pattern="^[GLJ]?[0-9]{18}$", required=False),
            multi(
                "family_status",
                "家庭经济困难类型",
                [
                    ("poverty_alleviated", "脱贫家庭（含防止返贫监测对象）"),
                    ("subsistence", "最低生活保障家庭"),
                    ("extreme_poverty", "特困供养"),
                    ("disabled", "残疾学生或者残疾人子女"),
                    ("other", "其他家庭经济困难"),
                ],
            ),
            integer("household_size", "家庭人口数", minimum=1, maximum=20),
            number("annual_income", "家庭年收入（元）", minimum=0),
            text("guardian_name", "监护人姓名", max_length=50),
            text("guardian_phone", "监护人手机号码", fmt="cn-mobile", max_length=11),
        ),
        declaration(),
    ),
    for_person=True,
    topics=("education",),
    life_events=("schooling", "hardship"),
)

PUBLIC_PLACE_HYGIENE = Item(
    code="230700-01-001401-001",
    name="公共场所卫生许可",
    item_type="licensing",
    agency=HEALTH,
    legal_basis=(
        "1.《公共场所卫生管理条例》（2019年修订）第八条：除公园、体育场（馆）、公共交通工具外的公共场所，经营单位应当及时"
        "向卫生行政部门申请办理“卫生许可证”。\n"
        "2.《公共场所卫生管理条例实施细则》：县级以上地方人民政府卫生行政部门应当自受理公共场所卫生许可申请之日起20日内，"
        "对申报资料进行审查，对现场进行审核，符合规定要求的，作出准予公共场所卫生许可的决定。"
    ),
    conditions="在伊春市从事住宿、沐浴、美容美发、游泳等须经卫生许可的公共场所经营，场所布局、设施和卫生管理制度符合卫生标准和规范；实行告知承诺制的可当场发证。",
    statutory_days=20,
    promised_days=5,
    consult_phone="0458-3623101",
    location=BUSINESS_WINDOW,
    online_depth=4,
    visits=0,
    materials=(
        Material("公共场所卫生许可申请表", medium="electronic"),
        Material("营业执照", source="government", form="copy", certificate_type="business_licence"),
        Material("法定代表人或者负责人居民身份证", source="government", certificate_type="resident_id"),
        Material("公共场所地址方位示意图、平面图和卫生设施平面布局图", notes="标明面积和卫生设施位置。"),
        Material("公共场所卫生检测或者评价报告", deferrable=True, notes="可容缺受理，作出许可决定前补交。"),
        Material("公共场所卫生管理制度", notes="含从业人员健康管理、卫生设施维护、消毒等制度。"),
    ),
    steps=(
        Step("受理", 1, "涉企经营许可综合窗口受理；选择告知承诺的当场审批。"),
        Step("审查和现场审核", 3, "审查申报资料，对现场进行审核。"),
        Step("决定和发证", 1, "作出准予许可的决定，颁发公共场所卫生许可证（电子证照），有效期四年。"),
    ),
    form=form(
        enterprise_applicant(),
        section(
            "场所信息",
            text("place_name", "场所名称", max_length=100),
            text("place_address", "场所地址", max_length=200),
            multi(
                "categories",
                "经营项目",
                [
                    ("lodging", "住宿"),
                    ("bathing", "沐浴"),
                    ("beauty", "美容"),
                    ("hairdressing", "美发"),
                    ("swimming", "游泳"),
                ],
            ),
            number("area", "营业面积（平方米）", minimum=1),
            integer("staff", "从业人员数（人）", minimum=1),
            boolean("commitment", "选择告知承诺方式办理"),
        ),
        declaration(),
    ),
    for_legal_person=True,
    topics=("health",),
    life_events=("start-business", "qualification"),
    allows_promise=True,
)

CLINIC_FILING = Item(
    code="230700-11-001402-001",
    name="诊所备案",
    item_type="filing",
    agency=HEALTH,
    legal_basis=(
        "1.《医疗机构管理条例》（2022年修订）：诊所按照国务院卫生行政部门的规定向所在地县级人民政府卫生行政部门备案后，可以执业。\n"
        "2.《诊所备案管理暂行办法》（国卫医政发〔2022〕33号）：材料齐全、符合法定形式的，当场发放诊所备案凭证。"
    ),
    conditions="举办诊所的单位或者个人，诊所有与开展的诊疗科目相应的执业医师、护士和设备设施，符合《诊所基本标准》。",
    statutory_days=0,
    promised_days=0,
    consult_phone="0458-3623102",
    location=SOCIAL_WINDOW,
    online_depth=4,
    visits=0,
    materials=(
        Material("诊所备案信息表", medium="electronic"),
        Material("举办人居民身份证或者营业执照", source="government", certificate_type="resident_id"),
        Material("房屋产权证明或者使用证明", form="copy"),
        Material(
            "诊所主要负责人和医务人员的执业证书", source="government", form="copy", notes="电子化注册系统已有的免交。"
        ),
        Material("诊所规章制度", notes="医疗质量安全、消毒隔离、医疗废物处理等制度。"),
    ),
    steps=(
        Step("提交备案", 0, "举办人在线提交备案信息。"),
        Step("备案", 0, "材料齐全的当场发放诊所备案凭证，30日内进行现场核查。"),
    ),
    form=form(
        person_applicant(title="举办人信息"),
        section(
            "诊所信息",
            text("clinic_name", "诊所名称", max_length=100),
            text("clinic_address", "执业地址", max_length=200),
            division("clinic_division", "所在区（县、市）"),
            multi(
                "subjects",
                "诊疗科目",
                [
                    ("internal", "内科"),
                    ("surgery", "外科"),
                    ("stomatology", "口腔科"),
                    ("tcm", "中医科"),
                    ("pediatrics", "儿科"),
                ],
            ),
            text("principal", "主要负责人", max_length=50),
            integer("doctors", "执业医师数（人）", minimum=1),
            integer("nurses", "护士数（人）", minimum=0),
        ),
        declaration(),
    ),
    for_person=True,
    for_legal_person=True,
    topics=("health",),
    life_events=("start-business",),
)

EIA_REPORT_FORM = Item(
    code="230700-01-001501-001",
    name="建设项目环境影响报告表审批",
    item_type="licensing",
    agency=ECOLOGY,
    legal_basis=(
        "1.《中华人民共和国环境影响评价法》第二十二条：建设项目的环境影响报告书、报告表，由建设单位按照国务院的规定报有审批权"
        "的生态环境主管部门审批。审批部门应当自收到环境影响报告书之日起六十日内，收到环境影响报告表之日起三十日内，分别作出"
        "审批决定并书面通知建设单位。审核、审批建设项目环境影响报告书、报告表以及备案环境影响登记表，不得收取任何费用。\n"
        "2.《建设项目环境保护管理条例》第九条。"
    ),
    conditions="依照《建设项目环境影响评价分类管理名录》应当编制环境影响报告表、由伊春市生态环境局审批的建设项目；项目符合生态环境分区管控、国土空间规划和相关产业政策。",
    statutory_days=30,
    promised_days=10,
    consult_phone="0458-3626301",
    location=hall("三楼 工程建设项目审批综合窗口"),
    online_depth=4,
    visits=0,
    materials=(
        Material("建设项目环境影响报告表审批申请书", medium="electronic"),
        Material("建设项目环境影响报告表", medium="electronic", file_format="PDF，加盖编制单位公章"),
        Material("建设单位营业执照", source="government", form="copy", certificate_type="business_licence"),
        Material("编制单位和编制人员承诺书", deferrable=True, notes="可容缺受理，审批前补交。"),
    ),
    steps=(
        Step("受理和公示", 2, "受理后在伊春市生态环境局网站公示受理信息。"),
        Step("技术评估", 5, "委托技术评估机构评估，必要时现场踏勘。"),
        Step("审查和拟批准公示", 2, "审查并公示拟作出的审批意见。"),
        Step("审批决定", 1, "作出审批决定，书面通知建设单位并公开。"),
    ),
    form=form(
        enterprise_applicant(title="建设单位信息"),
        section(
            "项目信息",
            text("project_name", "建设项目名称", max_length=200),
            text("project_code", "项目代码", max_length=24),
            text("project_address", "建设地点", max_length=200),
            division("project_division", "所在区（县、市）"),
            choice(
                "nature",
                "建设性质",
                [("new", "新建"), ("expansion", "改建、扩建"), ("relocation", "迁建")],
                widget="radio",
            ),
            text("industry", "国民经济行业类别", max_length=100),
            number("investment", "总投资（万元）", minimum=0),
            number("environmental_investment", "环保投资（万元）", minimum=0),
            text("preparer", "环评文件编制单位", max_length=100),
        ),
        declaration(),
    ),
    for_legal_person=True,
    topics=("environment", "construction"),
    life_events=("project-construction",),
)

PESTICIDE_LICENCE = Item(
    code="230700-01-001601-001",
    name="农药经营许可",
    item_type="licensing",
    agency=AGRICULTURE,
    legal_basis=(
        "1.《农药管理条例》第二十四条：国家实行农药经营许可制度，但经营卫生用农药的除外。第二十五条：申请农药经营许可证，应当"
        "向县级以上地方人民政府农业主管部门提出申请……受理申请的农业主管部门应当自受理申请之日起20个工作日内作出审批决定。\n"
        "2.《农药经营许可管理办法》（农业部令2017年第5号）。"
    ),
    conditions=(
        "1.有具备农学、植保、农药等相关专业中专以上学历或者专业教育培训机构56学时以上学习经历，熟悉农药管理规定，掌握农药和"
        "病虫害防治专业知识的经营人员；\n2.有与其他商品以及饮用水水源、生活区域等有效隔离的营业场所和仓储场所；\n"
        "3.有与所经营农药相适应的防护设施；\n4.有农药采购、销售台账和安全管理制度、岗位操作规程；\n"
        "5.经营限制使用农药的，还应当配备相应的用药指导和病虫害防治专业技术人员。"
    ),
    statutory_days=20,
    promised_days=10,
    consult_phone="0458-3628801",
    location=BUSINESS_WINDOW,
    online_depth=4,
    visits=0,
    materials=(
        Material("农药经营许可证申请表", medium="electronic"),
        Material("营业执照", source="government", form="copy", certificate_type="business_licence"),
        Material("法定代表人（负责人）居民身份证", source="government", certificate_type="resident_id"),
        Material("经营人员的学历或者培训证明", form="copy"),
        Material("营业场所和仓储场所地址、面积、平面图等说明材料及照片"),
        Material(
            "计算机管理系统、可追溯电子信息码扫描设备、安全防护、仓储设施等清单及照片",
            deferrable=True,
            notes="可容缺受理，现场核查时补交。",
        ),
        Material("有关管理制度目录及文本", notes="农药采购、销售台账和安全管理制度、岗位操作规程。"),
    ),
    steps=(
        Step("受理", 1, "涉企经营许可综合窗口受理。"),
        Step("审查和现场核查", 7, "审查材料，对营业场所和仓储场所现场核查。"),
        Step("决定和发证", 2, "核发农药经营许可证，有效期五年。"),
    ),
    form=form(
        enterprise_applicant(),
        section(
            "经营信息",
            choice(
                "scope",
                "经营范围",
                [("general", "农药（限制使用农药除外）"), ("restricted", "农药（含限制使用农药）")],
                widget="radio",
            ),
            text("shop_address", "营业场所地址", max_length=200),
            number("shop_area", "营业场所面积（平方米）", minimum=1),
            text("storage_address", "仓储场所地址", max_length=200),
            number("storage_area", "仓储场所面积（平方米）", minimum=1),
            integer("trained_staff", "具备专业知识的经营人员数（人）", minimum=1),
        ),
        declaration(),
    ),
    for_person=True,
    for_legal_person=True,
    topics=("agriculture",),
    life_events=("start-business", "qualification"),
)

PREPAID_CARD_FILING = Item(
    code="230700-11-001701-001",
    name="单用途商业预付卡发卡企业备案（品牌、规模发卡企业）",
    item_type="filing",
    agency=COMMERCE,
    legal_basis=(
        "《单用途商业预付卡管理办法（试行）》（商务部令2012年第9号）第七条：发卡企业应在开展单用途卡业务之日起30日内按照下列"
        "规定办理备案：……（二）品牌发卡企业向其工商登记注册地设区的市级人民政府商务主管部门备案；（三）规模发卡企业向其工商"
        "登记注册地设区的市级人民政府商务主管部门备案。"
    ),
    conditions="在伊春市登记注册、发行单用途商业预付卡的品牌发卡企业和规模发卡企业（零售、住宿和餐饮、居民服务业），自开展单用途卡业务之日起30日内备案。",
    statutory_days=5,
    promised_days=3,
    consult_phone="0458-3629101",
    location=BUSINESS_WINDOW,
    online_depth=4,
    visits=0,
    materials=(
        Material("单用途卡业务备案表", medium="electronic"),
        Material("营业执照", source="government", form="copy", certificate_type="business_licence"),
        Material("单用途卡章程和购卡协议范本"),
        Material("资金管理制度和风险管理制度", deferrable=True, notes="可先行备案，10个工作日内补交。"),
        Material("预收资金存管银行签订的资金存管协议", form="copy"),
    ),
    steps=(
        Step("提交备案", 0, "在单用途预付卡业务信息系统在线提交。"),
        Step("核对", 2, "核对备案材料的完整性。"),
        Step("备案", 1, "完成备案，在商务部门网站公示。"),
    ),
    form=form(
        enterprise_applicant(title="发卡企业信息"),
        section(
            "发卡业务",
            choice(
                "issuer_kind", "发卡企业类型", [("brand", "品牌发卡企业"), ("scale", "规模发卡企业")], widget="radio"
            ),
            choice(
                "industry",
                "所属行业",
                [("retail", "零售业"), ("lodging_catering", "住宿和餐饮业"), ("resident_service", "居民服务业")],
                widget="radio",
            ),
            date("business_start", "开展单用途卡业务日期"),
            text("depository_bank", "资金存管银行", max_length=60),
            number("expected_amount", "预计年发卡金额（万元）", minimum=0),
        ),
        declaration(),
    ),
    for_legal_person=True,
    topics=("trade",),
    life_events=("operation",),
)

ENTERTAINMENT_VENUE = Item(
    code="230700-01-001801-001",
    name="娱乐场所从事娱乐场所经营活动审批",
    item_type="licensing",
    agency=CULTURE,
    legal_basis=(
        "1.《娱乐场所管理条例》第九条：娱乐场所申请从事娱乐场所经营活动，应当向所在地县级人民政府文化主管部门提出申请。第十一条："
        "文化主管部门应当自收到申请之日起20日内作出决定；作出决定前，应当组织现场检查，并听取周边居民意见。\n"
        "2.《娱乐场所管理办法》（文化部令第55号）。"
    ),
    conditions="已取得营业执照的歌舞、游艺娱乐场所，场所不在居民楼、学校、医院周边等禁止区域，消防、环保等条件符合规定，法定代表人和从业人员无禁止性情形。",
    statutory_days=20,
    promised_days=5,
    consult_phone="0458-3627701",
    location=BUSINESS_WINDOW,
    online_depth=3,
    visits=0,
    materials=(
        Material("娱乐经营许可申请表", medium="electronic"),
        Material("营业执照", source="government", form="copy", certificate_type="business_licence"),
        Material("法定代表人或者主要负责人、投资人居民身份证", source="government", certificate_type="resident_id"),
        Material("娱乐场所使用面积和场所平面图", notes="标明包厢、包间数量和面积。"),
        Material("房屋产权证明或者租赁合同", form="copy"),
        Material(
            "法定代表人、主要负责人和投资人无禁止性情形的书面声明", deferrable=True, notes="可容缺受理，决定前补交。"
        ),
    ),
    steps=(
        Step("受理", 1, "涉企经营许可综合窗口受理。"),
        Step("现场检查和听取意见", 3, "组织现场检查，听取周边居民意见。"),
        Step("决定和发证", 1, "核发娱乐经营许可证（电子证照）。"),
    ),
    form=form(
        enterprise_applicant(),
        section(
            "场所信息",
            text("venue_name", "场所名称", max_length=100),
            text("venue_address", "场所地址", max_length=200),
            choice("kind", "场所类型", [("dance", "歌舞娱乐场所"), ("game", "游艺娱乐场所")], widget="radio"),
            number("area", "使用面积（平方米）", minimum=1),
            integer("rooms", "包厢、包间数量", minimum=0),
            boolean("fire_checked", "已通过消防安全检查（或者已作出消防安全承诺）", required=True),
        ),
        declaration(),
    ),
    for_legal_person=True,
    topics=("culture-tourism",),
    life_events=("start-business", "qualification"),
)

ITEMS = (
    TEACHER_QUALIFICATION,
    STUDENT_GRANT,
    PUBLIC_PLACE_HYGIENE,
    CLINIC_FILING,
    EIA_REPORT_FORM,
    PESTICIDE_LICENCE,
    PREPAID_CARD_FILING,
    ENTERTAINMENT_VENUE,
)
