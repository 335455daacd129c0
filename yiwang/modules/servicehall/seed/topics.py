"""主题 and 人生事件 / 企业生命周期 to browse the catalogue by, for 个人 and 法人 — the lists the
national 一体化平台 uses, as 黑龙江全省事项通办 shows them."""

from __future__ import annotations

from .types import Topic

P, L = "person", "legal_person"

TOPICS: tuple[Topic, ...] = (
    Topic("hukou", "户籍办理", P),
    Topic("social-security", "社会保障", P),
    Topic("employment", "就业创业", P),
    Topic("medical-insurance", "医疗保险", P),
    Topic("social-assistance", "社会救助", P),
    Topic("elderly", "养老服务", P),
    Topic("marriage", "婚姻登记", P),
    Topic("education", "教育科研", P),
    Topic("housing-property", "住房保障与不动产", P),
    Topic("forestry-person", "林业服务", P),
    Topic("tax-person", "纳税缴费", P),
    Topic("market-entry", "市场准入", L),
    Topic("construction", "投资审批与工程建设", L),
    Topic("food-safety", "食品药品", L),
    Topic("transport", "交通运输", L),
    Topic("environment", "环境保护", L),
    Topic("agriculture", "农林牧渔", L),
    Topic("trade", "商务贸易", L),
    Topic("culture-tourism", "文化旅游", L),
    Topic("health", "医疗卫生", L),
    Topic("tax", "税收财务", L),
    Topic("employment-hr", "人力资源与社保", L),
)

LIFE_EVENTS: tuple[Topic, ...] = (
    Topic("birth", "生育收养", P),
    Topic("schooling", "入学教育", P),
    Topic("work", "就业工作", P),
    Topic("marriage-family", "婚姻家庭", P),
    Topic("residence", "户籍迁移与证件", P),
    Topic("housing", "住房置业", P),
    Topic("hardship", "困难救助", P),
    Topic("retirement", "退休养老", P),
    Topic("medical", "看病就医", P),
    Topic("start-business", "开办企业", L),
    Topic("project-construction", "工程建设", L),
    Topic("operation", "经营纳税", L),
    Topic("qualification", "资质认定", L),
    Topic("hiring", "用工招聘", L),
    Topic("change-close", "变更注销", L),
)
