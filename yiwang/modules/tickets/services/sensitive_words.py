"""敏感词 — words that flag a ticket 待审核 for staff; the ticket is kept and handled, never dropped.

The list is the deployment's (settings.YIWANG_TICKETS["SENSITIVE_WORDS"]): no national list is
published, so the defaults below are only examples. Matching is one pass of an Aho–Corasick
automaton (pyahocorasick) built once per list, so the check costs microseconds per submission
whatever the length of the list.
"""

from __future__ import annotations

import unicodedata
from threading import Lock
from typing import Any

import ahocorasick
from django.conf import settings

# Examples only [R]: a deployment replaces them with the list its 12345 office keeps.
DEFAULT_WORDS = ("炸弹", "爆炸物", "枪支弹药", "杀人", "自杀", "报复社会", "集体上访", "游行示威", "法轮功")
REASON_MAX = 200

_lock = Lock()
_built: tuple[Any, Any] | None = None  # (the configured list object, its automaton)


def normalise_text(text: str) -> str:
    """Full-width letters and digits folded (NFKC), lower case, whitespace removed — so that
    "炸 弹" or "ＡＢＣ" still match."""
    return "".join(unicodedata.normalize("NFKC", text or "").lower().split())


def configured_words() -> Any:
    return getattr(settings, "YIWANG_TICKETS", {}).get("SENSITIVE_WORDS", DEFAULT_WORDS)


def _automaton() -> Any:
    global _built
    words = configured_words()
    built = _built
    if built is not None and built[0] is words:
        return built[1]
    with _lock:
        automaton = ahocorasick.Automaton()
        for word in words:
            key = normalise_text(str(word))
            if key:
                automaton.add_word(key, str(word).strip())
        if len(automaton):
            automaton.make_automaton()
        _built = (words, automaton)
    return automaton


def find_sensitive_words(*texts: str) -> list[str]:
    """The configured words found in `texts`, each once, in the order first found."""
    automaton = _automaton()
    if not len(automaton):
        return []
    found: dict[str, None] = {}
    for text in texts:
        for _end, word in automaton.iter(normalise_text(text)):
            found.setdefault(word, None)
    return list(found)


def review_reason(*texts: str) -> str:
    """待审核原因 for the ticket ("" when nothing matched)."""
    words = find_sensitive_words(*texts)
    return f"含敏感词：{'、'.join(words)}"[:REASON_MAX] if words else ""
