"""GB/T 9704-2012 page geometry, in PDF points (1 pt = 1/72 in) unless a name says mm.

A4 210 × 297 mm; 天头 37 mm, 订口 28 mm; 版心 156 × 225 mm (so 35 mm at the foot, 26 mm at the
fore-edge); 22 lines × 28 characters of 3号 (16 pt) type. 22 lines of 16 pt with the standard's
7/8-character leading would need 232 mm, so — as every GB/T 9704 template does with its document
grid — the line pitch is the text block's height / 22 and the character pitch its width / 28, the
characters drawn 0.2 pt closer than their 16 pt em.
"""

from __future__ import annotations

MM = 72 / 25.4

PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
TOP_MM = 37.0  # 天头
LEFT_MM = 28.0  # 订口
BLOCK_WIDTH_MM = 156.0  # 版心
BLOCK_HEIGHT_MM = 225.0
RIGHT_MM = PAGE_WIDTH_MM - LEFT_MM - BLOCK_WIDTH_MM
BOTTOM_MM = PAGE_HEIGHT_MM - TOP_MM - BLOCK_HEIGHT_MM

LINES_PER_PAGE = 22
CHARS_PER_LINE = 28

# 号 sizes
SIZE_2 = 22.0  # 2号: 标题
SIZE_3 = 16.0  # 3号: 正文 and most elements
SIZE_4 = 14.0  # 4号: 版记, 页码

# A hair under the exact quotient so 22 lines and 28 characters never round over the edge.
LINE_PITCH = BLOCK_HEIGHT_MM * MM / LINES_PER_PAGE - 0.001
CHAR_PITCH = BLOCK_WIDTH_MM * MM / CHARS_PER_LINE - 0.001

FLAG_TOP_MM = 35.0  # 发文机关标志上边缘至版心上边缘
SEPARATOR_GAP_MM = 4.0  # 发文字号之下 4 mm 处印一条红色分隔线
SEPARATOR_THICKNESS_MM = 0.5
FLAG_MAX_SIZE = 56.0  # pt; the flag is shrunk to fit the text block's width
IMPRINT_THICK_MM = 0.35  # 版记 first and last rules
IMPRINT_THIN_MM = 0.25  # 版记 middle rules
PAGE_NUMBER_DASH_BELOW_MM = 7.0  # 一字线上距版心下边缘 7 mm
# 国发〔1999〕25号: 市、县 bodies' seals are 4.5 cm, their departments' 4.2 cm; the box is the larger.
SEAL_DIAMETER_MM = 45.0
RED = "#ff0000"
