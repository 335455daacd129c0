"""The GB/T 9704-2012 renderer, measured in the PDF it produces (pdfplumber, ±1 mm)."""

from __future__ import annotations

import datetime
import io
import itertools
from typing import Any

import pdfplumber
import pytest

from yiwang.modules.documents.rendering import (
    DocumentSpec,
    DraftingSheetSpec,
    Opinion,
    RenderingError,
    fonts,
    render_document,
    render_drafting_sheet,
)

MM = 72 / 25.4
# Pure ideographs (no punctuation), so a full line is exactly 28 characters.
FILLER = "为认真贯彻落实全市冬季森林草原防灭火工作部署切实加强火源管控和隐患排查确保林区安全稳定"


def spec(**overrides: Any) -> DocumentSpec:
    values: dict[str, Any] = {
        "title": "伊春市人民政府关于做好2026年冬季森林草原防灭火工作的通知",
        "body": "\n".join(
            ["一、总体要求", "（一）强化组织领导。" + FILLER, "1.压实属地责任" + FILLER, "（1）严格值班值守" + FILLER]
            + [FILLER * 3] * 12
        ),
        "issuer_marks": ("伊春市人民政府",),
        "issuer_signatures": ("伊春市人民政府",),
        "date": datetime.date(2026, 3, 1),
        "doc_number": "伊政发〔2026〕12号",
        "copy_number": "000123",
        "urgency": "特急",
        "main_recipients": "各区、县（市）人民政府，市政府各部门",
        "attachments_note": ("伊春市冬季森林防火重点区域名单", "伊春市森林防火值班安排表"),
        "cc": "市委各部门，市人大常委会办公室，市政协办公室",
        "printer": "伊春市人民政府办公室",
        "print_date": datetime.date(2026, 3, 2),
    }
    values.update(overrides)
    return DocumentSpec(**values)


@pytest.fixture(scope="module")
def rendered() -> Any:
    return render_document(spec())


@pytest.fixture(scope="module")
def pdf(rendered: Any) -> Any:
    with pdfplumber.open(io.BytesIO(rendered.pdf)) as document:
        yield document


def lines(page: Any, size: float = 16) -> list[list[dict[str, Any]]]:
    """Characters of `size` grouped into lines by baseline, top to bottom, each left to right."""
    chars = sorted(
        (c for c in page.chars if abs(c["size"] - size) < 0.5 and c["text"].strip()),
        key=lambda c: page.height - c["matrix"][5],
    )
    out: list[list[dict[str, Any]]] = []
    last = None
    for char in chars:
        baseline = page.height - char["matrix"][5]
        if last is not None and abs(baseline - last) < 2 * MM:
            out[-1].append(char)
        else:
            out.append([char])
            last = baseline
    return [sorted(line, key=lambda c: c["x0"]) for line in out]


def centre_mm(chars: list[dict[str, Any]]) -> float:
    return sum((c["top"] + c["bottom"]) / 2 for c in chars) / len(chars) / MM


def test_page_is_a4(pdf: Any) -> None:
    for page in pdf.pages:
        assert page.width / MM == pytest.approx(210, abs=1)
        assert page.height / MM == pytest.approx(297, abs=1)


def test_body_has_22_lines_of_28_characters_on_a_full_page(pdf: Any) -> None:
    body = lines(pdf.pages[1])
    assert len(body) == 22
    full = [line for line in body if len(line) == 28 and line[0]["x0"] / MM == pytest.approx(28, abs=1)]
    assert full, "no full line on a full page"
    for line in full:
        assert line[-1]["x1"] / MM == pytest.approx(184, abs=1)
        pitch = (line[-1]["x0"] - line[0]["x0"]) / 27 / MM
        assert pitch == pytest.approx(156 / 28, abs=0.05)
    line_pitch = (centre_mm(body[-1]) - centre_mm(body[0])) / 21
    assert line_pitch == pytest.approx(225 / 22, abs=0.05)


