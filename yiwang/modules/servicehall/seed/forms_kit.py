"""Builders for application forms in the shared format (JSON Schema draft 2020-12, flat, plus layout).

`form(section(...), ...)` assembles the schema's properties and `required`, the layout's sections and
widgets, so each item's form in the seed reads as its sections and fields. The common sections (the
applicant as a person or as an enterprise, the declaration) prefill what the platform holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .types import FormDefinition


@dataclass(frozen=True)
class Field:
    name: str
    prop: dict[str, Any]
    required: bool = True
    widget: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    fields: tuple[Field, ...]
    description: str = ""


def _prop(kind: str, title: str, description: str, prefill: str, **constraints: Any) -> dict[str, Any]:
    prop: dict[str, Any] = {"type": kind, "title": title}
    if description:
        prop["description"] = description
    prop.update({key: value for key, value in constraints.items() if value is not None})
    if prefill:
        prop["x-prefill"] = prefill
    return prop


def text(
    name: str,
    title: str,
    *,
    description: str = "",
    prefill: str = "",
    fmt: str | None = None,
    max_length: int | None = 100,
    min_length: int | None = None,
    pattern: str | None = None,
    required: bool = True,
    textarea: bool = False,
) -> Field:
    prop = _prop(
        "string", title, description, prefill, minLength=min_length, maxLength=max_length, pattern=pattern, format=fmt
    )
    return Field(name, prop, required, "textarea" if textarea else "")


def date(name: str, title: str, *, description: str = "", required: bool = True) -> Field:
    return Field(name, _prop("string", title, description, "", format="date"), required)


def integer(
    name: str,
    title: str,
    *,
    minimum: int | None = 0,
    maximum: int | None = None,
    description: str = "",
    required: bool = True,
) -> Field:
    return Field(name, _prop("integer", title, description, "", minimum=minimum, maximum=maximum), required)


def number(
    name: str,
    title: str,
    *,
    minimum: float | None = 0,
    maximum: float | None = None,
    description: str = "",
    required: bool = True,
) -> Field:
    return Field(name, _prop("number", title, description, "", minimum=minimum, maximum=maximum), required)


def boolean(name: str, title: str, *, description: str = "", required: bool = False) -> Field:
    return Field(name, _prop("boolean", title, description, ""), required)


def choice(
    name: str,
    title: str,
    options: list[tuple[str, str]],
    *,
    description: str = "",
    required: bool = True,
    widget: str = "",
) -> Field:
    prop = _prop("string", title, description, "")
    prop["oneOf"] = [{"const": const, "title": label} for const, label in options]
    return Field(name, prop, required, widget)


def multi(
    name: str,
    title: str,
    options: list[tuple[str, str]],
    *,
    description: str = "",
    min_items: int | None = 1,
    required: bool = True,
) -> Field:
    prop = _prop("array", title, description, "")
    prop["items"] = {"oneOf": [{"const": const, "title": label} for const, label in options]}
    prop["uniqueItems"] = True
    if min_items is not None:
        prop["minItems"] = min_items
    return Field(name, prop, required, "checkboxes")


def section(title: str, *fields: Field, description: str = "") -> Section:
    return Section(title, fields, description)


def form(*sections: Section) -> FormDefinition:
    properties: dict[str, Any] = {}
    required: list[str] = []
    widgets: dict[str, str] = {}
    layout_sections: list[dict[str, Any]] = []
    for sec in sections:
        names = []
        for f in sec.fields:
            if f.name in properties:
                raise ValueError(f"表单字段“{f.name}”重复")
            properties[f.name] = f.prop
            names.append(f.name)
            if f.required:
                required.append(f.name)
            if f.widget:
                widgets[f.name] = f.widget
        entry: dict[str, Any] = {"title": sec.title, "fields": names}
        if sec.description:
            entry["description"] = sec.description
        layout_sections.append(entry)
    schema = {"type": "object", "properties": properties, "required": required}
    return FormDefinition(schema=schema, layout={"sections": layout_sections, "widgets": widgets})


# ---- the common sections ------------------------------------------------------------------------


def person_applicant(*, title: str = "申请人信息", address: bool = True) -> Section:
    fields = [
        text("applicant_name", "姓名", prefill="profile.display_name", max_length=50),
        text("applicant_id_number", "公民身份号码", prefill="profile.id_number", fmt="cn-id", max_length=18),
        text("applicant_phone", "联系电话", prefill="profile.phone", fmt="cn-mobile", max_length=11),
    ]
    if address:
        fields.append(text("applicant_address", "现居住地址", prefill="profile.address", max_length=200))
    return section(title, *fields, description="已登录的，从您的实名信息带出，无需再填。")


def enterprise_applicant(*, title: str = "申请单位信息") -> Section:
    return section(
        title,
        text("unit_name", "单位名称", prefill="certificate.business_licence.name", max_length=100),
        text("unit_uscc", "统一社会信用代码", prefill="profile.uscc", fmt="cn-uscc", max_length=18),
        text("legal_representative", "法定代表人（负责人）", prefill="profile.legal_representative", max_length=50),
        text("unit_address", "住所（经营场所）", prefill="certificate.business_licence.address", max_length=200),
        text("contact_name", "经办人姓名", max_length=50),
        text("contact_phone", "经办人手机号码", prefill="profile.phone", fmt="cn-mobile", max_length=11),
        description="单位信息从营业执照电子证照和单位实名信息带出。",
    )


def declaration(
    text_: str = "本人（单位）承诺所填信息和提交的材料真实、准确、完整，如有虚假，愿承担相应法律责任。",
) -> Section:
    return section("承诺", boolean("declaration", text_, required=True))


def division(name: str = "division", title: str = "所在区（县、市）") -> Field:
    return choice(
        name,
        title,
        [
            ("230717", "伊美区"),
            ("230718", "乌翠区"),
            ("230719", "友好区"),
            ("230751", "金林区"),
            ("230781", "铁力市"),
            ("230722", "嘉荫县"),
            ("230723", "汤旺县"),
            ("230724", "丰林县"),
            ("230725", "大箐山县"),
            ("230726", "南岔县"),
        ],
        widget="select",
    )
