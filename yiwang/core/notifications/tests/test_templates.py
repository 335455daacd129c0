from __future__ import annotations

import pytest

from yiwang.core.notifications.models import NotificationTemplate
from yiwang.core.notifications.templates import UnknownTemplate, register_template, render

pytestmark = pytest.mark.django_db


def test_registered_template_renders_title_body_and_sms() -> None:
    register_template(
        "tests.t1", title="工单 {{ n }} 已派发", body="请在 {{ days }} 个工作日内办理。", sms="工单{{ n }}待办"
    )
    assert render("tests.t1", {"n": "YC2026-0001", "days": 5}) == (
        "工单 YC2026-0001 已派发",
        "请在 5 个工作日内办理。",
        "工单YC2026-0001待办",
    )


def test_template_without_sms_renders_none_for_sms() -> None:
    register_template("tests.t2", title="标题", body="正文")
    assert render("tests.t2", {})[2] is None


def test_template_output_is_plain_text_not_html_escaped() -> None:
    register_template("tests.t3", title="{{ name }}", body="{{ name }}")
    assert render("tests.t3", {"name": "A & B <公司>"})[:2] == ("A & B <公司>", "A & B <公司>")


def test_database_override_wins_over_the_code_default() -> None:
    register_template("tests.t4", title="默认标题 {{ x }}", body="默认正文")
    NotificationTemplate.objects.create(code="tests.t4", title="管理员改过的标题 {{ x }}", body="新正文", sms="")
    assert render("tests.t4", {"x": 1}) == ("管理员改过的标题 1", "新正文", None)


def test_unknown_template_is_refused() -> None:
    with pytest.raises(UnknownTemplate):
        render("tests.no_such_template", {})
