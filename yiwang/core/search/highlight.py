"""Highlighted titles and snippets: escaped text with the query's matches in `<mark>`.

Done on the stored original text (not on index tokens) so the reader sees the document as written.
Everything is escaped; the only markup is ours.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_CHARS = 120
_LEAD_CHARS = 20  # context kept before the first match


def _pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    cleaned = sorted({t for t in terms if t}, key=len, reverse=True)
    if not cleaned:
        return None
    return re.compile("|".join(re.escape(t) for t in cleaned), re.IGNORECASE)


def _comparable(text: str) -> str:
    # Same length as the original when NFKC maps one character to one (full-width digits and
    # letters do); otherwise we match against the original text as it is.
    folded = unicodedata.normalize("NFKC", text)
    return folded if len(folded) == len(text) else text


def _mark(text: str, spans: list[tuple[int, int]]) -> SafeString:
    out: list[str] = []
    last = 0
    for start, end in spans:
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


def _spans(text: str, pattern: re.Pattern[str] | None) -> list[tuple[int, int]]:
    if pattern is None:
        return []
    return [m.span() for m in pattern.finditer(_comparable(text))]


def highlight_title(title: str, terms: Sequence[str]) -> SafeString:
    return _mark(title, _spans(title, _pattern(terms)))


def highlight_snippet(body: str, terms: Sequence[str], *, length: int = SNIPPET_CHARS) -> SafeString:
    """The window of `length` characters with the most distinct matched terms, with ellipses."""
    body = " ".join(body.split())
    spans = _spans(body, _pattern(terms))[:200]  # bound the work on very long bodies
    if not spans:
        piece = body[:length]
        return mark_safe(escape(piece) + ("…" if len(body) > length else ""))  # noqa: S308
    best_start, best_score = spans[0][0], -1
    comparable = _comparable(body)
    for i, (start, _) in enumerate(spans):
        window_end = start + length
        distinct = {comparable[s:e].lower() for s, e in spans[i:] if e <= window_end}
        if len(distinct) > best_score:
            best_start, best_score = start, len(distinct)
    begin = max(0, best_start - _LEAD_CHARS)
    end = min(len(body), begin + length)
    inside = [(s - begin, e - begin) for s, e in spans if s >= begin and e <= end]
    prefix = "…" if begin > 0 else ""
    suffix = "…" if end < len(body) else ""
    return mark_safe(prefix + _mark(body[begin:end], inside) + suffix)  # noqa: S308
