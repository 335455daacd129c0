"""Checks that a form definition (schema plus layout) obeys the shared format — 表单定义校验.

The format (shared with the seed, `seed/forms_kit.py`; do not change it without both sides):

- **schema**: JSON Schema draft 2020-12, `{"type": "object", "properties": {...}, "required": [...]}`,
  flat. Each property has a `type` (string, integer, number, boolean, or array for multi-choice with
  `"items": {"oneOf": [...]}` and `"uniqueItems": true`), a Chinese `title`, an optional `description`
  (help text), constraints (minLength, maxLength, pattern, minimum, maximum, minItems, maxItems), a
  `format` (date, email, cn-id, cn-mobile, cn-uscc, cn-division), single choice as
  `"oneOf": [{"const": …, "title": …}]`, and an optional `x-prefill` (`profile.<attribute>` or
  `certificate.<type code>.<field>`).
- **layout**: `{"sections": [{"title", "description"?, "fields": [...]}], "widgets": {field: textarea |
  radio | select | checkboxes}}`; every property in exactly one section. Default widgets: text input;
  select for a oneOf (radio when ≤ 4 choices); one checkbox for a boolean; checkboxes for an array;
  numeric input for integer/number; date input for format date.

Every problem is reported, in Chinese, naming the field, so an administrator fixes a whole definition
in one pass.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

__all__ = [
    "FORMATS",
    "PROFILE_PREFILL_KEYS",
    "WIDGETS",
    "check_definition",
    "choices_of",
    "default_widget",
]

TYPES = {"string", "integer", "number", "boolean", "array"}
TYPE_LABELS = {"string": "文本", "integer": "整数", "number": "数字", "boolean": "是/否", "array": "多选"}
FORMATS = {"date", "email", "cn-id", "cn-mobile", "cn-uscc", "cn-division"}
WIDGETS = {"textarea", "radio", "select", "checkboxes"}
PROFILE_PREFILL_KEYS = {
    "display_name",
    "id_number",
    "phone",
    "email",
    "address",
    "uscc",
    "legal_representative",
}
PROPERTY_KEYS = {
    "type",
    "title",
    "description",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "minItems",
    "maxItems",
    "format",
    "oneOf",
    "items",
    "uniqueItems",
    "x-prefill",
    "default",
}
# Which constraints make sense for which type.
CONSTRAINTS = {
    "minLength": {"string"},
    "maxLength": {"string"},
    "pattern": {"string"},
    "format": {"string"},
    "minimum": {"integer", "number"},
    "maximum": {"integer", "number"},
    "minItems": {"array"},
    "maxItems": {"array"},
    "items": {"array"},
    "uniqueItems": {"array"},
    "oneOf": {"string", "integer"},
}
RADIO_MAX_CHOICES = 4
PREFILL_RE = re.compile(r"^(?P<source>[a-z_]+)\.(?P<rest>[A-Za-z0-9_.]+)$")
CERTIFICATE_PREFILL_RE = re.compile(r"^certificate\.[a-z0-9_]+\.[A-Za-z0-9_]+$")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def choices_of(prop: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The `[{"const", "title"}, …]` choices of a single-choice or multi-choice property, else None."""
    if prop.get("type") == "array":
        items = prop.get("items")
        return items.get("oneOf") if isinstance(items, dict) else None
    return prop.get("oneOf")


def default_widget(prop: dict[str, Any]) -> str:
    """The widget a property gets when the layout names none."""
    kind = prop.get("type")
    if kind == "array":
        return "checkboxes"
    if kind == "boolean":
        return "checkbox"
    choices = choices_of(prop)
    if choices is not None:
        return "radio" if len(choices) <= RADIO_MAX_CHOICES else "select"
    if kind in {"integer", "number"}:
        return "number"
    if prop.get("format") == "date":
        return "date"
    return "text"


def _check_choices(name: str, label: str, choices: Any, value_type: str, errors: list[str]) -> None:
    if not isinstance(choices, list) or not choices:
        errors.append(f"字段“{label}”（{name}）的选项（oneOf）必须是非空列表。")
        return
    seen: set[Any] = set()
    for index, choice in enumerate(choices, start=1):
        if not isinstance(choice, dict) or set(choice) - {"const", "title"} or "const" not in choice:
            errors.append(f'字段“{label}”（{name}）的第 {index} 个选项必须写成 {{"const": 值, "title": "名称"}}。')
            continue
        const = choice["const"]
        if value_type == "string" and not isinstance(const, str):
            errors.append(f"字段“{label}”（{name}）的第 {index} 个选项的值必须是文本。")
        elif value_type == "integer" and not _is_int(const):
            errors.append(f"字段“{label}”（{name}）的第 {index} 个选项的值必须是整数。")
        elif value_type not in {"string", "integer"}:
            errors.append(f"字段“{label}”（{name}）的选项值只能是文本或整数。")
        if not isinstance(choice.get("title"), str) or not choice["title"].strip():
            errors.append(f"字段“{label}”（{name}）的第 {index} 个选项缺少中文名称（title）。")
        if isinstance(const, str | int) and const in seen:
            errors.append(f"字段“{label}”（{name}）的选项值“{const}”重复。")
        if isinstance(const, str | int):
            seen.add(const)


