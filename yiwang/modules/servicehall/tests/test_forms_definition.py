"""The form-definition format is checked with Chinese messages that name the field."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from ..forms_engine.definition import check_definition, default_widget
from .forms_support import sample_definition


def _errors(schema: Any, layout: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        check_definition(schema, layout)
    return info.value.message_dict


def test_a_definition_in_the_shared_format_is_accepted() -> None:
    definition = sample_definition()
    check_definition(definition["schema"], definition["layout"])


def test_a_field_without_a_chinese_title_is_named_in_the_message() -> None:
    definition = sample_definition()
    del definition["schema"]["properties"]["mobile"]["title"]
    errors = _errors(definition["schema"], definition["layout"])
    assert errors["schema"] == ["字段 mobile 缺少中文名称（title）。"]


def test_nested_objects_are_refused() -> None:
    definition = sample_definition()
    definition["schema"]["properties"]["mobile"] = {"type": "object", "title": "联系方式", "properties": {}}
    errors = _errors(definition["schema"], definition["layout"])
    assert "字段“联系方式”（mobile）不能是嵌套对象：表单只支持一层字段。" in errors["schema"]


def test_an_unknown_format_lists_the_supported_ones() -> None:
    definition = sample_definition()
    definition["schema"]["properties"]["mobile"]["format"] = "phone"
    errors = _errors(definition["schema"], definition["layout"])
    assert any("“phone”不受支持" in message and "cn-mobile" in message for message in errors["schema"])


def test_a_constraint_that_does_not_fit_the_type_is_refused() -> None:
    definition = sample_definition()
    definition["schema"]["properties"]["household_size"]["maxLength"] = 3
    errors = _errors(definition["schema"], definition["layout"])
    assert "字段“家庭人口”（household_size）是整数类型，不能使用 maxLength。" in errors["schema"]


def test_a_multi_choice_must_list_unique_choices() -> None:
    definition = sample_definition()
    del definition["schema"]["properties"]["hardships"]["uniqueItems"]
    errors = _errors(definition["schema"], definition["layout"])
    assert '字段“困难情形”（hardships）是多选，必须写明 "uniqueItems": true。' in errors["schema"]


def test_a_choice_without_a_title_or_with_a_repeated_value_is_refused() -> None:
    definition = sample_definition()
    definition["schema"]["properties"]["gender"]["oneOf"] = [{"const": "male"}, {"const": "male", "title": "男"}]
    errors = _errors(definition["schema"], definition["layout"])
    assert "字段“性别”（gender）的第 1 个选项缺少中文名称（title）。" in errors["schema"]
    assert "字段“性别”（gender）的选项值“male”重复。" in errors["schema"]


def test_required_names_must_be_fields() -> None:
    definition = sample_definition()
    definition["schema"]["required"].append("spouse")
    errors = _errors(definition["schema"], definition["layout"])
    assert "必填字段 spouse 在字段定义中不存在。" in errors["schema"]


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("profile.nickname", "预填来源“profile.nickname”不存在"),
        ("certificate.business_licence", "应写成 certificate.<证照类型代码>.<字段>"),
        ("tax.income", "预填来源“tax”不受支持"),
    ],
)
def test_a_prefill_key_must_name_a_known_source(key: str, message: str) -> None:
    definition = sample_definition()
    definition["schema"]["properties"]["mobile"]["x-prefill"] = key
    errors = _errors(definition["schema"], definition["layout"])
    assert any(message in text for text in errors["schema"])


def test_a_certificate_prefill_key_is_accepted() -> None:
    definition = sample_definition()
    definition["schema"]["properties"]["uscc"]["x-prefill"] = "certificate.business_licence.uscc"
    check_definition(definition["schema"], definition["layout"])


def test_every_field_must_be_in_exactly_one_section() -> None:
    definition = sample_definition()
    sections = definition["layout"]["sections"]
    sections[0]["fields"].remove("email")
    sections[1]["fields"].append("mobile")
    errors = _errors(definition["schema"], definition["layout"])
    assert "字段“电子邮箱”（email）没有放进任何分组。" in errors["layout"]
    assert "字段“联系电话”（mobile）出现在多个分组中，只能放在一个分组。" in errors["layout"]


def test_a_section_naming_an_unknown_field_is_refused() -> None:
    definition = sample_definition()
    definition["layout"]["sections"][1]["fields"].append("spouse")
    errors = _errors(definition["schema"], definition["layout"])
    assert "第 2 个分组中的字段 spouse 在字段定义中不存在。" in errors["layout"]


def test_a_widget_must_suit_its_field() -> None:
    definition = sample_definition()
    definition["layout"]["widgets"] = {"household_size": "textarea", "mobile": "radio", "gender": "slider"}
    errors = _errors(definition["schema"], definition["layout"])
    assert "字段“家庭人口”（household_size）不是文本字段，不能用多行文本框（textarea）。" in errors["layout"]
    assert "字段“联系电话”（mobile）不是单选字段，不能用 radio。" in errors["layout"]
    assert any("控件“slider”不受支持" in message for message in errors["layout"])


def test_something_that_is_not_an_object_is_refused_in_both_parts() -> None:
    errors = _errors([], "sections")
    assert errors["schema"] and errors["layout"]


@pytest.mark.parametrize(
    ("field", "widget"),
    [
        ("applicant_name", "text"),
        ("gender", "radio"),
        ("bank", "select"),
        ("hardships", "checkboxes"),
        ("agree", "checkbox"),
        ("household_size", "number"),
        ("birth_date", "date"),
    ],
)
def test_default_widgets_follow_the_format(field: str, widget: str) -> None:
    assert default_widget(sample_definition()["schema"]["properties"][field]) == widget
