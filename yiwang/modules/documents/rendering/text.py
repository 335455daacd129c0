"""Text rules of a 公文: dates, heading levels, the title's 梯形/菱形 lines, marked-up runs."""

from __future__ import annotations

import datetime
import html
import itertools
import re
from dataclasses import dataclass

import rjieba
from django.utils.safestring import SafeString, mark_safe

from . import fonts, geometry

# GB/T 9704-2012 §7.3.3: 一、 (黑体) → （一） (楷体) → 1. (仿宋) → （1） (仿宋)
_CN_NUMERAL = "一二三四五六七八九十百零〇"
HEADING_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^[{_CN_NUMERAL}]+、")),
    (2, re.compile(rf"^（[{_CN_NUMERAL}]+）")),
    (3, re.compile(r"^\d+[.．]")),
    (4, re.compile(r"^（\d+）")),
)
HEADING_ROLES = {1: "heiti", 2: "kaiti", 3: "fangsong", 4: "fangsong"}
GRID_PITCH_EM = geometry.CHAR_PITCH / geometry.SIZE_3  # one grid cell, in em of 3号


def chinese_date(date: datetime.date) -> str:
    """成文日期: arabic numerals, the year in full, no padding (GB/T 9704-2012 §7.3.5.1): 2026年3月1日."""
    return f"{date.year}年{date.month}月{date.day}日"


def grid_spacing_em(face: fonts.Face | None) -> float:
    """Letter-spacing that puts every character of `face` on the 28-character grid.

    cwTeXFangSong's ideographs are 0.92 em wide, Noto's and 楷's 1 em, so each face run gets its own
    spacing; one spacing for the whole text would leave fallback characters off the grid.
    """
    advance = 1.0 if face is None else fonts.ideograph_em(face)
    return GRID_PITCH_EM - advance


def grid_width_em(text: str, role: str = "fangsong") -> float:
    """The width of `text` set on the grid, in em (half-width digits take their own advance)."""
    return sum(fonts.advance_em(run, role) + len(run) * grid_spacing_em(face) for face, run in fonts.runs(text, role))


def markup(text: str, role: str = "fangsong", grid: bool = True) -> SafeString:
    """Escape `text`, set each fallback run in its own face (on the character grid unless `grid` is
    False), and replace every character no installed face has with a visible, red-outlined 〓 mark.

    Everything sits in an inline `.t` span whose line-height is 1em: a run that falls back to Noto
    (taller ascent than cwTeXFangSong) then stays inside the line's strut, so every line keeps the
    grid's pitch instead of growing by 2 pt. Runs in the role's own face carry no span of their own
    (one element per run costs WeasyPrint about 0.3 ms); the classes are defined by `face_css`.
    """
    if not text:
        return mark_safe("")
    chain = fonts.installed_chain(role)
    out: list[str] = [f'<span class="t r-{role}{" grid" if grid else ""}">']
    for face, run in fonts.runs(text, role):
        if face is None:
            for char in run:
                out.append(f'<span class="missing-glyph" title="缺字 U+{ord(char):04X}">{fonts.MISSING_MARK}</span>')
        elif chain and face is not chain[0]:
            out.append(f'<span class="f{chain.index(face)}">{html.escape(run)}</span>')
        else:
            out.append(html.escape(run))
    out.append("</span>")
    return mark_safe("".join(out))  # noqa: S308 — every run above is escaped


def face_css() -> str:
    """The CSS of `markup`'s classes: each role's faces, and the letter-spacing that puts each face on
    the grid."""
    rules = [f".missing-glyph {{ letter-spacing: {grid_spacing_em(None):.4f}em; }}"]
    for role in fonts.CHAINS:
        chain = fonts.installed_chain(role)
        if not chain:
            continue
        rules.append(f".r-{role}.grid {{ letter-spacing: {grid_spacing_em(chain[0]):.4f}em; }}")
        for index, face in enumerate(chain[1:], 1):
            family = ", ".join(f.css() for f in chain[index:])
            rules.append(f".r-{role} .f{index} {{ font-family: {family}; }}")
            rules.append(f".r-{role}.grid .f{index} {{ letter-spacing: {grid_spacing_em(face):.4f}em; }}")
    return "\n".join(rules)


@dataclass(frozen=True)
class Paragraph:
    level: int  # 0 for body text, 1–4 for the heading levels
    heading: str  # the part set in the heading face (levels 1 and 2), else ""
    rest: str

    @property
    def heading_role(self) -> str:
        return HEADING_ROLES.get(self.level, "fangsong")


def split_paragraphs(body: str) -> list[Paragraph]:
    """Paragraphs of the 正文, with the heading level each begins with.

    A level-1 or level-2 heading followed by text in the same paragraph (（一）强化领导。各地要…) is set in
    its heading face up to and including the first 。; the rest is 仿宋, as the standard's examples show.
    """
    paragraphs: list[Paragraph] = []
    for raw in body.splitlines():
        line = raw.strip().replace("\u3000", "")
        if not line:
            continue
        level = next((lvl for lvl, pattern in HEADING_PATTERNS if pattern.match(line)), 0)
        if level in (1, 2):
            cut = line.find("。")
            if 0 <= cut < len(line) - 1:
                paragraphs.append(Paragraph(level, line[: cut + 1], line[cut + 1 :]))
            else:
                paragraphs.append(Paragraph(level, line, ""))
        else:
            paragraphs.append(Paragraph(level, "", line))
    return paragraphs


_NUMERALS = set(_CN_NUMERAL) | set("0123456789")
_NO_LINE_START = set("，。、；：？！）》」』”’〕】…—·")
_NO_LINE_END = set("（《「『“‘〔【")


def _breakable(text: str, at: int) -> bool:
    """Whether a title line may end before text[at]: not inside a number (二〇二六), not before closing
    punctuation, not after opening punctuation."""
    before, after = text[at - 1], text[at]
    if before in _NUMERALS and after in _NUMERALS:
        return False
    return after not in _NO_LINE_START and before not in _NO_LINE_END


def title_lines(title: str, max_em: float) -> list[str]:
    """Break the 标题 into 梯形 or 菱形 lines at word boundaries (GB/T 9704-2012 §7.3.1).

    Lines never exceed the text block; among the breaks at word boundaries (rjieba), the one whose
    line lengths are most even wins, but never a rectangle (equal lines) nor an hourglass (a middle line
    shorter than both neighbours) when another break exists.
    """
    title = title.strip()
    width = fonts.advance_em(title, "xiaobiaosong")
    if width <= max_em:
        return [title]
    words = [w for w in rjieba.cut(title) if w]
    bounds = [b for b in itertools.accumulate(len(w) for w in words) if b < len(title) and _breakable(title, b)]
    best: tuple[float, list[str]] | None = None
    count = 2
    while best is None and count <= len(words):
        for cuts in itertools.combinations(bounds, count - 1):
            edges = (0, *cuts, len(title))
            lines = [title[a:b] for a, b in itertools.pairwise(edges)]
            widths = [fonts.advance_em(line, "xiaobiaosong") for line in lines]
            if max(widths) > max_em:
                continue
            cost = max(widths) - min(widths)
            if len({round(w, 1) for w in widths}) == 1:
                cost += 4  # a rectangle
            if any(widths[i] < widths[i - 1] and widths[i] < widths[i + 1] for i in range(1, len(widths) - 1)):
                cost += 8  # an hourglass
            if best is None or cost < best[0]:
                best = (cost, lines)
        count += 1
    return best[1] if best is not None else [title]
