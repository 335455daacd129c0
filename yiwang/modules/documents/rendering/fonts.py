"""The Chinese faces a 公文 is set in, which characters each covers, and per-character fallback.

GB/T 9704-2012 names 仿宋 for the body, 黑体 and 楷体 for headings, 小标宋 for the 发文机关标志 and
the title, and 宋体 for page numbers. The faces come from Debian packages that `make system-deps`
installs (no font is fetched at run time):

- 仿宋: cwTeXFangSong (fonts-cwtex-fs). It is a traditional-Chinese font: it lacks about a third
  of the 3,755 first-level GB 2312 characters (e.g. 关 办 发 国 们 这), so every run falls back per
  character to Noto Serif CJK SC, and the renderer reports those characters;
- 楷体: AR PL KaitiM GB (fonts-arphic-gkai00mp), a simplified-Chinese font;
- 黑体: Noto Sans CJK SC; 宋体: Noto Serif CJK SC (fonts-noto-cjk);
- 小标宋: there is no free 方正小标宋, so the heaviest installed Noto Serif CJK SC weight (Bold, 700)
  stands in for it.

Pango (through WeasyPrint) does the per-character fallback along a CSS font-family list; this
module decides *before* layout which characters no face has at all, so they are drawn as a visible
marked replacement (〓, the typesetter's 缺字 mark) and listed, never left to become boxes.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass

from fontTools.ttLib import TTCollection, TTFont

MISSING_MARK = "〓"  # GETA MARK: the conventional Chinese typesetting mark for a missing character


@dataclass(frozen=True)
class Face:
    family: str  # the fontconfig family name, as CSS names it
    path: str  # the Debian package's file
    weight: int = 400
    package: str = ""

    @property
    def installed(self) -> bool:
        return os.path.exists(self.path)

    def css(self) -> str:
        return f'"{self.family}"'


_NOTO = "/usr/share/fonts/opentype/noto/"
FANGSONG = Face("cwTeXFangSong", "/usr/share/fonts/truetype/cwtex/cwfs.ttf", package="fonts-cwtex-fs")
KAITI = Face(
    "AR PL KaitiM GB",
    "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf",
    package="fonts-arphic-gkai00mp",
)
HEITI = Face("Noto Sans CJK SC", _NOTO + "NotoSansCJK-Regular.ttc", package="fonts-noto-cjk")
SONGTI = Face("Noto Serif CJK SC", _NOTO + "NotoSerifCJK-Regular.ttc", package="fonts-noto-cjk")
# 小标宋 stand-in: the heaviest Noto Serif CJK SC weight installed (see the module docstring).
XIAOBIAOSONG = Face("Noto Serif CJK SC", _NOTO + "NotoSerifCJK-Bold.ttc", 700, "fonts-noto-cjk")
# The last resort for Latin letters and symbols the CJK faces lack.
LATIN = Face("DejaVu Sans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", package="fonts-dejavu-core")

# Every role's chain: the face GB/T 9704 names first, then the faces a character falls back to.
CHAINS: dict[str, tuple[Face, ...]] = {
    "fangsong": (FANGSONG, SONGTI, HEITI, LATIN),
    "kaiti": (KAITI, SONGTI, HEITI, LATIN),
    "heiti": (HEITI, SONGTI, LATIN),
    "songti": (SONGTI, HEITI, LATIN),
    "xiaobiaosong": (XIAOBIAOSONG, SONGTI, HEITI, LATIN),
}
ALL_FACES: tuple[Face, ...] = (FANGSONG, KAITI, HEITI, SONGTI, XIAOBIAOSONG, LATIN)


@dataclass(frozen=True)
class _Metrics:
    cmap: dict[int, str]
    advances: dict[str, int]
    units_per_em: int


@functools.cache
def _metrics(face: Face) -> _Metrics | None:
    if not face.installed:
        return None
    if face.path.endswith(".ttc"):
        collection = TTCollection(face.path, lazy=True)
        font = next(
            (f for f in collection.fonts if f["name"].getDebugName(1).startswith(face.family)),
            collection.fonts[0],
        )
    else:
        font = TTFont(face.path, lazy=True)
    cmap = dict(font.getBestCmap())
    hmtx = font["hmtx"]
    advances = {name: hmtx[name][0] for name in set(cmap.values())}
    return _Metrics(cmap, advances, font["head"].unitsPerEm)


@functools.cache
def installed_chain(role: str) -> tuple[Face, ...]:
    return tuple(face for face in CHAINS[role] if face.installed)


def css_family(role: str) -> str:
    """The CSS font-family list of a role; only installed faces, so fallback is what we measure."""
    return ", ".join(face.css() for face in installed_chain(role))


def face_for(char: str, role: str) -> Face | None:
    """The face Pango will draw `char` in for `role` (the first in the chain that has it)."""
    if char.isspace():
        return installed_chain(role)[0] if installed_chain(role) else None
    for face in installed_chain(role):
        metrics = _metrics(face)
        if metrics is not None and ord(char) in metrics.cmap:
            return face
    return None


@functools.cache
def face_for_cached(char: str, role: str) -> Face | None:
    return face_for(char, role)


@functools.cache
def has_glyph(char: str) -> bool:
    """Whether any face the renderer uses has `char`."""
    return char.isspace() or any((m := _metrics(face)) is not None and ord(char) in m.cmap for face in ALL_FACES)


def fallback_characters(text: str, role: str) -> set[str]:
    """Characters of `text` the role's own face lacks but a fallback face has."""
    chain = installed_chain(role)
    primary = chain[0] if chain else None
    out: set[str] = set()
    for char in set(text):
        face = face_for(char, role)
        if face is not None and face is not primary:
            out.add(char)
    return out


def missing_characters(texts: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for text in texts:
        for char in text:
            if char not in seen and not has_glyph(char):
                seen[char] = None
    return list(seen)


def ideograph_em(face: Face) -> float:
    """The advance of 一 in `face`, in em: 1.0 for Noto and 楷, 0.92 for cwTeXFangSong."""
    metrics = _metrics(face)
    if metrics is None or 0x4E00 not in metrics.cmap:
        return 1.0
    return metrics.advances[metrics.cmap[0x4E00]] / metrics.units_per_em


def runs(text: str, role: str) -> list[tuple[Face | None, str]]:
    """`text` cut into runs of consecutive characters drawn in the same face (None: no face has it)."""
    out: list[tuple[Face | None, str]] = []
    for char in text:
        face = face_for_cached(char, role)
        if out and out[-1][0] is face:
            out[-1] = (face, out[-1][1] + char)
        else:
            out.append((face, char))
    return out


def advance_em(text: str, role: str) -> float:
    """The width of `text` in em when set in `role` (with fallback), before letter-spacing."""
    total = 0.0
    for char in text:
        face = face_for(char, role)
        metrics = _metrics(face) if face is not None else None
        if metrics is None:
            total += 1.0  # the 〓 mark is one em wide
            continue
        glyph = metrics.cmap.get(ord(char), None)
        total += metrics.advances.get(glyph, metrics.units_per_em) / metrics.units_per_em if glyph else 1.0
    return total
