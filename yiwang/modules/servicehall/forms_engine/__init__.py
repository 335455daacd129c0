"""The forms engine — application forms defined as data (表单引擎).

A definition is `{"schema": <flat JSON Schema 2020-12>, "layout": {"sections": [...], "widgets": {...}}}`
(the format in `definition.py`). The applications part uses two calls:

- `validate(definition, data, *, prefilled) -> (cleaned, errors)`: the posted strings coerced to the
  schema's types and checked on the server; `errors` maps each field to its Chinese messages.
  Prefilled fields are taken from `prefilled` (the platform's values), never from `data`.
- `render(definition, *, data, errors, prefilled) -> SafeString`: accessible HTML for the form's
  fields (the caller supplies `<form>`, the CSRF token and the buttons).

`prefill.prefill_values(definition, user)` computes `prefilled`; other parts add sources with
`prefill.register_prefill_source(prefix, fn)`.
"""

from __future__ import annotations

from typing import Any

from .definition import check_definition

__all__ = ["check_definition", "render", "validate"]


def validate(
    definition: dict[str, Any], data: Any, *, prefilled: dict[str, Any] | None = None
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    from .validation import validate_submission

    return validate_submission(definition, data, prefilled=prefilled or {})


def render(
    definition: dict[str, Any],
    *,
    data: Any = None,
    errors: dict[str, list[str]] | None = None,
    prefilled: dict[str, Any] | None = None,
    **options: Any,
) -> Any:
    from .rendering import render_form

    return render_form(definition, data=data, errors=errors or {}, prefilled=prefilled or {}, **options)
