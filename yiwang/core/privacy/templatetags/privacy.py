"""`{% load privacy %}` — `{{ user.phone|masked:"phone" }}`: personal data masked for display."""

from django import template

from yiwang.core.privacy.masking import mask

register = template.Library()


@register.filter(name="masked")
def masked(value: object, kind: str) -> str:
    return mask(value, kind)
