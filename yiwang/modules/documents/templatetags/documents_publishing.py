"""The 公开属性 and 网站发布 panel of the document page."""

from __future__ import annotations

from typing import Any

from django import template

from ..models import Document
from ..services import publishing

register = template.Library()


@register.inclusion_tag("documents/staff/_publication.html", takes_context=True)
def publication_panel(context: Any, document: Document) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "document": document,
        "state": publishing.publication_state(document),
        "may_publish": user is not None and publishing.may_publish(user, document),
        "csrf_token": context.get("csrf_token"),
    }