def test_text_block_starts_37_mm_from_the_top_and_28_mm_from_the_left(pdf: Any) -> None:
    body = lines(pdf.pages[1])
    pitch = 225 / 22
    assert centre_mm(body[0]) - pitch / 2 == pytest.approx(37, abs=1)
    assert centre_mm(body[-1]) + pitch / 2 == pytest.approx(262, abs=1)
    continuation = [line for line in body if line[0]["x0"] / MM < 30]
    assert continuation and all(line[0]["x0"] / MM == pytest.approx(28, abs=1) for line in continuation)
    indented = [line for line in body if line[0]["x0"] / MM > 30]
    assert indented and all(line[0]["x0"] / MM == pytest.approx(28 + 2 * 156 / 28, abs=1) for line in indented)


def test_issuer_mark_is_red_centred_and_35_mm_below_the_text_block_top(pdf: Any) -> None:
    page = pdf.pages[0]
    mark = [c for c in page.chars if c["size"] > 30]
    assert "".join(c["text"] for c in mark) == "伊春市人民政府文件"
    assert all(c["non_stroking_color"] == (1.0, 0.0, 0.0) for c in mark)
    left, right = min(c["x0"] for c in mark) / MM, max(c["x1"] for c in mark) / MM
    assert (left + right) / 2 == pytest.approx(28 + 156 / 2, abs=1)
    assert right - left <= 156
    assert min(c["top"] for c in mark) / MM == pytest.approx(37 + 35, abs=1)


def test_red_separator_is_4_mm_below_the_document_number_across_the_text_block(pdf: Any) -> None:
    page = pdf.pages[0]
    (rule,) = [r for r in page.rects if r["non_stroking_color"] == (1.0, 0.0, 0.0)]
    number = next(c for c in lines(page) if "".join(ch["text"] for ch in c) == "伊政发〔2026〕12号")
    assert rule["width"] / MM == pytest.approx(156, abs=1)
    assert rule["x0"] / MM == pytest.approx(28, abs=1)
    number_bottom = max(c["bottom"] for c in number) / MM
    assert rule["top"] / MM - number_bottom == pytest.approx(4, abs=1)
    centre = (number[0]["x0"] + number[-1]["x1"]) / 2 / MM
    assert centre == pytest.approx(28 + 78, abs=1)


def test_body_is_3hao_and_title_2hao(pdf: Any) -> None:
    page = pdf.pages[0]
    title = "".join(c["text"] for c in page.chars if abs(c["size"] - 22) < 0.5)
    assert title == "伊春市人民政府关于做好2026年冬季森林草原防灭火工作的通知"
    assert any(abs(c["size"] - 16) < 0.5 and c["text"] == "为" for c in page.chars)


def test_title_wraps_at_word_boundaries_never_inside_a_number(pdf: Any) -> None:
    title_lines = ["".join(c["text"] for c in line) for line in lines(pdf.pages[0], 22)]
    assert len(title_lines) == 2
    assert "2026" in "".join(title_lines) and all(line[-1] not in "0123456789" for line in title_lines[:-1])
    assert len(title_lines[0]) != len(title_lines[1])


def test_headings_are_set_in_heiti_kaiti_and_fangsong_by_level(pdf: Any) -> None:
    page = pdf.pages[0]
    by_text = {"".join(c["text"] for c in line): line for line in lines(page)}
    (level1,) = [line for text, line in by_text.items() if text.startswith("一、总体要求")]
    assert all("Sans" in c["fontname"] for c in level1)
    level2 = next(line for text, line in by_text.items() if text.startswith("（一）强化组织领导"))
    assert all("Kaiti" in c["fontname"] or "KaitiM" in c["fontname"] for c in level2[:9])
    assert "FangSong" in level2[-1]["fontname"] or "Serif" in level2[-1]["fontname"]


def test_page_numbers_are_right_on_odd_pages_and_left_on_even_pages_with_dashes(pdf: Any) -> None:
    for number, page in enumerate(pdf.pages, 1):
        chars = [c for c in page.chars if abs(c["size"] - 14) < 0.5 and c["top"] / MM > 262]
        assert "".join(c["text"] for c in chars).replace(" ", "") == f"—{number}—"
        left, right = min(c["x0"] for c in chars) / MM, max(c["x1"] for c in chars) / MM
        if number % 2:
            assert right == pytest.approx(184 - 14 / MM, abs=1)
        else:
            assert left == pytest.approx(28 + 14 / MM, abs=1)
        assert centre_mm(chars) == pytest.approx(262 + 7, abs=1)


