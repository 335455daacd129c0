"""个人 services — 户籍和证件 (伊春市公安局), 社保和就业 (伊春市人力资源和社会保障局) and 医保
(伊春市医疗保障局, loaded where the deployment has that agency)."""

from __future__ import annotations

from .forms_kit import (
    boolean,
    choice,
    date,
    declaration,
    division,
    form,
    integer,
    person_applicant,
    section,
    text,
)
from .types import Item, Material, Step, hall

POLICE = "伊春市公安局"
HR = "伊春市人力资源和社会保障局"
MEDICAL = "伊春市医疗保障局"
POLICE_PHONE = "0458-3611110"
HR_PHONE = "0458-3612333"
MEDICAL_PHONE = "0458-3618101"
POLICE_WINDOW = hall("一楼 公安户政窗口；或户籍所在地公安派出所户籍窗口")
HR_WINDOW = hall("二楼 人社综合窗口")

SEX = [("male", "男"), ("female", "女")]

BIRTH_REGISTRATION = Item(
    code="230700-07-000201-001",
    name="出生登记（新生儿入户）",
    item_type="confirmation",
    agency=POLICE,
    legal_basis=(
        "1.《中华人民共和国户口登记条例》第七条：婴儿出生后一个月以内，由户主、亲属、抚养人或者邻居向婴儿常住地户口登记"
        "机关申报出生登记。\n2.黑龙江省关于常住户口登记管理的规定。"
    ),
    conditions="在伊春市出生或者父母一方户籍在伊春市的新生儿，可以随父或者随母申报常住户口；“出生一件事”可与出生医学证明、医保参保、社保卡一并办理。",
    statutory_days=0,
    promised_days=0,
    consult_phone=POLICE_PHONE,
    location=POLICE_WINDOW,
    online_depth=4,
    visits=0,
    materials=(
        Material("出生医学证明", source="government", notes="助产机构签发；已有电子出生医学证明的由平台调取。"),
        Material("父母的居民身份证", source="government", certificate_type="resident_id"),
        Material("落户方的居民户口簿", source="government", certificate_type="household_register"),
        Material(
            "父母的结婚证（父母已婚的提交）",
            source="government",
            required=False,
            certificate_type="marriage_certificate",
            notes="平台已有结婚证电子证照的免交。",
        ),
    ),
    steps=(
        Step("申报", 0, "监护人在线申报或者到窗口申报。"),
        Step("审核登记", 0, "核对出生医学证明和落户方户口，当场登记常住户口。"),
        Step("打印户口簿", 0, "打印户口簿新生儿页，可邮寄送达。"),
    ),
    form=form(
        person_applicant(title="申报人（监护人）信息"),
        section(
            "新生儿信息",
            text("child_name", "姓名", max_length=20),
            choice("child_sex", "性别", SEX, widget="radio"),
            date("child_birth_date", "出生日期"),
            text("child_ethnicity", "民族", max_length=10),
            text("birth_place", "出生地", max_length=100),
            text(
                "birth_certificate_number",
                "出生医学证明编号",
                max_length=10,
                pattern="^[A-Z][0-9]{9}$",
                description="出生医学证明右上角的编号，一位字母加九位数字。",
            ),
        ),
        section(
            "落户",
            choice("follow", "随父或者随母落户", [("father", "随父"), ("mother", "随母")], widget="radio"),
            choice(
                "relation",
                "申报人与新生儿关系",
                [("father", "父亲"), ("mother", "母亲"), ("other", "其他监护人")],
                widget="radio",
            ),
            text("household_address", "落户地址", max_length=200),
        ),
        declaration(),
    ),
    for_person=True,
    topics=("hukou",),
    life_events=("birth", "residence"),
)

