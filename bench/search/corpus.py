"""A deterministic corpus of realistic Chinese government documents for the search benchmark.

Documents are assembled from a word list of 伊春 government vocabulary: common words (工作, 伊春,
政务服务 …) appear in most documents, topic terms (森林防火, 冬季供暖, 最低生活保障 …) in tens of
thousands, names and 发文字号 in a handful — the mix that makes ranked top-10 queries expensive.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from yiwang.core.search.types import SearchDocument

SHANGHAI = ZoneInfo("Asia/Shanghai")

PLACES = [
    "伊春市",
    "伊美区",
    "乌翠区",
    "友好区",
    "金林区",
    "铁力市",
    "嘉荫县",
    "汤旺县",
    "丰林县",
    "大箐山县",
    "南岔县",
]
AGENCIES = [
    ("市政府办公室", "伊政办发"),
    ("市发展和改革委员会", "伊发改发"),
    ("市教育局", "伊教发"),
    ("市公安局", "伊公发"),
    ("市民政局", "伊民发"),
    ("市财政局", "伊财发"),
    ("市人力资源和社会保障局", "伊人社发"),
    ("市自然资源局", "伊自然资发"),
    ("市生态环境局", "伊环发"),
    ("市住房和城乡建设局", "伊建发"),
    ("市交通运输局", "伊交发"),
    ("市农业农村局", "伊农发"),
    ("市商务局", "伊商发"),
    ("市文化广电和旅游局", "伊文旅发"),
    ("市卫生健康委员会", "伊卫健发"),
    ("市应急管理局", "伊应急发"),
    ("市审计局", "伊审发"),
    ("市市场监督管理局", "伊市监发"),
    ("市林业和草原局", "伊林草发"),
    ("市营商环境建设监督局", "伊营商发"),
    ("市人民政府", "伊政发"),
    ("市信访局", "伊信发"),
]
# Topic terms: each document draws 1–3, so each is in roughly 5–10 % of documents (10,000–20,000).
TOPICS = [
    "森林防火",
    "冬季供暖",
    "最低生活保障",
    "营商环境",
    "政务服务",
    "乡村振兴",
    "安全生产",
    "生态保护",
    "林业产业",
    "森林旅游",
    "棚户区改造",
    "义务教育",
    "医疗保障",
    "就业创业",
    "招商引资",
    "食品安全",
    "垃圾分类",
    "河长制",
    "林下经济",
    "养老服务",
    "道路交通",
    "项目建设",
    "民生实事",
    "疫情防控",
    "防汛抗旱",
    "秸秆禁烧",
    "森林资源管护",
    "一网通办",
    "放管服改革",
    "优化营商环境",
    "政务公开",
    "12345热线",
    "退役军人服务",
    "残疾人保障",
    "城乡低保",
    "黑木耳产业",
    "蓝莓产业",
    "冰雪旅游",
    "森林康养",
    "全域旅游",
]
ACTIONS = ["做好", "加强", "进一步推进", "切实抓好", "深入开展", "全面落实", "规范", "优化", "扎实推进", "统筹做好"]
KINDS_OF_TEXT = ["通知", "实施方案", "工作要点", "管理办法", "意见", "通告", "公告", "报告", "批复", "决定"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "建国小明丽华志强秀英海燕春生桂兰德明玉兰永刚晓东红梅国庆文杰丽娜宏伟淑芬立新"
ROLES = ["市长", "副市长", "局长", "副局长", "县长", "区长", "主任", "书记"]
FILLER = [
    "会议强调，要提高政治站位，压实工作责任，确保各项任务落到实处。",
    "各地各部门要加强组织领导，细化工作措施，形成工作合力。",
    "要坚持以人民为中心的发展思想，切实解决群众急难愁盼问题。",
    "请各单位结合实际认真贯彻执行，执行中遇到的问题及时向市政府反馈。",
    "要建立健全长效机制，加强督促检查，定期通报工作进展情况。",
    "会议听取了有关部门的工作汇报，研究部署了下一阶段重点工作。",
    "要加大宣传力度，营造全社会共同参与的良好氛围。",
    "对工作不力、造成严重后果的，依法依规严肃追责问责。",
    "本市将持续深化改革，推动经济社会高质量发展。",
    "全市上下要统一思想，凝心聚力，为建设生态强市、美丽伊春作出新贡献。",
]
TOPIC_SENTENCES = [
    "{place}{action}{topic}工作，取得了阶段性成效。",
    "截至{month}月底，全市{topic}累计完成投资{num}万元，惠及群众{num2}人。",
    "{agency}牵头负责{topic}，各县（市、区）人民政府配合落实。",
    "围绕{topic}，{place}开展专项检查{num3}次，整改问题{num4}个。",
    "要把{topic}作为当前一项重要任务，{action}各项措施。",
    "{name}{role}到{place}调研{topic}工作并召开座谈会。",
]
SITES = ["230700", "230717", "230718", "230719", "230751", "230781", "230722", "230723", "230724", "230725", "230726"]
COLUMNS = ["tzgg", "zcwj", "gzdt", "zcjd", "rsxx", "czzj", "jhgh", "tjxx"]
KINDS = ["portal.article", "disclosure.item", "services.guide", "office.document"]
KIND_WEIGHTS = [0.55, 0.3, 0.1, 0.05]


def person_names(count: int = 200, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    names: dict[str, None] = {}
    while len(names) < count:
        given = rng.choice([GIVEN[i : i + 2] for i in range(0, len(GIVEN), 2)])
        names.setdefault(rng.choice(SURNAMES) + (given if rng.random() < 0.7 else given[0]), None)
    return list(names)


@dataclass
class CorpusFacts:
    """What the query set needs from the corpus: some doc and index numbers that exist."""

    doc_numbers: list[str]
    index_numbers: list[str]
    names: list[str]


def generate(count: int, *, seed: int = 20250101) -> tuple[list[SearchDocument], CorpusFacts]:
    rng = random.Random(seed)
    names = person_names()
    start = datetime(2015, 1, 1, 8, 0, tzinfo=SHANGHAI)
    span_minutes = 11 * 365 * 24 * 60
    serials: dict[tuple[str, int], int] = {}
    doc_numbers: list[str] = []
    index_numbers: list[str] = []
    documents: list[SearchDocument] = []
    for i in range(1, count + 1):
        agency_index = rng.randrange(len(AGENCIES))
        agency, code_word = AGENCIES[agency_index]
        place = rng.choice(PLACES)
        topics = rng.sample(TOPICS, rng.choice([1, 1, 2, 2, 3]))
        published = start + timedelta(minutes=rng.randrange(span_minutes))
        year = published.year
        kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
        action = rng.choice(ACTIONS)
        title_pattern = rng.randrange(5)
        if title_pattern == 0:
            title = f"关于{action}{topics[0]}工作的{rng.choice(KINDS_OF_TEXT)}"
        elif title_pattern == 1:
            title = f"{place}{topics[0]}{rng.choice(KINDS_OF_TEXT)}（{year}年）"
        elif title_pattern == 2:
            title = f"{agency}召开{topics[0]}工作会议"
        elif title_pattern == 3:
            title = f"{rng.choice(names)}{rng.choice(ROLES)}调研{topics[0]}工作"
        else:
            title = f"{place}{action}{topics[0]}"
        sentences: list[str] = []
        for _ in range(rng.randint(10, 26)):
            if rng.random() < 0.55:
                sentences.append(
                    rng.choice(TOPIC_SENTENCES).format(
                        place=rng.choice(PLACES),
                        action=rng.choice(ACTIONS),
                        topic=rng.choice(topics),
                        month=rng.randint(1, 12),
                        num=rng.randint(10, 90000),
                        num2=rng.randint(100, 500000),
                        num3=rng.randint(1, 300),
                        num4=rng.randint(1, 900),
                        agency=agency,
                        name=rng.choice(names),
                        role=rng.choice(ROLES),
                    )
                )
            else:
                sentences.append(rng.choice(FILLER))
        doc_number = ""
        index_number = ""
        if kind in ("disclosure.item", "office.document") or rng.random() < 0.2:
            serial = serials.get((code_word, year), 0) + 1
            serials[(code_word, year)] = serial
            doc_number = f"{code_word}〔{year}〕{serial}号"
            index_number = f"11230700MB{agency_index:07d}/{year}-{serial:05d}"
            if rng.random() < 0.01:
                doc_numbers.append(doc_number)
                index_numbers.append(index_number)
            if rng.random() < 0.3:
                sentences.insert(0, f"现将《{title}》（{doc_number}）印发给你们，请认真贯彻执行。")
        documents.append(
            SearchDocument(
                kind=kind,
                object_id=str(i),
                title=title,
                body="".join(sentences),
                url=f"/content/{i}/",
                public=rng.random() < 0.9,
                agency_id=agency_index + 1,
                site=rng.choice(SITES),
                column=rng.choice(COLUMNS),
                published_at=published,
                doc_number=doc_number,
                index_number=index_number,
                keywords=tuple(topics),
            )
        )
    return documents, CorpusFacts(doc_numbers=doc_numbers, index_numbers=index_numbers, names=names)


@dataclass(frozen=True)
class BenchQuery:
    category: str
    text: str
    sort: str = "relevance"
    filtered: bool = False


def query_set(facts: CorpusFacts, *, seed: int = 99) -> list[BenchQuery]:
    rng = random.Random(seed)
    two = [
        "林业",
        "供暖",
        "防火",
        "低保",
        "旅游",
        "教育",
        "医保",
        "就业",
        "招商",
        "养老",
        "交通",
        "伊春",
        "工作",
        "会议",
    ]
    four = [
        "森林防火",
        "营商环境",
        "政务服务",
        "冬季供暖",
        "乡村振兴",
        "安全生产",
        "生态保护",
        "项目建设",
        "垃圾分类",
        "林下经济",
        "一网通办",
        "森林康养",
        "冰雪旅游",
        "民生实事",
    ]
    phrases = [
        "最低生活保障",
        "优化营商环境",
        "森林防火工作",
        "冬季供暖 伊春市",
        "政务服务 一网通办",
        "放管服改革",
        "森林资源管护",
        "营商环境 政务服务",
        "伊春市 林业产业",
        "关于做好冬季供暖工作的通知",
    ]
    names = rng.sample(facts.names, 20)
    queries: list[BenchQuery] = []
    queries += [BenchQuery("2-char", q) for q in two]
    queries += [BenchQuery("4-char", q) for q in four]
    queries += [BenchQuery("phrase", q) for q in phrases]
    queries += [BenchQuery("name", q) for q in names]
    queries += [BenchQuery("doc_number", q) for q in rng.sample(facts.doc_numbers, min(20, len(facts.doc_numbers)))]
    queries += [
        BenchQuery("index_number", q) for q in rng.sample(facts.index_numbers, min(10, len(facts.index_numbers)))
    ]
    queries += [BenchQuery("by_date", q, sort="date") for q in four[:8]]
    queries += [BenchQuery("filtered", q, filtered=True) for q in two[:6] + four[:6]]
    return queries
