"""Accessible HTML for a form defined as data — 表单渲染.

Every control has a `<label>`; sections and choice groups are `<fieldset>`/`<legend>`; help text,
the field's errors and a prefill's source are tied to the control with `aria-describedby`; an error
summary at the top links to each refused field; `required` and `aria-invalid` are set; what the user
typed is put back on error. Prefilled fields are shown read-only, without a `name`, so nothing is
posted for them. The caller writes the `<form novalidate>`, the CSRF token and the buttons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from .definition import choices_of, default_widget
from .prefill import PROFILE_SOURCE_LABEL, PrefilledValue

__all__ = ["FieldView", "build_sections", "render_form"]

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
AUTOCOMPLETE = {
    "profile.display_name": "name",
    "profile.phone": "tel",
    "profile.email": "email",
    "profile.address": "street-address",
}
NON_FIELD_KEYS = ("__all__", "")


@dataclass
class Choice:
    value: str
    title: str
    id: str
    checked: bool


@dataclass
class FieldView:
    """What the template needs to draw one field."""

    name: str
    id: str
    label: str
    widget: str
    help: str = ""
    required: bool = False
    errors: list[str] = field(default_factory=list)
    value: str = ""
    choices: list[Choice] = field(default_factory=list)
    checked: bool = False
    input_type: str = "text"
    attrs: dict[str, Any] = field(default_factory=dict)
    prefilled: bool = False
    prefill_source: str = ""

    @property
    def help_id(self) -> str:
        return f"{self.id}-help"

    @property
    def error_id(self) -> str:
        return f"{self.id}-error"

    @property
    def source_id(self) -> str:
        return f"{self.id}-source"

    @property
    def is_group(self) -> bool:
        return self.widget in {"radio", "checkboxes"} and not self.prefilled

    @property
    def anchor(self) -> str:
        """Where the error summary links: the control, or a group's first choice."""
        return self.choices[0].id if self.is_group and self.choices else self.id

    @property
    def described_by(self) -> str:
        ids = []
        if self.help:
            ids.append(self.help_id)
        if self.prefilled:
            ids.append(self.source_id)
        if self.errors:
            ids.append(self.error_id)
        return " ".join(ids)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    return str(value)


def _posted_one(data: Any, name: str) -> Any:
    if data is None:
        return None
    value = data.get(name)
    if isinstance(value, list | tuple) and not hasattr(data, "getlist"):
        return value[-1] if value else None
    return value


