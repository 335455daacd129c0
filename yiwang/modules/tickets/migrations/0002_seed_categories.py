"""诉求分类: the initial classification tree of 伊春市 (configurable afterwards; GB/T 39666 codes are
not adopted until verified, domain-rules §5.1). A limit left empty means the 5-working-day default."""

from django.db import migrations

TREE = [
    (
        "01",
        "城乡建设",
        None,
        [
            ("0101", "供热采暖", 3),
            ("0102", "供水供气", 3),
            ("0103", "物业管理", None),
            ("0104", "道路与市政设施", None),
            ("0105", "违法建设", None),
            ("0106", "老旧小区改造", None),
        ],
    ),
    (
        "02",
        "交通运输",
        None,
        [
            ("0201", "公交出行", None),
            ("0202", "出租汽车与网约车", None),
            ("0203", "道路交通与停车", None),
        ],
    ),
    (
        "03",
        "生态环境",
        None,
        [
            ("0301", "大气污染", None),
            ("0302", "噪声扰民", None),
            ("0303", "水污染", None),
            ("0304", "垃圾处理", None),
        ],
    ),
    (
        "04",
        "劳动和社会保障",
        None,
        [
            ("0401", "拖欠工资", 5),
            ("0402", "社会保险", None),
            ("0403", "就业创业", None),
        ],
    ),
    (
        "05",
        "教育",
        None,
        [
            ("0501", "入学招生", None),
            ("0502", "校外培训", None),
            ("0503", "教育收费", None),
        ],
    ),
    (
        "06",
        "卫生健康",
        None,
        [
            ("0601", "医疗服务", None),
            ("0602", "医保报销", None),
            ("0603", "疾病预防与接种", None),
        ],
    ),
    (
        "07",
        "市场监管",
        None,
        [
            ("0701", "食品安全", None),
            ("0702", "消费维权", None),
            ("0703", "价格与收费", None),
        ],
    ),
    (
        "08",
        "民政服务",
        None,
        [
            ("0801", "社会救助", None),
            ("0802", "养老服务", None),
            ("0803", "婚姻与殡葬", None),
        ],
    ),
    (
        "09",
        "公安户政",
        None,
        [
            ("0901", "户籍与证件", None),
            ("0902", "治安管理（非紧急）", None),
        ],
    ),
    (
        "10",
        "林业和草原",
        None,
        [
            ("1001", "森林防火", 1),
            ("1002", "林地与林权", None),
            ("1003", "野生动植物保护", None),
        ],
    ),
    (
        "11",
        "农业农村",
        None,
        [
            ("1101", "惠农补贴", None),
            ("1102", "农村人居环境", None),
            ("1103", "土地承包", None),
        ],
    ),
    (
        "12",
        "营商环境与政务服务",
        None,
        [
            ("1201", "办事服务", None),
            ("1202", "涉企收费", None),
            ("1203", "工作作风", None),
        ],
    ),
    ("99", "其他", None, [("9901", "其他事项", None)]),
]


def seed(apps, schema_editor):
    Category = apps.get_model("tickets", "Category")
    for code, name, limit, children in TREE:
        parent, _ = Category.objects.get_or_create(code=code, defaults={"name": name, "time_limit_days": limit})
        for child_code, child_name, child_limit in children:
            Category.objects.get_or_create(
                code=child_code, defaults={"name": child_name, "time_limit_days": child_limit, "parent": parent}
            )


def unseed(apps, schema_editor):
    Category = apps.get_model("tickets", "Category")
    codes = [code for code, *_ in TREE] + [child[0] for *_, children in TREE for child in children]
    Category.objects.filter(code__in=codes, tickets__isnull=True, parent__isnull=False).delete()
    Category.objects.filter(code__in=codes, tickets__isnull=True, children__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
