"""The reference deployment's organisations: 伊春市 (GB/T 2260 code 230700), its districts and
counties after the 2019 reorganisation, the city's departments and each county's core departments.

This is reference data (loaded in every deployment that starts from the 伊春 template); demo
people and content are loaded separately and only outside production.
Unified social credit codes here are well-formed demo codes (机关 prefix 11 + division code +
a generated organisation code + check digit), to be replaced by each agency's real code.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from stdnum.cn import uscc

from yiwang.core.registry.registry import get_manifests

from . import services
from .models import Agency, Division, Role

PROVINCE = ("230000", "黑龙江省")
CITY = ("230700", "伊春市")
# (GB/T 2260 code, name, 机关代字 of its government)
COUNTIES: list[tuple[str, str, str]] = [
    ("230717", "伊美区", "伊美政发"),
    ("230718", "乌翠区", "乌翠政发"),
    ("230719", "友好区", "友好政发"),
    ("230751", "金林区", "金林政发"),
    ("230781", "铁力市", "铁政发"),
    ("230722", "嘉荫县", "嘉政发"),
    ("230723", "汤旺县", "汤政发"),
    ("230724", "丰林县", "丰政发"),
    ("230725", "大箐山县", "大箐政发"),
    ("230726", "南岔县", "南政发"),
]


@dataclass(frozen=True)
class Dept:
    full: str
    short: str
    code_word: str
    duties: str = ""


CITY_DEPARTMENTS: list[Dept] = [
    Dept(
        "伊春市人民政府办公室",
        "市政府办",
        "伊政办发",
        "负责市政府日常工作，协助市政府领导处理公文、会务、督查和政务公开工作。",
    ),
    Dept(
        "伊春市发展和改革委员会",
        "市发改委",
        "伊发改发",
        "拟订并组织实施全市国民经济和社会发展战略、中长期规划和年度计划。",
    ),
    Dept("伊春市教育局", "市教育局", "伊教发", "统筹管理全市各级各类教育工作。"),
    Dept("伊春市公安局", "市公安局", "伊公发", "负责全市公安工作，维护社会治安秩序。"),
    Dept("伊春市民政局", "市民政局", "伊民发", "负责社会救助、养老服务、社会组织登记和区划地名管理。"),
    Dept("伊春市财政局", "市财政局", "伊财发", "负责全市财政收支管理和政府采购监督。"),
    Dept("伊春市人力资源和社会保障局", "市人社局", "伊人社发", "负责就业创业、社会保险和人才工作。"),
    Dept("伊春市自然资源局", "市自然资源局", "伊自然资发", "负责自然资源调查监测、国土空间规划和用途管制。"),
    Dept("伊春市生态环境局", "市生态环境局", "伊环发", "负责生态环境监督管理和污染防治。"),
    Dept("伊春市住房和城乡建设局", "市住建局", "伊住建发", "负责住房保障、城乡建设和建筑市场监管。"),
    Dept("伊春市交通运输局", "市交通运输局", "伊交发", "负责公路、水路运输和道路运输市场监管。"),
    Dept("伊春市农业农村局", "市农业农村局", "伊农发", "负责“三农”工作的统筹和乡村振兴。"),
    Dept("伊春市商务局", "市商务局", "伊商发", "负责内外贸易、招商引资和对俄经贸合作。"),
    Dept("伊春市文化广电和旅游局", "市文广旅局", "伊文广旅发", "负责文化事业、广播电视和森林生态旅游发展。"),
    Dept("伊春市卫生健康委员会", "市卫健委", "伊卫健发", "负责全市卫生健康工作和公共卫生应急。"),
    Dept("伊春市应急管理局", "市应急局", "伊应急发", "负责应急管理、安全生产监管和森林防火协调。"),
    Dept("伊春市审计局", "市审计局", "伊审发", "负责全市审计监督工作。"),
    Dept("伊春市市场监督管理局", "市市场监管局", "伊市监发", "负责市场主体登记、食品药品安全和质量监管。"),
    Dept("伊春市林业和草原局", "市林草局", "伊林草发", "负责森林、草原、湿地资源保护和林木采伐管理。"),
    Dept("伊春市营商环境建设监督局", "市营商局", "伊营商发", "负责优化营商环境、政务服务中心和“一网通办”建设。"),
    Dept("伊春市信访局", "市信访局", "伊信访发", "负责受理、交办、督办群众来信来访。"),
    Dept("伊春市政务服务便民热线中心", "12345热线", "伊热线发", "受理12345政务服务便民热线诉求，派单、督办和回访。"),
    Dept("伊春市医疗保障局", "市医保局", "伊医保发", "负责医疗保险、生育保险、医疗救助和医药价格管理。"),
]
COUNTY_DEPARTMENTS: list[tuple[str, str]] = [
    ("人民政府办公室", "政府办"),
    ("民政局", "民政局"),
    ("财政局", "财政局"),
    ("教育局", "教育局"),
    ("人力资源和社会保障局", "人社局"),
    ("市场监督管理局", "市场监管局"),
    ("政务服务中心", "政务服务中心"),
]

# Roles and the verbs they grant. A module's verbs join these roles through `Verb.roles` in its
# manifest; an undeclared verb is flagged by the permissions system check.
ROLES: list[tuple[str, str, list[str], str]] = [
    ("clerk", "经办人", ["portal.view"], "本机构业务经办"),
    ("leader", "机构负责人", ["portal.view", "portal.edit", "portal.publish"], "审批、签发"),
    ("office_director", "办公室主任", ["portal.view", "portal.edit"], "核稿、收文登记"),
    ("editor", "网站编辑", ["portal.view", "portal.edit"], "网站内容初审编辑"),
    ("reviewer", "网站审核", ["portal.view", "portal.edit", "portal.publish"], "网站内容复审、终审"),
    ("operator", "热线话务员", ["portal.view"], "12345 热线受理"),
    ("dispatcher", "派单员", ["portal.view"], "诉求派单与督办"),
    ("window", "窗口工作人员", ["portal.view"], "政务服务大厅窗口受理、叫号"),
]


def demo_uscc(division_code: str, serial: int) -> str:
    """A well-formed 统一社会信用代码 for a state organ (登记管理部门 1, 机构类别 1)."""
    body = f"11{division_code}MB{serial:07d}"  # 2 + 6 + 9 characters before the check digit
    return body + uscc.calc_check_digit(body + "0")


def _division(code: str, name: str, level: str, parent: Division | None) -> Division:
    division, _ = Division.objects.update_or_create(
        code=code, defaults={"name": name, "level": level, "parent": parent}
    )
    return division


def _agency(parent: Agency | None, division: Division, kind: str, full: str, short: str, **fields: str) -> Agency:
    existing = Agency.objects.filter(full_name=full).first()
    if existing:
        return existing
    return services.create_agency(
        parent=parent, division=division, kind=kind, full_name=full, short_name=short, **fields
    )


@transaction.atomic
def load_organisations() -> dict[str, int]:
    """Create (or keep) the divisions, agencies and roles. Idempotent."""
    province = _division(*PROVINCE, Division.Level.PROVINCE, None)
    city = _division(*CITY, Division.Level.CITY, province)
    serial = 1
    government = _agency(
        None,
        city,
        Agency.Kind.GOVERNMENT,
        "伊春市人民政府",
        "市政府",
        code_word="伊政发",
        uscc=demo_uscc(city.code, serial),
        address="黑龙江省伊春市伊美区新兴中路",
        phone="0458-3600000",
        office_hours="工作日 8:30-11:30，13:30-17:00",
    )
    for dept in CITY_DEPARTMENTS:
        serial += 1
        _agency(
            government,
            city,
            Agency.Kind.DEPARTMENT,
            dept.full,
            dept.short,
            code_word=dept.code_word,
            uscc=demo_uscc(city.code, serial),
            duties=dept.duties,
            phone=f"0458-36{serial:05d}",
            office_hours="工作日 8:30-11:30，13:30-17:00",
            address="黑龙江省伊春市伊美区",
        )
    for code, name, code_word in COUNTIES:
        county = _division(code, name, Division.Level.COUNTY, city)
        serial += 1
        county_government = _agency(
            government,
            county,
            Agency.Kind.GOVERNMENT,
            f"{name}人民政府",
            f"{name}政府",
            code_word=code_word,
            uscc=demo_uscc(code, serial),
            address=f"黑龙江省伊春市{name}",
            office_hours="工作日 8:30-11:30，13:30-17:00",
        )
        for suffix, short in COUNTY_DEPARTMENTS:
            serial += 1
            kind = Agency.Kind.CENTRE if suffix.endswith("中心") else Agency.Kind.DEPARTMENT
            _agency(
                county_government,
                county,
                kind,
                f"{name}{suffix}",
                f"{name}{short}",
                uscc=demo_uscc(code, serial),
                address=f"黑龙江省伊春市{name}",
            )
    granted: dict[str, list[str]] = {}
    for manifest in get_manifests():
        for verb in manifest.verbs:
            for role in verb.roles:
                granted.setdefault(role, []).append(verb.code)
    for code, name, verbs, description in ROLES:
        defaults = {"name": name, "verbs": [*verbs, *granted.get(code, [])], "description": description}
        Role.objects.update_or_create(code=code, defaults=defaults)
    return {"divisions": Division.objects.count(), "agencies": Agency.objects.count(), "roles": Role.objects.count()}
