"""Template tags of the public chrome: the main navigation built from the site's page tree, and
rich text rendered through nh3 (`safe_richtext`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
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


@register.simple_tag(takes_context=True)
def site_chrome(context: template.Context) -> Any:
    """The site the page belongs to (`.key`, `.identity`), from the module whose manifest provides
    it (the portal); None when none does. The chrome's cache is keyed on `.key`."""
    from yiwang.core.registry.registry import resolve, site_identity_provider

    dotted = site_identity_provider()
    request = context.get("request")
    if not dotted or request is None:
        return None
    provider: Any = resolve(dotted)
    page = context.get("page")
    return provider(request, page if isinstance(page, Page) else None)


@register.simple_tag
def fragment_cache_key() -> str:
    """The content version the chrome's fragment cache is keyed on (see yiwang.core.web.fragments)."""
    from yiwang.core.web.fragments import content_version

    return content_version()


@register.simple_tag
def fragment_cache_seconds() -> int:
    from yiwang.core.web.fragments import fragment_seconds

    return fragment_seconds()


@register.filter(name="safe_richtext")
def safe_richtext(value: Any) -> SafeString:
    """Like Wagtail's `|richtext`, with the expanded HTML cleaned by nh3 (yiwang.core.web.sanitize)."""
    from wagtail.rich_text import expand_db_html

    from yiwang.core.web.sanitize import clean_rich_text

    source = getattr(value, "source", value)
    return mark_safe(clean_rich_text(expand_db_html(str(source or ""))))  # noqa: S308 - cleaned by nh3 just above
