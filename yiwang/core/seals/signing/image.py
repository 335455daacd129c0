"""The image of an official seal (公章): a red ring of 42 mm, the agency's name set clockwise along
the upper arc and a five-pointed star in the centre, on a transparent background.

国务院关于国家行政机关和企业事业单位社会团体印章管理的规定 (国发〔1999〕25号) Art. 7: a seal of a
government department below the State Council is round, 4.2 cm across, with a five-pointed star in
the centre and the agency's name from left to right around it. Drawn at 400 dpi (printing needs
300+) with an installed CJK font; supersampled, then reduced, so the edges are smooth.
"""

from __future__ import annotations

import io
import math
import subprocess
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

SEAL_RED = (230, 0, 18, 255)
DIAMETER_MM = 42.0
DPI = 400
SUPERSAMPLE = 2
RING_MM = 1.2  # width of the outer ring
STAR_RADIUS_MM = 7.0  # circumradius of the star (a 14 mm star, as 公章 are cut)
TEXT_HEIGHT_MM = 6.5  # height of one character of the name
TEXT_GAP_MM = 0.9  # between the ring and the tops of the characters
MAX_ARC_DEGREES = 240.0  # the name runs from lower left, over the top, to lower right at most
FONT_FAMILIES = ("Noto Serif CJK SC:style=Bold", "Noto Sans CJK SC:style=Bold", "Noto Sans CJK SC")


class FontUnavailable(RuntimeError):
    """No installed font has CJK glyphs (install fonts-noto-cjk)."""


@lru_cache(maxsize=1)
def _font_file() -> tuple[str, int]:
    """The file and face index of a CJK font, found with fontconfig (the fonts are system packages)."""
    for family in FONT_FAMILIES:
        try:
            found = subprocess.run(  # noqa: S603 (a fixed program and arguments)
                ["fc-match", "--format=%{file}\t%{index}", f"{family}:lang=zh-cn"],  # noqa: S607
                capture_output=True,
                text=True,
                check=True,
                timeout=10,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        path, _, index = found.partition("\t")
        if "CJK" in path:
            return path, int(index or 0)
    raise FontUnavailable("没有找到中文字体，无法制作印章图像（请安装 fonts-noto-cjk）。 (No CJK font installed.)")


def _mm(value: float, scale: float) -> int:
    return round(value / 25.4 * DPI * scale)


def _star(centre: float, radius: float) -> list[tuple[float, float]]:
    points = []
    inner = radius * math.sin(math.radians(18)) / math.sin(math.radians(126))
    for i in range(10):
        r = radius if i % 2 == 0 else inner
        angle = math.radians(-90 + 36 * i)
        points.append((centre + r * math.cos(angle), centre + r * math.sin(angle)))
    return points


def _glyph(char: str, font: ImageFont.FreeTypeFont, height: int, width: int) -> Image.Image:
    """One character, `height` tall and squeezed to `width` (seal lettering is condensed)."""
    left, top, right, bottom = font.getbbox(char)
    tile = Image.new("L", (max(1, round(right - left)), max(1, round(bottom - top))), 0)
    ImageDraw.Draw(tile).text((-left, -top), char, font=font, fill=255)
    return tile.resize((max(1, width), max(1, height)), Image.Resampling.LANCZOS)


def draw_seal(name: str) -> bytes:
    """The seal of `name` as a PNG (RGBA, 400 dpi, transparent outside the red)."""
    name = "".join(name.split())
    if not name:
        raise ValueError("印章文字不能为空 (the seal needs a name)")
    scale = SUPERSAMPLE
    size = _mm(DIAMETER_MM, scale)
    centre = size / 2
    ring = _mm(RING_MM, scale)
    path, index = _font_file()
    height = _mm(TEXT_HEIGHT_MM, scale)
    font = ImageFont.truetype(path, size=height, index=index)

    mask = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(mask)
    draw.ellipse((0, 0, size - 1, size - 1), outline=255, width=ring)
    draw.polygon(_star(centre, _mm(STAR_RADIUS_MM, scale)), fill=255)

    # The characters stand on a circle; their tops face the ring.
    text_radius = centre - ring - _mm(TEXT_GAP_MM, scale) - height / 2
    count = len(name)
    natural_step = math.degrees(2 * math.asin(min(1.0, height * 0.5 / text_radius)))  # one square character
    step = min(natural_step * 1.05, MAX_ARC_DEGREES / max(1, count - 1)) if count > 1 else 0.0
    width = min(height, round(2 * text_radius * math.sin(math.radians(step / 2)) * 0.95)) if count > 1 else height
    start = -90.0 - step * (count - 1) / 2  # 0° points right, -90° up; clockwise from the left
    for i, char in enumerate(name):
        angle = start + step * i
        glyph = _glyph(char, font, height, width).rotate(-(angle + 90), resample=Image.Resampling.BICUBIC, expand=True)
        x = centre + text_radius * math.cos(math.radians(angle)) - glyph.width / 2
        y = centre + text_radius * math.sin(math.radians(angle)) - glyph.height / 2
        mask.paste(255, (round(x), round(y)), glyph)

    final = _mm(DIAMETER_MM, 1)
    alpha = mask.resize((final, final), Image.Resampling.LANCZOS)
    seal = Image.new("RGBA", (final, final), SEAL_RED)
    seal.putalpha(alpha)
    out = io.BytesIO()
    seal.save(out, format="PNG", dpi=(DPI, DPI), optimize=True)
    return out.getvalue()
