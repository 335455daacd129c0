"""Shared helpers of the forms tests: a service item, and a definition that uses every feature of
the format (sections, choices, formats, prefill)."""

from __future__ import annotations

import copy
from typing import Any

from yiwang.core.orgs.models import Agency
from yiwang.testing.factories import AgencyFactory

from ..models import ServiceItem

_SAMPLE: dict[str, Any] = {
    "schema": {
        "type": "object",
        "properties": {
            "applicant_name": {"type": "string", "title": "申请人姓名", "x-prefill": "profile.display_name"},
            "id_number": {
                "type": "string",
                "title": "居民身份证号码",
                "format": "cn-id",
                "x-prefill": "profile.id_number",
            },
            "mobile": {"type": "string", "title": "联系电话", "format": "cn-mobile"},
            "email": {"type": "string", "title": "电子邮箱", "format": "email"},
            "birth_date": {"type": "string", "title": "出生日期", "format": "date"},
            "division": {"type": "string", "title": "户籍所在地区划代码", "format": "cn-division"},
            "uscc": {"type": "string", "title": "统一社会信用代码", "format": "cn-uscc"},
            "household_size": {
                "type": "integer",
                "title": "家庭人口",
                "minimum": 1,
                "maximum": 20,
                "description": "包括申请人本人。",
            },
            "monthly_income": {"type": "number", "title": "家庭月收入（元）", "minimum": 0},
            "reason": {"type": "string", "title": "申请理由", "minLength": 5, "maxLength": 200},
            "gender": {
                "type": "string",
                "title": "性别",
                "oneOf": [{"const": "male", "title": "男"}, {"const": "female", "title": "女"}],
            },
            "bank": {
                "type": "string",
                "title": "开户银行",
                "oneOf": [
                    {"const": "icbc", "title": "中国工商银行"},
                    {"const": "abc", "title": "中国农业银行"},
                    {"const": "boc", "title": "中国银行"},
                    {"const": "ccb", "title": "中国建设银行"},
                    {"const": "psbc", "title": "中国邮政储蓄银行"},
                ],
            },
            "hardships": {
                "type": "array",
                "title": "困难情形",
                "items": {
                    "oneOf": [
                        {"const": "illness", "title": "重病"},
                        {"const": "disability", "title": "重度残疾"},
                        {"const": "elderly", "title": "高龄"},
                    ]
                },
                "uniqueItems": True,
                "minItems": 1,
            },
            "agree": {"type": "boolean", "title": "本人承诺所填信息真实有效"},
        },
        "required": ["applicant_name", "id_number", "mobile", "household_size", "reason", "gender", "agree"],
    },
    "layout": {
        "sections": [
            {
                "title": "申请人信息",
                "description": "带 * 的为必填项。",
                "fields": [
                    "applicant_name",
                    "id_number",
                    "mobile",
                    "email",
                    "birth_date",
                    "division",
                    "uscc",
                    "gender",
                ],
            },
            {
                "title": "家庭情况",
                "fields": ["household_size", "monthly_income", "hardships", "bank", "reason", "agree"],
            },
        ],
        "widgets": {"reason": "textarea"},
    },
}


def sample_definition() -> dict[str, Any]:
    return copy.deepcopy(_SAMPLE)


def make_item(agency: Agency | None = None, code: str = "HLJ-YC-0001", **fields: Any) -> ServiceItem:
    return ServiceItem.objects.create(
        code=code,
        name=fields.pop("name", "最低生活保障"),
        item_type=fields.pop("item_type", ServiceItem.ItemType.PAYMENT),
        agency=agency or AgencyFactory(),
        **fields,
    )