def _check_property(name: str, prop: Any, errors: list[str]) -> None:
    if not isinstance(prop, dict):
        errors.append(f"字段 {name} 的定义必须是一个对象。")
        return
    title = prop.get("title")
    label = title if isinstance(title, str) and title.strip() else name
    if not isinstance(title, str) or not title.strip():
        errors.append(f"字段 {name} 缺少中文名称（title）。")
    if "description" in prop and not isinstance(prop["description"], str):
        errors.append(f"字段“{label}”（{name}）的说明（description）必须是文本。")
    kind = prop.get("type")
    if kind == "object":
        errors.append(f"字段“{label}”（{name}）不能是嵌套对象：表单只支持一层字段。")
        return
    if kind not in TYPES:
        errors.append(f"字段“{label}”（{name}）的类型（type）必须是 string、integer、number、boolean 或 array 之一。")
        return
    unknown = sorted(set(prop) - PROPERTY_KEYS)
    if unknown:
        errors.append(f"字段“{label}”（{name}）含有不支持的属性：{'、'.join(unknown)}。")
    for key, types in CONSTRAINTS.items():
        if key in prop and kind not in types:
            errors.append(f"字段“{label}”（{name}）是{TYPE_LABELS[kind]}类型，不能使用 {key}。")
    for key in ("minLength", "maxLength", "minItems", "maxItems"):
        if key in prop and (not _is_int(prop[key]) or prop[key] < 0):
            errors.append(f"字段“{label}”（{name}）的 {key} 必须是不小于 0 的整数。")
    for key in ("minimum", "maximum"):
        if key in prop and not _is_number(prop[key]):
            errors.append(f"字段“{label}”（{name}）的 {key} 必须是数字。")
    for low, high in (("minLength", "maxLength"), ("minimum", "maximum"), ("minItems", "maxItems")):
        if _is_number(prop.get(low)) and _is_number(prop.get(high)) and prop[low] > prop[high]:
            errors.append(f"字段“{label}”（{name}）的 {low} 不能大于 {high}。")
    if "pattern" in prop:
        try:
            re.compile(prop["pattern"])
        except (re.error, TypeError):
            errors.append(f"字段“{label}”（{name}）的正则表达式（pattern）写法有误。")
    if "format" in prop and prop["format"] not in FORMATS:
        errors.append(
            f"字段“{label}”（{name}）的格式（format）“{prop['format']}”不受支持，可用：{'、'.join(sorted(FORMATS))}。"
        )
    if "oneOf" in prop:
        _check_choices(name, label, prop["oneOf"], kind, errors)
    if kind == "array":
        items = prop.get("items")
        if not isinstance(items, dict) or "oneOf" not in items or set(items) - {"oneOf", "type"}:
            errors.append(f"字段“{label}”（{name}）是多选，必须用 items.oneOf 列出选项。")
        else:
            item_type = items.get("type") or (
                "integer" if all(_is_int(c.get("const")) for c in items["oneOf"] if isinstance(c, dict)) else "string"
            )
            _check_choices(name, label, items["oneOf"], item_type, errors)
        if prop.get("uniqueItems") is not True:
            errors.append(f'字段“{label}”（{name}）是多选，必须写明 "uniqueItems": true。')
    if "x-prefill" in prop:
        _check_prefill(name, label, prop["x-prefill"], errors)


def _check_prefill(name: str, label: str, key: Any, errors: list[str]) -> None:
    if not isinstance(key, str) or not PREFILL_RE.match(key):
        errors.append(f"字段“{label}”（{name}）的预填来源（x-prefill）写法有误。")
        return
    source, _, rest = key.partition(".")
    if source == "profile":
        if rest not in PROFILE_PREFILL_KEYS:
            errors.append(
                f"字段“{label}”（{name}）的预填来源“{key}”不存在，"
                f"实名信息可用：{'、'.join('profile.' + k for k in sorted(PROFILE_PREFILL_KEYS))}。"
            )
    elif source == "certificate":
        if not CERTIFICATE_PREFILL_RE.match(key):
            errors.append(f"字段“{label}”（{name}）的预填来源应写成 certificate.<证照类型代码>.<字段>。")
    else:
        errors.append(f"字段“{label}”（{name}）的预填来源“{source}”不受支持，只能是 profile 或 certificate。")