def test_imprint_has_thick_thin_thick_rules_across_the_text_block_ending_on_its_bottom_edge(pdf: Any) -> None:
    page = pdf.pages[-1]
    # table borders: one segment per cell, joined end to end
    rules: dict[float, list[dict[str, Any]]] = {}
    for segment in page.lines:
        rules.setdefault(round(segment["top"] / MM, 1), []).append(segment)
    ordered = [rules[top] for top in sorted(rules)]
    assert [round(parts[0]["linewidth"] / MM, 2) for parts in ordered] == [0.35, 0.25, 0.35]
    for parts in ordered:
        assert min(p["x0"] for p in parts) / MM == pytest.approx(28, abs=1)
        assert max(p["x1"] for p in parts) / MM == pytest.approx(184, abs=1)
    assert sorted(rules)[-1] == pytest.approx(262, abs=1)
    text = page.extract_text()
    assert "抄送：市委各部门，市人大常委会办公室，市政协办公室。" in text.replace(" ", "")
    assert "2026年3月2日印发" in text.replace(" ", "")


def test_five_page_document_has_five_pages(rendered: Any, pdf: Any) -> None:
    assert rendered.pages == len(pdf.pages) == 5


def test_seal_box_overlaps_signature_and_date(rendered: Any, pdf: Any) -> None:
    (seal,) = rendered.seal_boxes
    page = pdf.pages[seal.page]
    text_lines = {"".join(c["text"] for c in line): line for line in lines(page)}
    signature, date = text_lines["伊春市人民政府"], text_lines["2026年3月1日"]
    top, bottom = page.height - seal.y - seal.height, page.height - seal.y
    for line in (signature, date):
        assert seal.x < line[0]["x0"] and line[-1]["x1"] < seal.x + seal.width
        assert top < line[0]["top"] and line[0]["bottom"] < bottom
    # 成文日期右空四字; the seal's centre above the text's (署名和日期居印章中心偏下)
    assert date[-1]["x1"] / MM == pytest.approx(184 - 4 * 156 / 28, abs=1)
    assert (top + bottom) / 2 < (signature[0]["top"] + date[0]["bottom"]) / 2


def test_joint_document_shows_every_mark_and_signature_with_a_seal_each() -> None:
    issuers = ("伊春市应急管理局", "伊春市林业和草原局", "伊春市公安局")
    result = render_document(spec(issuer_marks=issuers, issuer_signatures=issuers, body=FILLER))
    with pdfplumber.open(io.BytesIO(result.pdf)) as document:
        first = document.pages[0]
        marks = [c for c in first.chars if c["size"] > 25]
        mark_lines = ["".join(c["text"] for c in line) for line in lines(first, marks[0]["size"])]
        assert [line.removesuffix("文件") for line in mark_lines[:3]] == list(issuers) or all(
            any(name in line for line in mark_lines) for name in issuers
        )
        assert "文件" in "".join(mark_lines)
        text = "".join(page.extract_text() for page in document.pages).replace(" ", "")
    assert all(name in text for name in issuers)
    assert [seal.issuer for seal in result.seal_boxes] == list(issuers)
    boxes = sorted(result.seal_boxes, key=lambda s: s.x)
    for a, b in itertools.pairwise(boxes):
        assert a.x + a.width < b.x  # 印章之间互不相交或相切
    assert boxes[0].x >= 28 * MM - 1 and boxes[-1].x + boxes[-1].width <= 184 * MM + 1


def test_character_no_font_has_is_reported_and_drawn_as_a_visible_mark() -> None:
    absent = "\U00031350"  # CJK Extension H: no installed face has it
    assert not fonts.has_glyph(absent)
    result = render_document(spec(body=f"请核对地名{absent}屯的写法。"))
    assert result.missing_glyphs == (absent,)
    with pdfplumber.open(io.BytesIO(result.pdf)) as document:
        text = document.pages[0].extract_text()
        marks = [c for c in document.pages[0].chars if c["text"] == fonts.MISSING_MARK]
    assert "地名〓屯" in text.replace(" ", "")
    assert marks and marks[0]["non_stroking_color"] == (1.0, 0.0, 0.0)


