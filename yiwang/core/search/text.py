"""Chinese text for the index: normalisation, word segmentation and character bigrams.

Two token streams are indexed for every text:

* **words** — rjieba's `cut_for_search` (the same tokens as jieba, ~20× faster): 伊春市 gives
  伊春 and 伊春市, so a query for either finds it. Queries are cut with `cut`. Words rank.
* **bigrams** — overlapping character pairs of each run of letters/digits (森林防火 → 森林 林防 防火).
  A query term becomes a phrase of its bigrams, so any substring of two or more characters is
  found exactly — names (王小明), 4-character terms and numbers — even where jieba, which segments
  unknown words by context, cut the document text differently from the query.

Both streams are produced here in Python and joined with spaces; the index splits on whitespace.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

import rjieba

# Letters and digits of any script (CJK ideographs are \w); punctuation and spaces separate runs.
_RUN = re.compile(r"[^\W_]+")
_SPACES = re.compile(r"\s+")
# 发文字号: 机关代字〔年份〕序号号 (GB/T 9704-2012 §7.2.4). People type the brackets many ways.
_DOC_NUMBER = re.compile(r"^(?P<word>[^\W\d_]{1,20})[〔\[(【{](?P<year>\d{4})[〕\])】}](?P<serial>\d{1,6})号?$")
_OPEN = str.maketrans({"[": "〔", "(": "〔", "【": "〔", "{": "〔", "]": "〕", ")": "〕", "】": "〕", "}": "〕"})

MAX_QUERY_CHARS = 100
MAX_QUERY_TERMS = 8


# Full-width ASCII (Ｂ２０２５，) and the ideographic space fold to ASCII: what NFKC does to the
# characters that occur in Chinese text, at a fraction of its cost (NFKC was most of indexing time).
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# Only full-width letters and digits change tokens (punctuation and spaces separate runs either way).
_HAS_FULL_WIDTH = re.compile("[０-９Ａ-Ｚａ-ｚ]")


def fold_width(text: str) -> str:
    return text.translate(_FULL_WIDTH) if _HAS_FULL_WIDTH.search(text) else text


def normalise(text: str) -> str:
    """Full-width letters and digits → ASCII, and lower case, as both index and query see it."""
    return fold_width(text).lower()


def index_words(text: str) -> str:
    """Whitespace-joined search-mode words of already normalised text."""
    return " ".join(rjieba.cut_for_search(text))


def index_bigrams(text: str) -> str:
    """Whitespace-joined character bigrams of already normalised text (a one-character run stays whole)."""
    out: list[str] = []
    for run in _RUN.findall(text):
        if len(run) == 1:
            out.append(run)
        else:
            out.extend(map(str.__add__, run, run[1:]))
    return " ".join(out)


def bigrams_of(term: str) -> list[str]:
    return index_bigrams(term).split()


def query_words(term: str) -> list[str]:
    """The words of one query term (jieba's accurate mode), punctuation dropped, order kept, no repeats."""
    seen: dict[str, None] = {}
    for word in rjieba.cut(term):
        if _RUN.fullmatch(word):
            seen.setdefault(word, None)
    return list(seen)


def normalise_doc_number(value: str) -> str:
    """发文字号 in one canonical spelling: 伊政发[2025]12号, 伊政发（2025）12 → 伊政发〔2025〕12号."""
    compact = _SPACES.sub("", unicodedata.normalize("NFKC", value))
    compact = compact.translate(_OPEN)
    match = _DOC_NUMBER.match(compact)
    if not match:
        return compact
    return f"{match['word']}〔{match['year']}〕{int(match['serial'])}号"


def normalise_index_number(value: str) -> str:
    """索引号 compared without spaces and case (formats differ by body: 000014349/2017-00110 …)."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", value)).upper()


def looks_like_doc_number(value: str) -> bool:
    return bool(_DOC_NUMBER.match(normalise_doc_number(value)))


_YEAR_IN_BRACKETS = re.compile(r"[〔\[(【{（［｛](\d{4})[〕\])】}）］｝](\d{1,6})")


def doc_number_mentions(text: str) -> set[str]:
    """发文字号 cited in a text, canonical. Where the 机关代字 starts is unknown (印发伊政发〔2025〕12号),
    so every ending of two to eight characters is kept; the query's full number is one of them."""
    found: set[str] = set()
    text = fold_width(text)
    for match in _YEAR_IN_BRACKETS.finditer(text):
        start = match.start()
        begin = start
        while begin > 0 and start - begin < 8 and text[begin - 1].isalpha():
            begin -= 1
        word = text[begin:start]
        year, serial = match.groups()
        for size in range(2, len(word) + 1):
            found.add(f"{word[-size:]}〔{year}〕{int(serial)}号")
    return found


@dataclass(frozen=True)
class QueryTerm:
    """One whitespace-separated part of the query: all of its words, or the exact string, must match."""

    text: str  # normalised
    words: tuple[str, ...]
    bigrams: tuple[str, ...]
    doc_number: str = ""  # set when the term is a whole 发文字号: then only that number matches
    alternatives: tuple[QueryTerm, ...] = ()  # the same term with a synonym (低保 → 最低生活保障)


@dataclass(frozen=True)
class ParsedQuery:
    raw: str
    terms: tuple[QueryTerm, ...]
    exact: str  # the whole query without spaces, for 发文字号/索引号 equality ("" if it has spaces)

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.exact

    def highlight_terms(self) -> list[str]:
        """Strings to mark in titles and snippets: each term, and its words of two or more characters."""
        marks: dict[str, None] = {}
        for term in [t for main in self.terms for t in (main, *main.alternatives)]:
            marks.setdefault(term.text, None)
            for word in term.words:
                if len(word) > 1 or len(term.text) == 1:
                    marks.setdefault(word, None)
        return list(marks)


# Common abbreviations citizens type for what documents spell out. Each group is one meaning; a term
# containing one spelling also matches the others. Deployments add groups in YIWANG_SEARCH["SYNONYMS"].
DEFAULT_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("低保", "最低生活保障"),
    ("医保", "医疗保险", "医疗保障"),
    ("社保", "社会保险"),
    ("发改委", "发展和改革委员会"),
    ("住建局", "住房和城乡建设局"),
    ("人社局", "人力资源和社会保障局"),
    ("卫健委", "卫生健康委员会"),
    ("文旅局", "文化广电和旅游局"),
    ("市监局", "市场监督管理局"),
    ("残联", "残疾人联合会"),
)


