"""The official PDF of a 公文 per GB/T 9704-2012, laid out by WeasyPrint (CSS paged media).

WeasyPrint was chosen by measurement: a five-page 通知 renders in well under the 1 s p95 target on
this machine (see bench/documents/render.py), the `@page :left/:right` margin boxes give the odd
and even page numbers, a CSS footnote puts the 版记 on the last page's foot, fonts are embedded as
subsets and the text stays extractable. Layout happens once: the seal boxes are read from the laid
out pages before the PDF is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import Box

from . import fonts
from . import geometry as g
from .spec import DocumentSpec, RenderedDocument, SealBox
from .text import chinese_date, face_css, grid_width_em, markup, split_paragraphs, title_lines

CLASSIFIED = ("绝密", "机密", "秘密")
JOINT_COLUMNS = 3  # seals per row: 3 × 45 mm seals fit the 156 mm text block without touching
PX = 0.75  # WeasyPrint lays out in CSS px; 1 px = 0.75 pt


class RenderingError(ValueError):
    """A document the renderer refuses to lay out; the message is for the user."""


def _flag_suffix(spec: DocumentSpec) -> str:
    if spec.doc_type == "函":
        return ""  # 信函格式: the 发文机关标志 is the agency's name alone
    suffix = "纪要" if spec.doc_type == "纪要" else "文件"
    return "" if any(mark.endswith(suffix) for mark in spec.issuer_marks) else suffix


def _flag(spec: DocumentSpec) -> dict[str, Any]:
    """发文机关标志: red 小标宋, centred; joint marks stacked, equal width, 文件 beside them, centred."""
    suffix = _flag_suffix(spec)
    widths = [fonts.advance_em(mark, "xiaobiaosong") for mark in spec.issuer_marks]
    suffix_em = fonts.advance_em(suffix, "xiaobiaosong")
    joint = len(spec.issuer_marks) > 1
    total_em = max(widths) + suffix_em + (0.25 if joint and suffix else 0)
    size = min(g.FLAG_MAX_SIZE * (0.8 if joint else 1), g.BLOCK_WIDTH_MM * g.MM * 0.96 / total_em)
    names = []
    for mark, width in zip(spec.issuer_marks, widths, strict=True):
        gaps = max(len(mark) - 1, 1)
        spacing = (max(widths) - width) * size / gaps if len(mark) > 1 else 0.0
        names.append({"text": markup(mark, "xiaobiaosong", grid=False), "spacing": round(spacing, 3)})
    return {
        "joint": joint,
        "names": names,
        "suffix": markup(suffix, "xiaobiaosong", grid=False),
        "size": round(size, 2),
    }


def _closing(spec: DocumentSpec, date: str) -> dict[str, Any]:
    """署名 and 成文日期 per GB/T 9704-2012 §7.3.5."""
    signatures = list(spec.issuer_signatures)
    date_em = grid_width_em(date)
    if spec.sealed and len(signatures) > 1:
        # §7.3.5.2: signatures in order, each under its own seal; the date under the last one.
        rows = [signatures[i : i + JOINT_COLUMNS] for i in range(0, len(signatures), JOINT_COLUMNS)]
        columns = min(len(signatures), JOINT_COLUMNS)
        cells = []
        index = 0
        for row in rows:
            line: list[dict[str, Any] | None] = []
            for name in row:
                line.append({"index": index, "text": markup(name)})
                index += 1
            line += [None] * (columns - len(line))
            cells.append(line)
        last_column = (len(signatures) - 1) % JOINT_COLUMNS
        return {
            "joint": True,
            "rows": cells,
            "columns": columns,
            "blank_cells": range(last_column),
        }
    if spec.sealed:
        # §7.3.5.1: the date 右空四字, the signature centred over the date.
        sig_em = grid_width_em(signatures[0]) if signatures else 0.0
        pad = max(4 + (date_em - sig_em) / 2, 0)
        return {
            "joint": False,
            "signatures": [{"index": 0, "text": markup(signatures[0]), "pad": round(pad, 3)}] if signatures else [],
            "date_pad": 4,
        }
    # §7.3.5.3 no seal: signature 右空二字, the date's first character two characters right of the
    # signature's; a date longer than that is set 右空二字 and the signature moves left.
    sig_em = max((grid_width_em(s) for s in signatures), default=0.0)
    if date_em <= sig_em:
        sig_pad, date_pad = 2.0, sig_em - date_em
    else:
        date_pad = 2.0
        sig_pad = date_pad + date_em + 2 - sig_em
    return {
        "joint": False,
        "signatures": [
            {"index": i, "text": markup(s), "pad": round(sig_pad + sig_em - grid_width_em(s), 3)}
            for i, s in enumerate(signatures)
        ],
        "date_pad": round(date_pad, 3),
    }


def _attachments(spec: DocumentSpec) -> list[dict[str, Any]]:
    """附件说明: 附件：1. 名称 — numbered only when there are several, names without end punctuation."""
    items = [a.strip().rstrip("。，；;,.") for a in spec.attachments_note if a.strip()]
    if len(items) == 1:
        return [{"no": "", "name": markup(items[0])}]
    return [{"no": f"{i}.", "name": markup(name)} for i, name in enumerate(items, 1)]


def _context(spec: DocumentSpec) -> dict[str, Any]:
    date = chinese_date(spec.date)
    front = [line for line in (spec.copy_number, spec.secrecy, spec.urgency) if line]
    cc = spec.cc.strip()
    if cc and not cc.endswith("。"):
        cc += "。"
    imprint = None
    if cc or spec.printer:
        label_em = grid_width_em("抄送：")
        imprint = {
            "cc": markup(cc),
            "cc_label": round(label_em, 3),
            "cc_indent": round(1 + label_em, 3),
            "printer": markup(spec.printer),
            "print_date": chinese_date(spec.print_date) + "印发" if spec.print_date else "",
        }
    note = spec.note.strip()
    if note and not note.startswith("（"):
        note = f"（{note}）"
    recipients = spec.main_recipients.strip()
    if recipients and not recipients.endswith(("：", ":")):
        recipients += "："
    paragraphs = [
        {
            "heading": markup(p.heading, p.heading_role),
            "css": {"heiti": "heiti", "kaiti": "kaiti"}.get(p.heading_role, ""),
            "rest": markup(p.rest),
        }
        for p in split_paragraphs(spec.body)
    ]
    max_title_em = g.BLOCK_WIDTH_MM * g.MM / g.SIZE_2 - 0.2
    return {
        "g": g,
        "fonts": {role: fonts.css_family(role) for role in fonts.CHAINS},
        "face_css": face_css(),
        "page_number_pad_mm": round(g.PAGE_NUMBER_DASH_BELOW_MM - (0.5 + 0.219) * g.SIZE_4 / g.MM, 3),
        "number_gap": round(2 * g.LINE_PITCH, 3),
        "title_gap": round(2 * g.LINE_PITCH, 3),
        "closing_gap": round((2 if spec.sealed else 1) * g.LINE_PITCH, 3),
        "seal_row_gap": round(4 * g.LINE_PITCH, 3),
        "title_text": spec.title,
        "front_lines": [markup(line, "heiti") for line in front],
        "flag": _flag(spec),
        "doc_number": markup(spec.doc_number),
        "signers": [markup(s, "kaiti") for s in spec.signers],
        "title": [markup(line, "xiaobiaosong", grid=False) for line in title_lines(spec.title, max_title_em)],
        "recipients": markup(recipients),
        "paragraphs": paragraphs,
        "attachments": _attachments(spec),
        "closing": _closing(spec, date),
        "date": markup(date),
        "note": markup(note),
        "imprint": imprint,
    }


def _texts(spec: DocumentSpec) -> dict[str, list[str]]:
    """Every text of the document by the role (face) it is set in, for the fallback report."""
    paragraphs = split_paragraphs(spec.body)
    return {
        "xiaobiaosong": [*spec.issuer_marks, spec.title],
        "heiti": [spec.copy_number, spec.secrecy, spec.urgency]
        + [p.heading for p in paragraphs if p.heading_role == "heiti"],
        "kaiti": [*spec.signers] + [p.heading for p in paragraphs if p.heading_role == "kaiti"],
        "fangsong": [
            spec.doc_number,
            spec.main_recipients,
            *[p.rest for p in paragraphs],
            *[p.heading for p in paragraphs if p.heading_role == "fangsong"],
            *spec.attachments_note,
            *spec.issuer_signatures,
            spec.note,
            spec.cc,
            spec.printer,
            chinese_date(spec.date),
        ],
    }


def _boxes_by_id(box: Box) -> Iterator[tuple[str, Box]]:
    element_id = box.element.get("id") if box.element is not None and box.element_tag == "span" else None
    if element_id:
        yield element_id, box
    for child in getattr(box, "children", ()):
        yield from _boxes_by_id(child)


def _seal_boxes(spec: DocumentSpec, pages: list[Any]) -> tuple[SealBox, ...]:
    """Where each seal goes (§7.3.5): centred on its 署名 (the last also on the 成文日期), its centre a
    quarter line above the text's, so 署名 and 日期 sit 偏下 in the seal."""
    if not spec.sealed:
        return ()
    found: dict[str, tuple[int, float, float, float, float]] = {}
    for number, page in enumerate(pages):
        for element_id, box in _boxes_by_id(page._page_box):
            if element_id not in found:
                found[element_id] = (
                    number,
                    box.position_x * PX,
                    box.position_y * PX,
                    box.margin_width() * PX,
                    box.margin_height() * PX,
                )
    if "date" not in found:
        return ()
    page_height = g.PAGE_HEIGHT_MM * g.MM
    diameter = g.SEAL_DIAMETER_MM * g.MM
    _date_page, date_x, _date_y, date_w, _date_h = found["date"]
    seals = []
    count = len(spec.issuer_signatures)
    for index, issuer in enumerate(spec.issuer_signatures):
        sig = found.get(f"signature-{index}")
        if sig is None:
            continue
        page, x, y, w, h = sig
        centre_x = date_x + date_w / 2 if count == 1 else x + w / 2
        # the pair's centre: this signature line and the date line below it (one line pitch)
        centre_y = y + h / 2 + g.LINE_PITCH / 2 - g.LINE_PITCH / 4
        seals.append(
            SealBox(
                page=page,
                x=round(centre_x - diameter / 2, 2),
                y=round(page_height - centre_y - diameter / 2, 2),
                width=round(diameter, 2),
                height=round(diameter, 2),
                issuer=issuer,
            )
        )
    return tuple(seals)


