"""Server-side validation of a submitted form — 表单提交校验.

The posted strings are coerced to the schema's types, then checked against the schema with
`jsonschema` (draft 2020-12) and the platform's formats (cn-id, cn-mobile, cn-uscc, cn-division, date,
email). Every error becomes one clear Chinese message under its field: 必填, 长度, 格式, 取值范围, 选项.
Prefilled fields take the platform's value and ignore whatever was posted for them.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from jsonschema import Draft202012Validator, FormatChecker
from stdnum.cn import ric, uscc

from .definition import choices_of
from .prefill import value_of

__all__ = ["FORMAT_MESSAGES", "format_checker", "validate_submission"]

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DIVISION_RE = re.compile(r"^\d{6}$")
# GB/T 2260: the first two digits are a province-level division.
PROVINCE_CODES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    "71", "81", "82",
}  # fmt: skip
TRUE_STRINGS = {"on", "true", "1", "yes"}
FALSE_STRINGS = {"", "off", "false", "0", "no"}

FORMAT_MESSAGES = {
    "date": "请按“年-月-日”填写有效日期，例如 2026-03-01。",
    "email": "请填写有效的电子邮箱地址，例如 name@example.cn。",
    "cn-id": "请填写有效的 18 位居民身份证号码（出生日期或校验位不符）。",
    "cn-mobile": "请填写 11 位手机号码，例如 13800000000。",
    "cn-uscc": "请填写有效的 18 位统一社会信用代码（校验位不符）。",
    "cn-division": "请填写 6 位行政区划代码，例如 230702。",
}


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not DATE_RE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_email(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _is_cn_id(value: object) -> bool:
    return not isinstance(value, str) or (len(value) == 18 and ric.is_valid(value))


def _is_cn_mobile(value: object) -> bool:
    return not isinstance(value, str) or bool(MOBILE_RE.match(value))


def _is_cn_uscc(value: object) -> bool:
    return not isinstance(value, str) or uscc.is_valid(value)


def _is_cn_division(value: object) -> bool:
    return not isinstance(value, str) or (bool(DIVISION_RE.match(value)) and value[:2] in PROVINCE_CODES)


def format_checker() -> FormatChecker:
    """A checker that knows exactly the format's formats (no others, so none is silently skipped)."""
    checker = FormatChecker(formats=())
    for name, check in (
        ("date", _is_date),
        ("email", _is_email),
        ("cn-id", _is_cn_id),
        ("cn-mobile", _is_cn_mobile),
        ("cn-uscc", _is_cn_uscc),
        ("cn-division", _is_cn_division),
    ):
        checker.checks(name)(check)
    return checker


_CHECKER = format_checker()


def _posted(data: Any, name: str, *, many: bool) -> Any:
    """What was posted for `name`: a list for a multi-choice, else one string (or None)."""
    if data is None:
        return [] if many else None
    if many:
        if hasattr(data, "getlist"):
            return data.getlist(name)
        value = data.get(name)
        if value is None:
            return []
        return list(value) if isinstance(value, list | tuple) else [value]
    value = data.get(name)
    if isinstance(value, list | tuple):  # a dict of lists from a parsed body
        value = value[-1] if value else None
    return value


def _normalise_text(value: str, fmt: str | None) -> str:
    value = value.strip()
    if fmt in {"cn-id", "cn-uscc"}:
        return re.sub(r"\s+", "", value).upper()
    if fmt == "cn-mobile":
        return re.sub(r"[\s\-]", "", value)
    return value


