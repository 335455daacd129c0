"""富文本清洗 (rich-text sanitising) with nh3 — GB/T 22239 L3-CES1-20 (validate all input).

Wagtail's editor (Draftail) already whitelists what staff type: the browser sends a content-state
JSON, and Wagtail rebuilds the HTML from it with only the enabled features, dropping scripts,
event handlers and `javascript:` links. What it does not cover is HTML that reaches a rich-text
field another way — demo loaders, imports, the API, a data migration — and is then rendered by
`|richtext` as it is. Two tools close that:

- `clean_rich_text(html)` for code that stores rich text it did not get from the editor;
- the template filter `{{ page.body|safe_richtext }}` (`{% load yiwang_web %}`), which expands
  Wagtail's internal links like `|richtext` and then passes the result through nh3, so whatever is
  stored, the public page gets only the allowed tags, attributes and URL schemes.
"""

from __future__ import annotations

import nh3

# Wagtail's stored rich-text format (the tags its features produce, plus its <a linktype> and
# <embed> references) and the rendered forms of those references.
RICH_TEXT_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "b", "strong", "i", "em", "u", "s", "sub", "sup",
    "ol", "ul", "li", "a", "hr", "blockquote", "code", "embed", "img", "figure", "figcaption",
    "table", "thead", "tbody", "tr", "th", "td", "caption",
}  # fmt: skip
RICH_TEXT_ATTRIBUTES = {
    "a": {"href", "linktype", "id", "title"},
    "embed": {"embedtype", "format", "id", "alt", "url"},
    "img": {"src", "alt", "width", "height", "class"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "*": {"lang", "dir"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_rich_text(html: str) -> str:
    """Only the allowed tags, attributes and URL schemes; scripts and styles dropped with their content."""
    return str(
        nh3.clean(
            html or "",
            tags=RICH_TEXT_TAGS,
            clean_content_tags={"script", "style"},
            attributes=RICH_TEXT_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="noopener noreferrer",
        )
    )
