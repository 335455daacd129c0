"""Form widgets shared by the staff screens.

`QuickSelect` is Django's `Select` with its options written out in Python. Django renders every
`<option>` through a template (tens of microseconds each); a filter of several hundred agencies or
categories on a list page then costs more than the list. The markup is the same: one `<select>`
with the widget's attributes and an `<option>` per choice (optgroups included), the current value
selected, everything escaped.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


class QuickSelect(forms.Select):
    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        if self.allow_multiple_selected:
            final["multiple"] = True
        selected = {str(v) for v in self.format_value(value)}
        parts = [format_html("<select{}>", flatatt(final))]
        for group, options in self._groups():
            if group is not None:
                parts.append(format_html('<optgroup label="{}">', group))
            for option_value, label in options:
                key = "" if option_value is None else str(option_value)
                parts.append(
                    format_html(
                        '<option value="{}"{}>{}</option>',
                        key,
                        mark_safe(" selected") if key in selected else "",
                        label,
                    )
                )
            if group is not None:
                parts.append(mark_safe("</optgroup>"))
        parts.append(mark_safe("</select>"))
        return mark_safe("".join(parts))  # noqa: S308 — each part is format_html output or a constant

    def _groups(self) -> list[tuple[str | None, list[tuple[Any, Any]]]]:
        groups: list[tuple[str | None, list[tuple[Any, Any]]]] = []
        loose: list[tuple[Any, Any]] = []
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                if loose:
                    groups.append((None, loose))
                    loose = []
                groups.append((str(option_value), list(label)))
            else:
                loose.append((option_value, label))
        if loose:
            groups.append((None, loose))
        return groups