def _coerce_scalar(value: Any, kind: str) -> Any:
    """One posted value as the schema type; raises ValueError when it cannot be."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", text):
            raise ValueError
        return int(text)
    if kind == "number":
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
            raise ValueError
        number = float(text)
        return int(number) if number.is_integer() and "." not in text else number
    return text


def _label(prop: dict[str, Any], name: str) -> str:
    return str(prop.get("title") or name)


def _required_message(prop: dict[str, Any], name: str) -> str:
    label = _label(prop, name)
    if prop.get("type") == "boolean":
        return f"请勾选“{label}”。"
    if choices_of(prop) is not None:
        return f"请选择“{label}”。"
    return f"请填写“{label}”。"


def _type_message(prop: dict[str, Any], name: str) -> str:
    label = _label(prop, name)
    kind = prop.get("type")
    if kind == "integer":
        return f"“{label}”请填写整数。"
    if kind == "number":
        return f"“{label}”请填写数字。"
    return f"“{label}”填写有误。"


def _number_text(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _message(error: Any, prop: dict[str, Any], name: str) -> str:
    """The Chinese message for one jsonschema error on the field `name`."""
    label = _label(prop, name)
    keyword, limit, value = error.validator, error.validator_value, error.instance
    if keyword == "minLength":
        return f"“{label}”至少要填 {limit} 个字（现为 {len(value)} 个字）。"
    if keyword == "maxLength":
        return f"“{label}”不能超过 {limit} 个字（现为 {len(value)} 个字）。"
    if keyword == "minimum":
        return f"“{label}”不能小于 {_number_text(limit)}。"
    if keyword == "maximum":
        return f"“{label}”不能大于 {_number_text(limit)}。"
    if keyword == "minItems":
        return f"“{label}”至少要选 {limit} 项。"
    if keyword == "maxItems":
        return f"“{label}”最多只能选 {limit} 项。"
    if keyword == "uniqueItems":
        return f"“{label}”的选项有重复。"
    if keyword in {"oneOf", "const", "enum"}:
        return f"“{label}”请从给出的选项中选择。"
    if keyword == "format":
        return f"“{label}”：{FORMAT_MESSAGES.get(limit, '格式不正确。')}"
    if keyword == "pattern":
        hint = prop.get("description")
        return f"“{label}”的格式不正确{f'（{hint}）' if hint else ''}。"
    if keyword == "type":
        return _type_message(prop, name)
    return f"“{label}”填写有误。"


def validate_submission(
    definition: dict[str, Any], data: Any, *, prefilled: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Coerce and check `data` (a QueryDict or a dict) against the definition's schema.

    Returns `(cleaned, errors)`: `cleaned` holds the schema's fields only, in their types (absent
    optional fields left out, an unticked checkbox False); `errors` maps a field to its Chinese
    messages and is empty when the submission is valid. A field in `prefilled` takes that value —
    the platform's — whatever was posted."""
    schema = definition["schema"]
    properties: dict[str, dict[str, Any]] = schema.get("properties", {})
    required = set(schema.get("required", []))
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    taken: set[str] = set()  # fields whose value is the platform's

    for name, prop in properties.items():
        kind = prop.get("type")
        if name in prefilled and value_of(prefilled[name]) not in (None, ""):
            cleaned[name] = value_of(prefilled[name])
            taken.add(name)
            continue
        if kind == "array":
            item_kind = "integer" if all(isinstance(c.get("const"), int) for c in choices_of(prop) or []) else "string"
            values = [v for v in _posted(data, name, many=True) if not (isinstance(v, str) and not v.strip())]
            try:
                coerced = [_coerce_scalar(v, item_kind) for v in values]
            except ValueError:
                errors[name] = [f"“{_label(prop, name)}”请从给出的选项中选择。"]
                continue
            if coerced:
                cleaned[name] = coerced
            elif name in required:
                errors[name] = [_required_message(prop, name)]
            continue
        raw = _posted(data, name, many=False)
        if kind == "boolean":
            text = str(raw).strip().lower() if raw is not None else ""
            if isinstance(raw, bool):
                value = raw
            elif text in TRUE_STRINGS:
                value = True
            elif text in FALSE_STRINGS:
                value = False
            else:
                errors[name] = [f"“{_label(prop, name)}”填写有误。"]
                continue
            if name in required and not value:  # a required checkbox is a statement to tick (承诺)
                errors[name] = [_required_message(prop, name)]
            cleaned[name] = value
            continue
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if name in required:
                errors[name] = [_required_message(prop, name)]
            continue
        if isinstance(raw, str) and kind == "string":
            raw = _normalise_text(raw, prop.get("format"))
        try:
            cleaned[name] = _coerce_scalar(raw, kind if kind in {"integer", "number"} else "string")
        except ValueError:
            errors[name] = [_type_message(prop, name)]

    instance = {name: value for name, value in cleaned.items() if name not in taken}
    validator = Draft202012Validator({**schema, "required": []}, format_checker=_CHECKER)
    for error in validator.iter_errors(instance):
        path = list(error.absolute_path)
        if not path or path[0] not in properties or path[0] in errors:
            continue
        name = str(path[0])
        message = _message(error, properties[name], name)
        if message not in errors.get(name, []):
            errors.setdefault(name, []).append(message)
    for name in errors:
        cleaned.pop(name, None)
    return cleaned, errors