def synonym_map(groups: Iterable[Iterable[str]]) -> dict[str, tuple[str, ...]]:
    mapping: dict[str, tuple[str, ...]] = {}
    for group in groups:
        spellings = tuple(normalise(g) for g in group)
        for spelling in spellings:
            mapping[spelling] = tuple(other for other in spellings if other != spelling)
    return mapping


_DEFAULT_MAP = synonym_map(DEFAULT_SYNONYMS)


def _term(part: str) -> QueryTerm:
    # Strip the punctuation at the ends ("《通知》" → 通知) but keep it inside (伊政发〔2025〕12号).
    doc_number = normalise_doc_number(part) if looks_like_doc_number(part) else ""
    runs = _RUN.findall(part)
    text = doc_number or ("".join(runs) if len(runs) == 1 else part)
    return QueryTerm(text=text, words=tuple(query_words(part)), bigrams=tuple(bigrams_of(part)), doc_number=doc_number)


def _with_synonyms(term: QueryTerm, synonyms: dict[str, tuple[str, ...]]) -> QueryTerm:
    if term.doc_number:
        return term
    # The longest spelling inside the term wins (最低生活保障 before 低保), first occurrence only.
    for spelling in sorted(synonyms, key=len, reverse=True):
        if len(spelling) > 1 and spelling in term.text:
            alternatives = tuple(_term(term.text.replace(spelling, other, 1)) for other in synonyms[spelling])
            return replace(term, alternatives=alternatives)
    return term


def parse_query(raw: str, *, synonyms: dict[str, tuple[str, ...]] | None = None) -> ParsedQuery:
    """Split the query on spaces; each part is segmented into words and bigrams.

    Long queries are cut at MAX_QUERY_CHARS / MAX_QUERY_TERMS so one request cannot ask for an
    unbounded amount of work.
    """
    raw = raw.strip()[:MAX_QUERY_CHARS]
    parts = _SPACES.split(normalise(raw)) if raw else []
    mapping = _DEFAULT_MAP if synonyms is None else synonyms
    terms: list[QueryTerm] = []
    for part in parts:
        if not _RUN.search(part):
            continue
        terms.append(_with_synonyms(_term(part), mapping))
        if len(terms) == MAX_QUERY_TERMS:
            break
    exact = raw if raw and not _SPACES.search(raw) else ""
    return ParsedQuery(raw=raw, terms=tuple(terms), exact=exact)