def test_characters_fangsong_lacks_fall_back_to_noto_serif_and_are_reported(pdf: Any, rendered: Any) -> None:
    assert "实" in rendered.fallback_glyphs and "林" not in rendered.fallback_glyphs
    chars = pdf.pages[1].chars
    assert any(c["text"] == "林" and "FangSong" in c["fontname"] for c in chars)
    assert any(c["text"] == "实" and "Noto-Serif-CJK-SC" in c["fontname"] for c in chars)
    assert not rendered.missing_glyphs


def test_fonts_are_embedded_as_subsets(pdf: Any) -> None:
    names = {c["fontname"] for page in pdf.pages for c in page.chars}
    assert names and all("+" in name for name in names)


def test_unsealed_document_signature_is_two_characters_from_the_right() -> None:
    result = render_document(spec(sealed=False, body=FILLER))
    assert result.seal_boxes == ()
    with pdfplumber.open(io.BytesIO(result.pdf)) as document:
        by_text = {"".join(c["text"] for c in line): line for page in document.pages for line in lines(page)}
    signature, date = by_text["伊春市人民政府"], by_text["2026年3月1日"]
    assert signature[-1]["x1"] / MM == pytest.approx(184 - 2 * 156 / 28, abs=1)
    assert date[0]["x0"] - signature[0]["x0"] == pytest.approx(2 * 156 / 28 * MM, abs=MM)


def test_upward_document_puts_the_number_left_and_signers_right() -> None:
    result = render_document(spec(signers=("王明",), doc_type="请示", body=FILLER))
    with pdfplumber.open(io.BytesIO(result.pdf)) as document:
        line = next(ln for ln in lines(document.pages[0]) if "签发人" in "".join(c["text"] for c in ln))
    assert "".join(c["text"] for c in line) == "伊政发〔2026〕12号签发人：王明"  # one line
    assert line[0]["x0"] / MM == pytest.approx(28 + 156 / 28, abs=1)
    assert line[-1]["x1"] / MM == pytest.approx(184 - 156 / 28, abs=1)
    assert "Kai" in line[-1]["fontname"]


def test_attachment_note_is_indented_two_characters_with_names_aligned(pdf: Any) -> None:
    by_text = {"".join(c["text"] for c in line): line for page in pdf.pages for line in lines(page)}
    first = by_text["附件：1.伊春市冬季森林防火重点区域名单"]
    second = by_text["2.伊春市森林防火值班安排表"]
    assert first[0]["x0"] / MM == pytest.approx(28 + 2 * 156 / 28, abs=1)
    assert second[0]["x0"] == pytest.approx(first[3]["x0"], abs=MM)


def test_classified_document_is_refused_with_a_chinese_message() -> None:
    with pytest.raises(RenderingError, match="涉密公文"):
        render_document(spec(secrecy="机密★1年"))


def test_drafting_sheet_contains_every_opinion() -> None:
    at = datetime.datetime(2026, 2, 26, 9, 30)
    opinions = (
        Opinion("核稿", "李红", "市政府办公室", "文字已核，同意报签。", at),
        Opinion(
            "会签", "赵刚", "伊春市林业和草原局", "同意，建议增加重点林区巡护内容。", at + datetime.timedelta(hours=3)
        ),
        Opinion("签发", "张伟", "伊春市人民政府", "同意印发。", at + datetime.timedelta(days=1)),
    )
    pdf_bytes = render_drafting_sheet(
        DraftingSheetSpec(
            document=spec(), drafter="刘洋", drafting_agency="伊春市应急管理局", opinions=opinions, reviewed_by="李红"
        )
    )
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as document:
        text = "".join(page.extract_text() for page in document.pages).replace(" ", "").replace("\n", "")
    assert "伊春市应急管理局发文稿纸" in text
    for opinion in opinions:
        assert opinion.text in text and opinion.person in text and opinion.step in text
    assert "刘洋" in text and "伊政发〔2026〕12号" in text