ID_CARD_RENEWAL = Item(
    code="230700-07-000202-001",
    name="居民身份证换领",
    item_type="confirmation",
    agency=POLICE,
    legal_basis=(
        "1.《中华人民共和国居民身份证法》第八条：居民身份证由居民常住户口所在地的县级人民政府公安机关签发。公安机关"
        "应当自公民提交《居民身份证申领登记表》之日起六十日内发放居民身份证。第十一条：居民身份证有效期满、公民姓名"
        "变更或者证件严重损坏不能辨认的，公民应当换领新证。第二十条：公民申请领取、换领、补领居民身份证，应当缴纳证件工本费。\n"
        "2.《国家发展改革委 财政部关于居民身份证收费标准及有关问题的通知》（发改价格〔2003〕2322号）。"
    ),
    conditions="居民身份证有效期满（或者即将期满三个月内）、姓名变更、证件严重损坏不能辨认或者登记项目错误的伊春市常住户口居民；可在全国任一公安机关异地申请换领。",
    statutory_days=60,
    promised_days=20,
    consult_phone=POLICE_PHONE,
    location=POLICE_WINDOW,
    online_depth=3,
    visits=1,
    fee_charged=True,
    fee_basis="《中华人民共和国居民身份证法》第二十条；《国家发展改革委 财政部关于居民身份证收费标准及有关问题的通知》（发改价格〔2003〕2322号）。",
    fee_standard="换领、补领每证20元；领取临时居民身份证每证10元。城市最低生活保障对象和农村特殊困难居民初次申领、换领免收工本费。",
    materials=(
        Material("居民户口簿", source="government", certificate_type="household_register", medium="paper"),
        Material(
            "原居民身份证",
            source="government",
            certificate_type="resident_id",
            medium="paper",
            notes="换领新证时交回原证。",
        ),
        Material("相片", source="other", medium="electronic", file_format="现场采集或者具备资质的照相馆上传的数码相片"),
    ),
    steps=(
        Step("受理和采集", 0, "现场采集相片、指纹，缴纳工本费，可同时申领临时居民身份证。"),
        Step("审核签发", 5, "县级公安机关审核签发。"),
        Step("制证", 12, "省公安厅制证中心制证。"),
        Step("发放", 3, "到受理点领取或者邮寄送达，短信通知。"),
    ),
    form=form(
        person_applicant(address=False),
        section(
            "换领信息",
            choice(
                "reason",
                "换领原因",
                [
                    ("expired", "有效期满"),
                    ("damaged", "证件损坏"),
                    ("name_change", "姓名变更"),
                    ("correction", "登记项目错误"),
                ],
                widget="radio",
            ),
            boolean("temporary", "同时申领临时居民身份证"),
            choice("delivery", "领取方式", [("window", "到受理点领取"), ("mail", "邮寄送达")], widget="radio"),
            text("mail_address", "邮寄地址", required=False, max_length=200, prefill="profile.address"),
        ),
        declaration(),
    ),
    for_person=True,
    topics=("hukou",),
    life_events=("residence",),
)

HUKOU_MIGRATION = Item(
    code="230700-01-000203-001",
    name="户口迁移（准予迁入）",
    item_type="licensing",
    agency=POLICE,
    legal_basis=(
        "1.《中华人民共和国户口登记条例》第十条：公民迁出本户口管辖区，由本人或者户主在迁出前向户口登记机关申报迁出登记，"
        "领取迁移证件，注销户口。第十三条：公民迁移，从到达迁入地的时候起，城市在三日以内，农村在十日以内，由本人或者户主"
        "持迁移证件向户口登记机关申报迁入登记，缴销迁移证件。\n"
        "2.《中华人民共和国行政许可法》第四十二条。\n3.黑龙江省关于进一步推进户籍制度改革的规定。"
    ),
    conditions="夫妻投靠、父母投靠子女、子女投靠父母、在伊春市城镇购房或者就业落户等符合黑龙江省落户政策的人员；跨省迁移实行“迁入地一站式办理”。",
    statutory_days=20,
    promised_days=5,
    consult_phone=POLICE_PHONE,
    location=POLICE_WINDOW,
    online_depth=3,
    visits=1,
    materials=(
        Material("申请人居民身份证", source="government", certificate_type="resident_id"),
        Material("申请人和迁入地户主的居民户口簿", source="government", certificate_type="household_register"),
        Material(
            "亲属关系证明（投靠落户的提交）",
            source="government",
            required=False,
            certificate_type="marriage_certificate",
            notes="夫妻投靠提交结婚证（平台已有电子证照的免交）；父母子女投靠提交出生医学证明或者户口簿记载的关系。",
        ),
        Material("合法稳定住所证明", form="copy", notes="不动产权证书或者住房租赁合同。"),
        Material("迁入地户主同意入户的书面意见（投靠入户的提交）", required=False),
    ),
    steps=(
        Step("受理", 1, "迁入地公安派出所或者政务服务中心公安窗口受理。"),
        Step("审批", 3, "县级公安机关户政部门审批，跨省迁移同步通知迁出地。"),
        Step("办理迁入", 1, "迁出地网上办理迁出后，在迁入地办理落户，打印户口簿。"),
    ),
    form=form(
        person_applicant(),
        section(
            "迁移信息",
            choice(
                "reason",
                "迁移原因",
                [
                    ("spouse", "夫妻投靠"),
                    ("parents", "父母投靠子女"),
                    ("children", "子女投靠父母"),
                    ("house", "购房落户"),
                    ("employment", "就业落户"),
                ],
            ),
            text("from_address", "迁出地户口所在地址", max_length=200),
            text("to_address", "迁入地址", max_length=200),
            division("to_division", "迁入地所在区（县、市）"),
            text("relative_name", "投靠亲属姓名", required=False, max_length=50),
            text("relative_id_number", "投靠亲属公民身份号码", required=False, fmt="cn-id", max_length=18),
            integer("followers", "随迁人数", minimum=0, maximum=10),
        ),
        declaration(),
    ),
    for_person=True,
    topics=("hukou",),
    life_events=("residence", "marriage-family", "housing"),
)

