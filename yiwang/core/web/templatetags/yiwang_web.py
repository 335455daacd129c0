"""Template tags of the public chrome: the main navigation built from the site's page tree, and
rich text rendered through nh3 (`safe_richtext`)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django import template
from django.templatetags.cache import CacheNode
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
def nav_cache_key(context: template.Context) -> str:
    """What the main navigation of this page depends on: below the top-level columns, only which
    column the page is in (so every article of a column shares one cached navigation); for the
    home page and the columns themselves, their address."""
    request = context.get("request")
    if request is None:
        return ""
    page = context.get("page")
    site = Site.find_for_request(request)
    if isinstance(page, Page) and site is not None:
        column_depth = site.root_page.depth + 1
        if page.depth > column_depth and page.path.startswith(site.root_page.path):
            return "column:" + page.path[: Page.steplen * column_depth]
    return "path:" + request.path


# Fragments this process rendered or read, before asking the shared cache: their keys include the
# content version, so a fragment here is never older than the last publication either.
CHROME_MEMORY_SIZE = 2048
_chrome_memory: dict[str, tuple[float, str]] = {}


class ChromeCacheNode(CacheNode):
    """Django's `{% cache %}` with a first level in this process's memory (no cache round trip)."""

    def render(self, context: template.Context) -> str:
        try:
            seconds = int(self.expire_time_var.resolve(context) or 0)
        except (template.VariableDoesNotExist, TypeError, ValueError):
            seconds = 0
        if seconds <= 0:
            return super().render(context)
        from django.core.cache.utils import make_template_fragment_key

        key = make_template_fragment_key(self.fragment_name, [var.resolve(context) for var in self.vary_on])
        now = time.monotonic()
        known = _chrome_memory.get(key)
        if known is not None and known[0] > now:
            return known[1]
        value = super().render(context)
        if len(_chrome_memory) >= CHROME_MEMORY_SIZE:
            _chrome_memory.clear()
        _chrome_memory[key] = (now + seconds, value)
        return value


@register.tag("chrome_cache")
def chrome_cache(parser: Any, token: Any) -> ChromeCacheNode:
    """`{% chrome_cache seconds name vary… %}…{% endchrome_cache %}`: see ChromeCacheNode."""
    nodelist = parser.parse(("endchrome_cache",))
    parser.delete_first_token()
    tokens = token.split_contents()
    if len(tokens) < 3:
        raise template.TemplateSyntaxError("chrome_cache needs a timeout and a fragment name")
    return ChromeCacheNode(
        nodelist, parser.compile_filter(tokens[1]), tokens[2], [parser.compile_filter(t) for t in tokens[3:]], None
    )


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


@register.simple_tag(takes_context=True)
def fragment_cache_key(context: template.Context) -> str:
    """The content version the chrome's fragment cache is keyed on (see yiwang.core.web.fragments)."""
    from yiwang.core.web.fragments import content_version

    return content_version(context.get("request"))


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
