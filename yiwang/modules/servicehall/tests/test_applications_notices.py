"""办件文书 as PDF and their text: the agency's name, the 办件编号, the 补正 list once, the remedies."""

from __future__ import annotations

import pytest

from yiwang.modules.servicehall import notices
from yiwang.modules.servicehall.models import ApplicationNotice
from yiwang.modules.servicehall.services import applications as services

from .applications_support import Hall, accept, hall_fixture, submit  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_correction_notice_lists_each_problem_once_with_the_agency_and_number(hall: Hall) -> None:
    application = submit(hall, without=(hall.premises, hall.identity))
    notice = services.request_correction(
        application=application,
        actor=hall.window,
        problems=[
            {"material": hall.form.pk, "problem": "缺少法定代表人签字"},
            {"material": hall.form.pk, "problem": "日期填写有误"},
            {"material": hall.identity.pk, "problem": "请提交身份证正反面"},
        ],
    )
    rows = notice.content["items"]
    assert [row["label"] for row in rows] == ["申请书", "身份证明", "场所使用证明"]
    assert rows[0]["problem"] == "缺少法定代表人签字；日期填写有误"
    html = notices.render_html(notice)
    assert "伊春市民政局" in html and application.number in html and "补正告知书" in html
    assert html.count("身份证明") == 1 and "第三十二条" in html


def test_a_second_correction_notice_is_not_possible_while_the_first_waits(hall: Hall) -> None:
    application = submit(hall, without=(hall.premises,))
    services.request_correction(application=application, actor=hall.window, problems=[])
    with pytest.raises(services.ApplicationRefused, match="不能出具补正告知书"):
        services.request_correction(application=application, actor=hall.window, problems=[])
    assert application.notices.filter(kind=ApplicationNotice.Kind.CORRECTION).count() == 1


def test_a_correction_notice_needs_something_to_correct(hall: Hall) -> None:
    application = submit(hall)
    with pytest.raises(services.ApplicationRefused, match="请逐项列出需要补正的内容"):
        services.request_correction(application=application, actor=hall.window, problems=[])


def test_the_receipt_renders_as_a_pdf_with_the_due_dates(hall: Hall) -> None:
    application = accept(hall, submit(hall))
    receipt = application.notices.get(kind=ApplicationNotice.Kind.RECEIPT)
    html = notices.render_html(receipt)
    assert "受理通知书" in html and receipt.content["statutory_due"] in html and "承诺办结期限" in html
    pdf = notices.render_pdf(receipt)
    assert pdf.startswith(b"%PDF") and notices.filename(receipt) == f"{application.number}-receipt.pdf"