UNEMPLOYMENT_BENEFIT = Item(
    code="230700-05-000601-001",
    name="失业保险金申领",
    item_type="payment",
    agency=HR,
    legal_basis=(
        "1.《中华人民共和国社会保险法》第四十五条：失业人员符合下列条件的，从失业保险基金中领取失业保险金：（一）失业前"
        "用人单位和本人已经缴纳失业保险费满一年的；（二）非因本人意愿中断就业的；（三）已经进行失业登记，并有求职要求的。"
        "第五十条。\n2.《失业保险条例》第十四条、第十六条。\n"
        "3.《失业保险金申领发放办法》：经办机构自受理失业人员领取失业保险金申请之日起10日内，对申领者的资格进行审核认定。"
    ),
    conditions="失业前用人单位和本人已缴纳失业保险费满一年、非因本人意愿中断就业、已进行失业登记并有求职要求的失业人员，在终止或者解除劳动关系之日起60日内申领。",
    statutory_days=10,
    promised_days=3,
    consult_phone=HR_PHONE,
    location=HR_WINDOW,
    online_depth=4,
    visits=0,
    materials=(
        Material("失业保险金申领登记表", medium="electronic", notes="在线申领时由系统生成。"),
        Material("居民身份证或者社会保障卡", source="government", certificate_type="resident_id"),
        Material(
            "终止或者解除劳动关系证明",
            form="copy",
            deferrable=True,
            notes="用人单位已在系统中办理减员的免交；可先行受理，发放前补交。",
        ),
    ),
    steps=(
        Step("申请", 0, "通过“黑龙江人社”App、全省事项通办或者窗口申请，同时办理失业登记。"),
        Step("资格审核", 2, "核对参保缴费、就业状态和终止劳动关系原因，核定领取期限和标准。"),
        Step("核发", 1, "按月发放到本人社会保障卡金融账户，同时代缴基本医疗保险费。"),
    ),
    form=form(
        person_applicant(),
        section(
            "失业情况",
            text("last_employer", "原工作单位", max_length=100),
            date("separation_date", "终止或者解除劳动关系日期"),
            choice(
                "separation_reason",
                "终止或者解除劳动关系原因",
                [
                    ("contract_end", "劳动合同期满终止"),
                    ("employer_dismissal", "用人单位解除"),
                    ("bankruptcy", "用人单位破产、关闭、撤销"),
                    ("employer_fault", "因用人单位过错由本人解除"),
                    ("other", "其他非本人意愿原因"),
                ],
            ),
            boolean("seeking_work", "有求职要求，愿意接受职业介绍和职业培训", required=True),
            text("job_wanted", "求职意向", required=False, max_length=100),
        ),
        declaration(),
    ),
    for_person=True,
    topics=("social-security", "employment"),
    life_events=("work",),
)

EMPLOYMENT_CARD = Item(
    code="230700-20-000602-001",
    name="就业创业证申领",
    item_type="public_service",
    agency=HR,
    legal_basis=(
        "1.《中华人民共和国就业促进法》第三十五条：县级以上人民政府建立健全公共就业服务体系，设立公共就业服务机构，为劳动者"
        "免费提供就业政策法规咨询、职业供求信息、职业指导和职业介绍等服务。\n"
        "2.《就业服务与就业管理规定》（劳动和社会保障部令第28号，人力资源社会保障部修订）关于就业和失业登记的规定。\n"
        "3.《人力资源社会保障部关于进一步完善就业失业登记管理办法的通知》（人社部发〔2014〕97号）：《就业失业登记证》更名为"
        "《就业创业证》。"
    ),
    conditions="法定劳动年龄内、有劳动能力的城乡劳动者，办理就业登记或者失业登记的，可以申领《就业创业证》（电子证）。",
    statutory_days=0,
    promised_days=0,
    consult_phone=HR_PHONE,
    location=HR_WINDOW,
    online_depth=4,
    visits=0,
    materials=(Material("居民身份证", source="government", certificate_type="resident_id"),),
    steps=(
        Step("申请", 0, "在线提交或者窗口申请。"),
        Step("核验发证", 0, "核验身份和就业失业状态，当场发放《就业创业证》电子证。"),
    ),
    form=form(
        person_applicant(),
        section(
            "就业状态",
            choice(
                "status",
                "当前状态",
                [("employed", "已就业"), ("self_employed", "自主创业、灵活就业"), ("unemployed", "失业")],
                widget="radio",
            ),
            choice(
                "education",
                "文化程度",
                [
                    ("junior", "初中及以下"),
                    ("senior", "高中、中专、技校"),
                    ("college", "大专"),
                    ("bachelor", "本科"),
                    ("master", "研究生"),
                ],
            ),
            boolean("graduate", "毕业年度内高校毕业生"),
        ),
        declaration(),
    ),
    for_person=True,
    topics=("employment",),
    life_events=("work",),
)

