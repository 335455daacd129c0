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


def test_the_system_admin_overrides_and_resets_a_template(world, reply_template: str) -> None:
    from yiwang.core.audit.models import AuditEntry
    from yiwang.testing.auth import signed_in_client

    client = signed_in_client(world.system_admin)
    assert reply_template in client.get("/staff/notification-templates/").content.decode()
    response = client.post(
        f"/staff/notification-templates/{reply_template}/",
        {"title": "答复通知 {{ number }}", "body": "已答复", "sms": ""},
    )
    assert response.status_code == 302
    assert render(reply_template, {"number": "9"}) == ("答复通知 9", "已答复", None)
    client.post(f"/staff/notification-templates/{reply_template}/", {"reset": "1", "title": "x", "body": "x"})
    assert render(reply_template, {"number": "9"})[0] == "您的留言 9 已答复"
    assert (
        AuditEntry.objects.filter(event__in=["notifications.override_template", "notifications.reset_template"]).count()
        == 2
    )


def test_a_template_with_a_syntax_error_is_refused_and_the_text_kept(world, reply_template: str) -> None:
    from yiwang.testing.auth import signed_in_client

    client = signed_in_client(world.system_admin)
    response = client.post(
        f"/staff/notification-templates/{reply_template}/", {"title": "{% if %}坏模板", "body": "正文", "sms": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "模板语法有误" in html and "坏模板" in html
    assert not NotificationTemplate.objects.filter(code=reply_template).exists()


def test_other_staff_cannot_edit_templates(world, reply_template: str) -> None:
    from yiwang.testing.auth import signed_in_client

    response = signed_in_client(world.city_clerk).get("/staff/notification-templates/")
    assert response.status_code == 302
