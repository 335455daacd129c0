"""发文稿纸: the drafting sheet printed with a draft — its fields and every opinion, in order."""

from __future__ import annotations

from django.template.loader import render_to_string
from weasyprint import HTML

from . import fonts
from .spec import DraftingSheetSpec
from .text import chinese_date, markup


def render_drafting_sheet(spec: DraftingSheetSpec) -> bytes:
    """The 发文稿纸 PDF of `spec`: 签发, 会签, 核稿 and every other opinion with who, where and when."""
    document = spec.document
    opinions = sorted(spec.opinions, key=lambda o: o.at)
    context = {
        "fonts": {role: fonts.css_family(role) for role in fonts.CHAINS},
        "agency": markup(spec.drafting_agency, grid=False),
        "fields": [
            ("标题", document.title),
            ("发文字号", document.doc_number or "（登记时编号）"),
            ("文种", document.doc_type),
            ("紧急程度", document.urgency or "—"),
            ("主送", document.main_recipients or "—"),
            ("抄送", document.cc or "—"),
            ("拟稿单位", spec.drafting_agency),
            ("拟稿人", spec.drafter),
            ("核稿人", spec.reviewed_by or "—"),
            ("成文日期", chinese_date(document.date)),
        ],
        "opinions": [
            {
                "step": markup(o.step, grid=False),
                "person": markup(o.person, grid=False),
                "agency": markup(o.agency, grid=False),
                "text": markup(o.text, grid=False),
                "at": o.at.strftime("%Y-%m-%d %H:%M"),
            }
            for o in opinions
        ],
    }
    context["fields"] = [(label, markup(value, grid=False)) for label, value in context["fields"]]
    html = render_to_string("documents/rendering/drafting_sheet.html", context)
    return HTML(string=html).write_pdf()