def _check_layout(layout: Any, properties: dict[str, Any], errors: list[str]) -> None:
    if not isinstance(layout, dict):
        errors.append('布局必须是一个对象：{"sections": [...], "widgets": {...}}。')
        return
    unknown = sorted(set(layout) - {"sections", "widgets"})
    if unknown:
        errors.append(f"布局含有不支持的属性：{'、'.join(unknown)}。")
    sections = layout.get("sections")
    if not isinstance(sections, list) or not sections:
        errors.append("布局至少要有一个分组（sections）。")
        sections = []
    placed: dict[str, int] = {}
    for index, section in enumerate(sections, start=1):
        if not isinstance(section, dict):
            errors.append(f"第 {index} 个分组必须是一个对象。")
            continue
        title = section.get("title")
        if not isinstance(title, str) or not title.strip():
            errors.append(f"第 {index} 个分组缺少标题（title）。")
        if "description" in section and not isinstance(section["description"], str):
            errors.append(f"第 {index} 个分组的说明（description）必须是文本。")
        extra = sorted(set(section) - {"title", "description", "fields"})
        if extra:
            errors.append(f"第 {index} 个分组含有不支持的属性：{'、'.join(extra)}。")
        fields = section.get("fields")
        if not isinstance(fields, list) or not fields:
            errors.append(f"第 {index} 个分组至少要包含一个字段（fields）。")
            continue
        for field in fields:
            if not isinstance(field, str) or field not in properties:
                errors.append(f"第 {index} 个分组中的字段 {field} 在字段定义中不存在。")
            elif field in placed:
                errors.append(f"字段“{_label(properties, field)}”（{field}）出现在多个分组中，只能放在一个分组。")
            else:
                placed[field] = index
    for field in properties:
        if field not in placed:
            errors.append(f"字段“{_label(properties, field)}”（{field}）没有放进任何分组。")
    widgets = layout.get("widgets", {})
    if not isinstance(widgets, dict):
        errors.append('布局的 widgets 必须是一个对象：{"字段": "控件"}。')
        return
    for field, widget in widgets.items():
        prop = properties.get(field)
        if not isinstance(prop, dict):
            errors.append(f"控件设置中的字段 {field} 在字段定义中不存在。")
            continue
        label = _label(properties, field)
        if widget not in WIDGETS:
            errors.append(f"字段“{label}”（{field}）的控件“{widget}”不受支持，可用：{'、'.join(sorted(WIDGETS))}。")
        elif widget == "textarea" and (prop.get("type") != "string" or "oneOf" in prop):
            errors.append(f"字段“{label}”（{field}）不是文本字段，不能用多行文本框（textarea）。")
        elif widget in {"radio", "select"} and "oneOf" not in prop:
            errors.append(f"字段“{label}”（{field}）不是单选字段，不能用 {widget}。")
        elif widget == "checkboxes" and prop.get("type") != "array":
            errors.append(f"字段“{label}”（{field}）不是多选字段，不能用复选框组（checkboxes）。")


def _label(properties: dict[str, Any], field: str) -> str:
    prop = properties.get(field)
    title = prop.get("title") if isinstance(prop, dict) else None
    return title if isinstance(title, str) and title.strip() else field


def check_definition(schema: Any, layout: Any) -> None:
    """Raise `ValidationError({"schema": [...], "layout": [...]})` listing every way the definition
    breaks the format; return None when it obeys it."""
    schema_errors: list[str] = []
    layout_errors: list[str] = []
    properties: dict[str, Any] = {}
    if not isinstance(schema, dict):
        schema_errors.append('字段定义必须是一个 JSON 对象：{"type": "object", "properties": {...}}。')
    else:
        if schema.get("type") != "object":
            schema_errors.append('字段定义的 type 必须是 "object"。')
        unknown = sorted(set(schema) - {"$schema", "type", "properties", "required", "title", "description"})
        if unknown:
            schema_errors.append(f"字段定义含有不支持的属性：{'、'.join(unknown)}。")
        raw = schema.get("properties")
        if not isinstance(raw, dict) or not raw:
            schema_errors.append("字段定义至少要有一个字段（properties）。")
        else:
            properties = raw
            for name, prop in raw.items():
                if not re.match(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$", name):
                    schema_errors.append(f"字段名 {name} 只能由字母、数字和下划线组成，并以字母或下划线开头。")
                _check_property(name, prop, schema_errors)
        required = schema.get("required", [])
        if not isinstance(required, list):
            schema_errors.append("必填字段（required）必须是字段名的列表。")
        else:
            for name in required:
                if not isinstance(name, str) or name not in properties:
                    schema_errors.append(f"必填字段 {name} 在字段定义中不存在。")
            if len(set(map(str, required))) != len(required):
                schema_errors.append("必填字段（required）中有重复的字段名。")
        if not schema_errors:
            try:
                Draft202012Validator.check_schema(schema)
            except SchemaError as exc:
                schema_errors.append(f"字段定义不是有效的 JSON Schema：{exc.message}")
    _check_layout(layout, properties, layout_errors)
    errors = {key: value for key, value in (("schema", schema_errors), ("layout", layout_errors)) if value}
    if errors:
        raise ValidationError(errors)
