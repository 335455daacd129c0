"""`{% load notifications_tags %}{% unread_badge %}` — a "消息（3）" link for page headers.
It refreshes itself every minute with htmx; one COUNT query per render, nothing for visitors."""

from __future__ import annotations

from typing import Any

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("notifications/_unread_badge.html", takes_context=True)
def unread_badge(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    return {"show": True, "unread_count": selectors.count_unread(user=user), "poll": True}
