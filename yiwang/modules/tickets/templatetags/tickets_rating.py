"""Template helpers of 好差评: a rating's dimensions with their labels, and the rating link the
诉求查询 result offers (never to staff)."""

from __future__ import annotations

from typing import Any

from django import template

from ..models import Rating, Ticket
from ..models.rating import RatingLevel
from ..rating_link import current_round, dimensions, rating_path
from ..services.rating import is_staff_actor

register = template.Library()


@register.filter
def dimension_rows(rating: Rating) -> list[tuple[str, str]]:
    """(dimension label, level label) in the configured order; a dimension no longer configured
    is shown under its code."""
    labels = dict(dimensions())
    levels: dict[str, str] = {str(value): str(label) for value, label in RatingLevel.choices}
    order: list[str] = [code for code, _label in dimensions()] + [str(c) for c in rating.dimensions if c not in labels]
    return [
        (labels.get(code, code), levels.get(rating.dimensions[code], "")) for code in order if code in rating.dimensions
    ]


@register.simple_tag(takes_context=True)
def rating_link(context: Any, ticket: Ticket) -> str:
    """The rating page of a replied ticket's current round, or "" (not replied, or a staff user)."""
    request = context.get("request")
    if ticket.status != Ticket.Status.REPLIED or request is None or is_staff_actor(request.user):
        return ""
    return rating_path(ticket, round=current_round(ticket))
