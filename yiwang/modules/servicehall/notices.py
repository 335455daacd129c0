"""办件文书 as PDF: 受理通知书（回执）, 补正告知书, 不予受理通知书, 特别程序告知书, 准予/不予决定书 and
撤销决定书, rendered from the notice's stored content with the agency's name and the 办件编号.

Electronic signing and the seal come with e-certificates later; this module only lays the text out.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from .models import ApplicationNotice

TEMPLATE = "servicehall/applications/notice_pdf.html"


def notice_context(notice: ApplicationNotice) -> dict[str, Any]:
    application = notice.application
    return {
        "notice": notice,
        "title": notice.get_kind_display(),
        "application": application,
        "agency_name": application.agency.full_name,
        "number": application.number,
        "item_name": application.item.name,
        "applicant_name": application.applicant_name,
        "issued_on": timezone.localtime(notice.issued_at).date(),
        "content": notice.content,
    }


def render_html(notice: ApplicationNotice) -> str:
    return render_to_string(TEMPLATE, notice_context(notice))


def render_pdf(notice: ApplicationNotice) -> bytes:
    from weasyprint import HTML  # imported here: loading weasyprint costs time and memory

    return bytes(HTML(string=render_html(notice)).write_pdf())


def filename(notice: ApplicationNotice) -> str:
    return f"{notice.application.number}-{notice.kind}.pdf"
