"""What the renderer needs to lay out a document: plain data, no models.

The services build a `DocumentSpec` from a document; the renderer returns the PDF and where the
seals go, so the sealing step can place each 印章 over its 发文机关署名 and 成文日期 as
GB/T 9704-2012 §7.3.5 requires.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from yiwang.core.seals.types import SealBox  # where each seal goes: the seal service's own type


@dataclass(frozen=True)
class DocumentSpec:
    title: str  # 标题
    body: str  # 正文: paragraphs separated by newlines; headings recognised by 一、 （一） 1. （1）
    issuer_marks: tuple[str, ...]  # 发文机关标志: one name, or several for a joint document (主办 first)
    issuer_signatures: tuple[str, ...]  # 发文机关署名, in the same order
    date: datetime.date  # 成文日期
    doc_number: str = ""  # 发文字号, e.g. 伊政发〔2026〕12号 (empty while a draft)
    doc_type: str = "通知"  # 文种: one of the 15 types
    copy_number: str = ""  # 份号 (6 digits when printed)
    secrecy: str = ""  # 密级 and 保密期限: always empty here (classified material is refused earlier)
    urgency: str = ""  # 紧急程度: "", "加急" or "特急"
    signers: tuple[str, ...] = ()  # 签发人 (上行文 only)
    main_recipients: str = ""  # 主送机关
    attachments_note: tuple[str, ...] = ()  # 附件说明, one entry per attachment
    note: str = ""  # 附注 (e.g. 联系人及电话)
    cc: str = ""  # 抄送机关
    printer: str = ""  # 印发机关
    print_date: datetime.date | None = None  # 印发日期
    sealed: bool = True  # False for 纪要 and documents issued without a seal (署名 is then printed in full)


@dataclass(frozen=True)
class RenderedDocument:
    pdf: bytes
    pages: int
    seal_boxes: tuple[SealBox, ...] = field(default=())
    missing_glyphs: tuple[str, ...] = field(default=())  # characters no installed font has (shown visibly)
    # characters the element's own face (e.g. cwTeXFangSong for 仿宋) lacks, drawn in a fallback face
    fallback_glyphs: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Opinion:
    """One opinion on the 发文稿纸: who, in which step, what they wrote, and when."""

    step: str  # 拟稿 / 核稿 / 会签 / 签发 / 复核 …
    person: str
    agency: str
    text: str
    at: datetime.datetime


@dataclass(frozen=True)
class DraftingSheetSpec:
    """发文稿纸: the drafting sheet with every opinion, printed with the draft."""

    document: DocumentSpec
    drafter: str
    drafting_agency: str
    opinions: tuple[Opinion, ...] = ()
    reviewed_by: str = ""  # 核稿人
