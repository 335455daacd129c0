"""A submission is checked on the server: posted strings coerced to the schema's types, and every
error one clear Chinese message under its field (必填, 长度, 格式, 取值范围, 选项)."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import QueryDict

from ..forms_engine import validate
from ..forms_engine.prefill import PrefilledValue
from .forms_support import sample_definition

VALID_ID = "11010519491231002X"
VALID_USCC = "91350100M000100Y43"


def _valid_post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "applicant_name": "王秀兰",
        "id_number": VALID_ID,
        "mobile": "13845801234",
        "household_size": "3",
        "reason": "家中有重病患者，收入不足以维持基本生活。",
        "gender": "female",
        "agree": "on",
    }
    data.update(overrides)
    return data


def _query(data: dict[str, Any]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in data.items():
        if isinstance(value, list):
            query.setlist(key, value)
        else:
            query[key] = value
    return query


def test_a_valid_submission_is_coerced_to_the_schema_types() -> None:
    cleaned, errors = validate(
        sample_definition(),
        _query(_valid_post(monthly_income="1200.50", hardships=["illness", "elderly"], bank="icbc")),
    )
    assert errors == {}
    assert cleaned["household_size"] == 3
    assert cleaned["monthly_income"] == 1200.5
    assert cleaned["hardships"] == ["illness", "elderly"]
    assert cleaned["agree"] is True
    assert "email" not in cleaned  # an optional field left empty is absent


def test_posted_keys_outside_the_schema_are_dropped() -> None:
    cleaned, errors = validate(sample_definition(), _valid_post(csrfmiddlewaretoken="x", is_admin="1"))
    assert errors == {}
    assert "csrfmiddlewaretoken" not in cleaned and "is_admin" not in cleaned


def test_missing_required_fields_say_fill_in_choose_or_tick() -> None:
    _, errors = validate(sample_definition(), {})
    assert errors["applicant_name"] == ["请填写“申请人姓名”。"]
    assert errors["gender"] == ["请选择“性别”。"]
    assert errors["agree"] == ["请勾选“本人承诺所填信息真实有效”。"]


def test_a_field_of_only_spaces_counts_as_missing() -> None:
    _, errors = validate(sample_definition(), _valid_post(applicant_name="   "))
    assert errors == {"applicant_name": ["请填写“申请人姓名”。"]}


def test_length_limits_give_the_count() -> None:
    _, errors = validate(sample_definition(), _valid_post(reason="太难了"))
    assert errors == {"reason": ["“申请理由”至少要填 5 个字（现为 3 个字）。"]}
    _, errors = validate(sample_definition(), _valid_post(reason="难" * 201))
    assert errors == {"reason": ["“申请理由”不能超过 200 个字（现为 201 个字）。"]}


def test_numbers_outside_the_range_name_the_limit() -> None:
    _, errors = validate(sample_definition(), _valid_post(household_size="0", monthly_income="-5"))
    assert errors == {
        "household_size": ["“家庭人口”不能小于 1。"],
        "monthly_income": ["“家庭月收入（元）”不能小于 0。"],
    }
    _, errors = validate(sample_definition(), _valid_post(household_size="21"))
    assert errors == {"household_size": ["“家庭人口”不能大于 20。"]}


def test_text_in_a_number_field_asks_for_a_number() -> None:
    _, errors = validate(sample_definition(), _valid_post(household_size="三", monthly_income="1,000"))
    assert errors == {
        "household_size": ["“家庭人口”请填写整数。"],
        "monthly_income": ["“家庭月收入（元）”请填写数字。"],
    }


def test_a_value_not_among_the_choices_is_refused() -> None:
    _, errors = validate(sample_definition(), _query(_valid_post(gender="other", hardships=["illness", "rich"])))
    assert errors == {"gender": ["“性别”请从给出的选项中选择。"], "hardships": ["“困难情形”请从给出的选项中选择。"]}


def test_a_multi_choice_with_too_few_choices_is_refused() -> None:
    definition = sample_definition()
    definition["schema"]["properties"]["hardships"]["minItems"] = 2
    _, errors = validate(definition, _query(_valid_post(hardships=["illness"])))
    assert errors == {"hardships": ["“困难情形”至少要选 2 项。"]}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id_number", "110105194912310021", "请填写有效的 18 位居民身份证号码（出生日期或校验位不符）。"),
        ("id_number", "11010519491331002X", "请填写有效的 18 位居民身份证号码（出生日期或校验位不符）。"),
        ("mobile", "23845801234", "请填写 11 位手机号码，例如 13800000000。"),
        ("mobile", "1384580123", "请填写 11 位手机号码，例如 13800000000。"),
        ("uscc", "91350100M000100Y44", "请填写有效的 18 位统一社会信用代码（校验位不符）。"),
        ("division", "2307", "请填写 6 位行政区划代码，例如 230702。"),
        ("division", "990702", "请填写 6 位行政区划代码，例如 230702。"),
        ("birth_date", "2026-02-30", "请按“年-月-日”填写有效日期，例如 2026-03-01。"),
        ("birth_date", "2026/03/01", "请按“年-月-日”填写有效日期，例如 2026-03-01。"),
        ("email", "wang@", "请填写有效的电子邮箱地址，例如 name@example.cn。"),
    ],
)
def test_each_platform_format_is_checked(field: str, value: str, message: str) -> None:
    definition = sample_definition()
    title = definition["schema"]["properties"][field]["title"]
    _, errors = validate(definition, _valid_post(**{field: value}))
    assert errors == {field: [f"“{title}”：{message}"]}


@pytest.mark.parametrize(
    ("field", "value", "cleaned_value"),
    [
        ("id_number", "11010519491231002x", VALID_ID),
        ("mobile", "138 4580 1234", "13845801234"),
        ("uscc", VALID_USCC.lower(), VALID_USCC),
        ("division", "230702", "230702"),
        ("birth_date", "1949-12-31", "1949-12-31"),
        ("email", "wang@yc.gov.cn", "wang@yc.gov.cn"),
    ],
)
def test_valid_formats_pass_in_their_normal_form(field: str, value: str, cleaned_value: str) -> None:
    cleaned, errors = validate(sample_definition(), _valid_post(**{field: value}))
    assert errors == {}
    assert cleaned[field] == cleaned_value


def test_a_pattern_mismatch_shows_the_fields_help() -> None:
    definition = sample_definition()
    definition["schema"]["properties"]["reason"].update(pattern="^[^0-9]*$", description="请不要填写数字。")
    _, errors = validate(definition, _valid_post(reason="家里有 3 口人生活困难"))
    assert errors == {"reason": ["“申请理由”的格式不正确（请不要填写数字。）。"]}


def test_integer_choices_are_coerced() -> None:
    definition = sample_definition()
    definition["schema"]["properties"]["floor"] = {
        "type": "integer",
        "title": "楼层",
        "oneOf": [{"const": 1, "title": "一层"}, {"const": 2, "title": "二层"}],
    }
    definition["layout"]["sections"][1]["fields"].append("floor")
    cleaned, errors = validate(definition, _valid_post(floor="2"))
    assert errors == {} and cleaned["floor"] == 2
    _, errors = validate(definition, _valid_post(floor="3"))
    assert errors == {"floor": ["“楼层”请从给出的选项中选择。"]}


def test_a_prefilled_field_takes_the_platforms_value_never_the_posted_one() -> None:
    cleaned, errors = validate(
        sample_definition(),
        _valid_post(applicant_name="冒名者", id_number="bad"),
        prefilled={"applicant_name": PrefilledValue("王秀兰"), "id_number": PrefilledValue(VALID_ID)},
    )
    assert errors == {}
    assert cleaned["applicant_name"] == "王秀兰"
    assert cleaned["id_number"] == VALID_ID


def test_a_prefilled_field_without_a_value_is_asked_as_usual() -> None:
    _, errors = validate(sample_definition(), _valid_post(applicant_name=""), prefilled={"applicant_name": ""})
    assert errors == {"applicant_name": ["请填写“申请人姓名”。"]}


def test_refused_fields_are_left_out_of_cleaned() -> None:
    cleaned, errors = validate(sample_definition(), _valid_post(mobile="123"))
    assert "mobile" in errors and "mobile" not in cleaned


def test_values_of_the_wrong_type_from_a_json_body_are_refused_per_field() -> None:
    _, errors = validate(sample_definition(), _valid_post(applicant_name=12, household_size=True))
    assert errors["applicant_name"] == ["“申请人姓名”填写有误。"]
    assert errors["household_size"] == ["“家庭人口”请填写整数。"]
