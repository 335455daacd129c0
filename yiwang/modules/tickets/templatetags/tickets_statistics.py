"""Filters of the statistics pages: `{% load tickets_statistics %}{{ rate|percent }}`."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def percent(value: object) -> str:
    """A rate as a percentage with one decimal ("98.5%"); "—" when there is nothing to divide."""
    if not isinstance(value, (int, float)):
        return "—"
    return f"{value * 100:.1f}%"
