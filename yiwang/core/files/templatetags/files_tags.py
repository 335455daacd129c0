from __future__ import annotations

from django import template

from ..purposes import type_label

register = template.Library()


@register.filter
def file_type_label(mime: str) -> str:
    """'application/pdf' → 'PDF', for people."""
    return type_label(mime)