RESIDENT_PENSION = Item(
    code="230700-20-000603-001",
    name="城乡居民基本养老保险参保登记",
    item_type="public_service",
    agency=HR,
    legal_basis=(
        "1.《中华人民共和国社会保险法》第二十条：国家建立和完善新型农村社会养老保险制度。第二十二条：国家建立和完善城镇居民"
        "社会养老保险制度。省、自治区、直辖市人民政府根据实际情况，可以将城镇居民社会养老保险和新型农村社会养老保险合并实施。\n"
        "2.《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）。"
    ),
    conditions="年满16周岁（不含在校学生）、非国家机关和事业单位工作人员及不属于职工基本养老保险制度覆盖范围的伊春市户籍城乡居民。",
    statutory_days=0,
    promised_days=0,
    consult_phone=HR_PHONE,
    location=HR_WINDOW,
    online_depth=4,
    visits=0,
    materials=(
        Material("居民身份证", source="government", certificate_type="resident_id"),
        Material("居民户口簿", source="government", form="copy", certificate_type="household_register"),
    ),
    steps=(
        Step("登记", 0, "在线或者在户籍所在地社区（村）、窗口登记。"),
        Step("确认", 0, "当场完成参保登记，按选定档次缴费。"),
    ),
    form=form(
        person_applicant(),
        section(
            "参保信息",
            division("hukou_division", "户籍所在区（县、市）"),
            integer(
                "contribution_level",
                "年缴费档次（元）",
                minimum=200,
                maximum=6000,
                description="按黑龙江省公布的城乡居民基本养老保险缴费档次选择，多缴多得。",
            ),
            boolean("special_group", "属于低保对象、特困人员、重度残疾人等政府代缴对象"),
        ),
        declaration(),
    ),
    for_person=True,
    topics=("social-security", "elderly"),
    life_events=("retirement", "work"),
)

SOCIAL_SECURITY_CARD = Item(
    code="230700-20-000604-001",
    name="社会保障卡申领",
    item_type="public_service",
    agency=HR,
    legal_basis=(
        "1.《中华人民共和国社会保险法》第五十八条第三款：国家建立全国统一的个人社会保障号码。个人社会保障号码为公民身份号码。\n"
        "2.《人力资源社会保障部关于推进社会保障卡居民服务“一卡通”的意见》。"
    ),
    conditions="参加伊春市社会保险的人员，或者伊春市户籍、常住的居民，均可申领社会保障卡（含电子社保卡）。",
    statutory_days=0,
    promised_days=0,
    consult_phone=HR_PHONE,
    location=hall("二楼 社会保障卡即时制卡窗口；或合作银行网点"),
    online_depth=4,
    visits=1,
    materials=(
        Material("居民身份证", source="government", certificate_type="resident_id"),
        Material("近期免冠相片", source="other", medium="electronic", file_format="JPG，白色背景，358×441 像素"),
        Material("监护人身份证明（未成年人申领的提交）", required=False, certificate_type="household_register"),
    ),
    steps=(
        Step("申请", 0, "在线申请或者到即时制卡网点申请。"),
        Step("即时制卡", 0, "即时制卡网点当场制卡、激活金融功能，同时签发电子社保卡。"),
    ),
    form=form(
        person_applicant(),
        section(
            "制卡信息",
            choice(
                "bank",
                "金融合作银行",
                [
                    ("icbc", "中国工商银行"),
                    ("ccb", "中国建设银行"),
                    ("abc", "中国农业银行"),
                    ("boc", "中国银行"),
                    ("psbc", "中国邮政储蓄银行"),
                ],
            ),
            choice(
                "collect", "领卡方式", [("instant", "到即时制卡网点当场领取"), ("mail", "邮寄送达")], widget="radio"
            ),
            boolean("minor", "为未成年人申领"),
        ),
        declaration(),
    ),
    for_person=True,
    topics=("social-security", "medical-insurance"),
    life_events=("work", "birth", "medical"),
)