def _posted_many(data: Any, name: str) -> list[str]:
    if data is None:
        return []
    if hasattr(data, "getlist"):
        return [str(v) for v in data.getlist(name)]
    value = data.get(name)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def _display(prop: dict[str, Any], value: Any) -> str:
    """A prefilled value as the applicant reads it (a choice's title, 是/否)."""
    choices = choices_of(prop) or []
    titles = {str(c.get("const")): str(c.get("title")) for c in choices if isinstance(c, dict)}
    if isinstance(value, list):
        return "、".join(titles.get(str(v), str(v)) for v in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return titles.get(str(value), _as_text(value))


def _field(
    name: str,
    prop: dict[str, Any],
    *,
    widget: str,
    required: bool,
    data: Any,
    errors: list[str],
    prefilled: Any,
    id_prefix: str,
) -> FieldView:
    view = FieldView(
        name=name,
        id=f"{id_prefix}{name}",
        label=str(prop.get("title") or name),
        widget=widget,
        help=str(prop.get("description") or ""),
        required=required,
        errors=list(errors),
    )
    if prefilled is not None:
        entry = prefilled if isinstance(prefilled, PrefilledValue) else PrefilledValue(prefilled)
        view.prefilled, view.prefill_source = True, entry.source or PROFILE_SOURCE_LABEL
        view.widget, view.value, view.errors = "readonly", _display(prop, entry.value), []
        return view
    choices = choices_of(prop)
    if choices is not None:
        picked = set(_posted_many(data, name)) if widget == "checkboxes" else {_as_text(_posted_one(data, name))}
        view.choices = [
            Choice(
                value=_as_text(choice.get("const")),
                title=str(choice.get("title") or choice.get("const")),
                id=f"{view.id}-{index}",
                checked=_as_text(choice.get("const")) in picked,
            )
            for index, choice in enumerate(choices, start=1)
        ]
        return view
    raw = _posted_one(data, name)
    if widget == "checkbox":
        view.checked = raw is True or _as_text(raw).strip().lower() in {"on", "true", "1", "yes"}
        return view
    view.value = _as_text(raw)
    kind, fmt = prop.get("type"), prop.get("format")
    attrs: dict[str, Any] = {}
    if kind == "integer":
        attrs["inputmode"] = "numeric"
    elif kind == "number":
        attrs["inputmode"] = "decimal"
    if kind == "string":
        if "maxLength" in prop:
            attrs["maxlength"] = prop["maxLength"]
        if fmt == "email":
            view.input_type, attrs["autocomplete"] = "email", "email"
        elif fmt == "cn-mobile":
            view.input_type, attrs["autocomplete"], attrs["inputmode"] = "tel", "tel", "tel"
        elif fmt in {"cn-division"}:
            attrs["inputmode"] = "numeric"
        elif fmt == "date" and widget == "date":
            # A posted value that is not a date is shown as typed, in a text box that can hold it.
            view.input_type = "date" if not view.value or DATE_RE.match(view.value) else "text"
        key = prop.get("x-prefill")
        if isinstance(key, str) and key in AUTOCOMPLETE:
            attrs["autocomplete"] = AUTOCOMPLETE[key]
    view.attrs = attrs
    return view


def build_sections(
    definition: dict[str, Any],
    *,
    data: Any = None,
    errors: dict[str, list[str]] | None = None,
    prefilled: dict[str, Any] | None = None,
    id_prefix: str = "f-",
) -> list[dict[str, Any]]:
    """The layout's sections, each with the `FieldView`s of its fields in order."""
    schema, layout = definition["schema"], definition["layout"]
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", []))
    widgets: dict[str, str] = layout.get("widgets", {}) or {}
    errors, prefilled = errors or {}, prefilled or {}
    sections = []
    for index, section in enumerate(layout.get("sections", []), start=1):
        fields = [
            _field(
                name,
                properties[name],
                widget=widgets.get(name) or default_widget(properties[name]),
                required=name in required,
                data=data,
                errors=errors.get(name, []),
                prefilled=prefilled.get(name),
                id_prefix=id_prefix,
            )
            for name in section.get("fields", [])
            if name in properties
        ]
        sections.append(
            {
                "id": f"{id_prefix}section-{index}",
                "title": section.get("title", ""),
                "description": section.get("description", ""),
                "fields": fields,
            }
        )
    return sections


def render_form(
    definition: dict[str, Any],
    *,
    data: Any = None,
    errors: dict[str, list[str]] | None = None,
    prefilled: dict[str, Any] | None = None,
    id_prefix: str = "f-",
    summary: bool = True,
) -> SafeString:
    """The form's fields as HTML, with the error summary first when there are errors.
    `errors["__all__"]` (if any) are listed in the summary without a link."""
    errors = errors or {}
    sections = build_sections(definition, data=data, errors=errors, prefilled=prefilled, id_prefix=id_prefix)
    refused = [f for section in sections for f in section["fields"] if f.errors]
    general = [message for key in NON_FIELD_KEYS for message in errors.get(key, [])]
    return SafeString(
        render_to_string(
            "servicehall/forms/form.html",
            {
                "sections": sections,
                "refused": refused,
                "general_errors": general,
                "error_count": len(refused) + len(general),
                "show_summary": summary and bool(refused or general),
                "id_prefix": id_prefix,
            },
        )
    )
