"""Template tags of the public chrome: the main navigation built from the site's page tree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from wagtail.models import Page, Site

register = template.Library()


@dataclass(frozen=True)
class NavItem:
    title: str
    url: str
    current: bool


@register.inclusion_tag("web/includes/main_nav.html", takes_context=True)
def main_nav(context: template.Context) -> dict[str, Any]:
    """首页 then the site root's live children marked 'show in menus', the current one flagged."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    current_page = context.get("page")
    current_path = request.path if request is not None else ""
    items: list[NavItem] = []
    home_url = "/"
    if site is not None:
        root: Page = site.root_page
        home_url = root.get_url(request) or "/"
        for child in root.get_children().live().public().in_menu().order_by("path"):
            url = child.get_url(request) or ""
            if isinstance(current_page, Page):
                is_current = current_page.path.startswith(child.path)
            else:
                is_current = bool(url) and current_path.startswith(url)
            items.append(NavItem(title=child.title, url=url, current=is_current))
    home_current = current_path == home_url or (isinstance(current_page, Page) and current_page.depth == 2)
    return {"home": NavItem(title="", url=home_url, current=home_current), "items": items}