def render_document(spec: DocumentSpec) -> RenderedDocument:
    """The official PDF of `spec` per GB/T 9704-2012, with where each seal goes and any missing glyphs."""
    if spec.secrecy.strip().startswith(CLASSIFIED):
        raise RenderingError("涉密公文（绝密、机密、秘密）不得在互联网平台生成版式文件，请通过涉密办公系统办理。")
    if not spec.issuer_marks:
        raise RenderingError("缺少发文机关标志：请至少填写一个发文机关。")
    if len(spec.issuer_signatures) not in (0, len(spec.issuer_marks)) and spec.sealed:
        raise RenderingError("发文机关署名须与发文机关标志一一对应。")
    texts = _texts(spec)
    missing = fonts.missing_characters(t for group in texts.values() for t in group)
    fallback: set[str] = set()
    for role, group in texts.items():
        for text in group:
            fallback |= fonts.fallback_characters(text, role)
    html = render_to_string("documents/rendering/document.html", _context(spec))
    document = HTML(string=html).render()
    seal_boxes = _seal_boxes(spec, document.pages)
    pdf = document.write_pdf()
    return RenderedDocument(
        pdf=pdf,
        pages=len(document.pages),
        seal_boxes=seal_boxes,
        missing_glyphs=tuple(missing),
        fallback_glyphs=tuple(sorted(fallback - set(missing))),
    )
