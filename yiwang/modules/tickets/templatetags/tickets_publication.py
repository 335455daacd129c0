"""The 网站公开 panel of the staff ticket page: `{% load tickets_publication %}{% publication_panel ticket %}`."""

from __future__ import annotations

from typing import Any

from django import template

from yiwang.core.permissions import access

from ..models import Ticket
from ..selectors import publication as publication_selectors
from ..services import publication as publication_services

register = template.Library()


@register.inclusion_tag("tickets/publication/staff_panel.html", takes_context=True)
def publication_panel(context: dict[str, Any], ticket: Ticket) -> dict[str, Any]:
    user = context["request"].user
    return {
        "ticket": ticket,
        "publication": publication_selectors.get_publication(ticket),
        "may_be_published": publication_services.may_be_published(ticket),
        "may_decide": access.can(user, publication_services.DISPATCH_VERB),
        "csrf_token": context.get("csrf_token"),
    }
