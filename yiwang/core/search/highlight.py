"""Highlighted titles and snippets: escaped text with the query's matches in `<mark>`.

Done on the stored original text (not on index tokens) so the reader sees the document as written.
Everything is escaped; the only markup is ours.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_CHARS = 120
_LEAD_CHARS = 20  # context kept before the first match
MAX_SPANS = 60  # bound the work on long bodies full of matches


@lru_cache(maxsize=256)
def _compiled(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    if not terms:
        return None
    return re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)


def _pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    return _compiled(tuple(sorted({t for t in terms if t}, key=len, reverse=True)))


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
    comparable = _comparable(body)
    pattern = _pattern(terms)
    spans = [m.span() for m in pattern.finditer(comparable)][:MAX_SPANS] if pattern else []
    if not spans:
        piece = body[:length]
        return mark_safe(escape(piece) + ("…" if len(body) > length else ""))  # noqa: S308
    # Sliding window over the matches (linear): the start whose window holds the most distinct terms.
    keys = [comparable[s:e].lower() for s, e in spans]
    counts: Counter[str] = Counter()
    best_start, best_score, j = spans[0][0], 0, 0
    for i, (start, _) in enumerate(spans):
        while j < len(spans) and spans[j][1] <= start + length:
            counts[keys[j]] += 1
            j += 1
        if len(counts) > best_score:
            best_start, best_score = start, len(counts)
        counts[keys[i]] -= 1
        if not counts[keys[i]]:
            del counts[keys[i]]
    begin = max(0, best_start - _LEAD_CHARS)
    end = min(len(body), begin + length)
    inside = [(s - begin, e - begin) for s, e in spans if s >= begin and e <= end]
    prefix = "…" if begin > 0 else ""
    suffix = "…" if end < len(body) else ""
    return mark_safe(prefix + _mark(body[begin:end], inside) + suffix)  # noqa: S308