CROSS_REGION_MEDICAL = Item(
    code="230700-20-000605-001",
    name="跨省异地就医备案",
    item_type="public_service",
    agency=MEDICAL,
    legal_basis=(
        "1.《中华人民共和国社会保险法》第二十九条：参保人员医疗费用中应当由基本医疗保险基金支付的部分，由社会保险经办机构与"
        "医疗机构、药品经营单位直接结算。社会保险行政部门和卫生行政部门应当建立异地就医医疗费用结算制度，方便参保人员享受基本"
        "医疗保险待遇。\n"
        "2.《国家医保局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》（医保发〔2022〕22号）。"
    ),
    conditions="参加伊春市基本医疗保险、跨省长期居住（异地安置退休、异地长期居住、常驻异地工作）或者临时外出就医（异地转诊、急诊抢救等）的参保人员。",
    statutory_days=0,
    promised_days=0,
    consult_phone=MEDICAL_PHONE,
    location=hall("二楼 医疗保障窗口"),
    online_depth=4,
    visits=0,
    materials=(
        Material("参保人员居民身份证或者医保电子凭证", source="government", certificate_type="resident_id"),
        Material("跨省异地就医备案个人承诺书", medium="electronic", notes="在线签署，以承诺书代替居住证明、工作证明。"),
    ),
    steps=(
        Step("申请", 0, "通过国家医保服务平台 App、全省事项通办或者窗口申请。"),
        Step("备案", 0, "即时备案，备案信息全国联网，就医地直接结算。"),
    ),
    form=form(
        person_applicant(),
        section(
            "备案信息",
            choice(
                "kind",
                "备案类型",
                [
                    ("retired", "异地安置退休人员"),
                    ("resident", "异地长期居住人员"),
                    ("worker", "常驻异地工作人员"),
                    ("referral", "异地转诊就医人员"),
                    ("temporary", "其他临时外出就医人员"),
                ],
            ),
            text("destination", "就医地（省、市）", max_length=50),
            date("start_date", "备案开始日期"),
        ),
        declaration(),
    ),
    for_person=True,
    topics=("medical-insurance",),
    life_events=("medical", "retirement"),
)

RESIDENT_MEDICAL = Item(
    code="230700-20-000606-001",
    name="城乡居民基本医疗保险参保登记",
    item_type="public_service",
    agency=MEDICAL,
    legal_basis=(
        "1.《中华人民共和国社会保险法》第二十五条：国家建立和完善城镇居民基本医疗保险制度。城镇居民基本医疗保险实行个人缴费和"
        "政府补贴相结合。\n2.《国务院关于整合城乡居民基本医疗保险制度的意见》（国发〔2016〕3号）。"
    ),
    conditions="除职工基本医疗保险应参保人员以外的伊春市户籍或者持居住证的城乡居民，含新生儿、在校学生和灵活就业人员。",
    statutory_days=0,
    promised_days=0,
    consult_phone=MEDICAL_PHONE,
    location=hall("二楼 医疗保障窗口"),
    online_depth=4,
    visits=0,
    materials=(
        Material("居民身份证或者户口簿", source="government", certificate_type="resident_id"),
        Material("居住证（非本市户籍的提交）", source="government", required=False),
    ),
    steps=(
        Step("登记", 0, "在线或者窗口登记参保信息。"),
        Step("确认", 0, "当场完成参保登记，通过税务渠道缴纳医保费。"),
    ),
    form=form(
        person_applicant(),
        section(
            "参保信息",
            choice(
                "category",
                "参保人员类别",
                [
                    ("adult", "成年居民"),
                    ("minor", "未成年人和在校学生"),
                    ("newborn", "新生儿"),
                    ("elderly", "60周岁以上老年人"),
                ],
            ),
            boolean("assisted", "属于医疗救助资助参保对象"),
        ),
        declaration(),
    ),
    for_person=True,
    topics=("medical-insurance",),
    life_events=("medical", "birth"),
)

ITEMS = (
    BIRTH_REGISTRATION,
    ID_CARD_RENEWAL,
    HUKOU_MIGRATION,
    UNEMPLOYMENT_BENEFIT,
    EMPLOYMENT_CARD,
    RESIDENT_PENSION,
    SOCIAL_SECURITY_CARD,
    CROSS_REGION_MEDICAL,
    RESIDENT_MEDICAL,
)
