"""Browser journey of the form editor: staff open an item's form, the preview is the real renderer
and updates as the JSON is edited, a broken definition is explained in Chinese, and a trial fill
shows the applicant's error summary linked to the fields; axe finds nothing serious on any of it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import expect

from yiwang.testing.auth import sign_in_browser
from yiwang.testing.factories import AgencyFactory, MembershipFactory, RoleFactory, StaffFactory

from ..services.forms import save_form_definition
from .forms_support import make_item, sample_definition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_preview_a_form_and_try_it_with_errors(page: Any, live_server: Any, axe: Any) -> None:
    item = make_item(AgencyFactory(full_name="伊春市民政局", short_name="市民政局"))
    definition = sample_definition()
    save_form_definition(item=item, schema=definition["schema"], layout=definition["layout"])
    role = RoleFactory(code="catalogue_editor", name="事项管理员", verbs=["servicehall.manage_catalogue"])
    editor = StaffFactory(username="form_editor", display_name="民政局事项管理员")
    MembershipFactory(user=editor, agency=item.agency, role=role)
    sign_in_browser(page, live_server.url, editor)

    page.goto(f"/staff/servicehall/items/{item.pk}/form/")
    preview = page.get_by_test_id("form-preview")
    expect(preview.get_by_label("联系电话")).to_be_visible()
    expect(preview.get_by_role("group", name="性别")).to_be_visible()
    expect(preview.get_by_text("来自您的实名信息").first).to_be_visible()
    axe(page)

    # Editing the JSON redraws the preview through htmx.
    changed = sample_definition()
    changed["schema"]["properties"]["mobile"]["title"] = "手机号码"
    page.get_by_label("字段定义（schema）").fill(json.dumps(changed["schema"], ensure_ascii=False, indent=2))
    expect(preview.get_by_label("手机号码")).to_be_visible()

    # A broken definition is explained instead of drawn.
    page.get_by_label("字段定义（schema）").fill('{"type": "object", "properties": {}}')
    expect(page.get_by_test_id("preview-problems")).to_contain_text("字段定义至少要有一个字段（properties）。")
    page.get_by_label("字段定义（schema）").fill(json.dumps(changed["schema"], ensure_ascii=False, indent=2))
    expect(preview.get_by_label("手机号码")).to_be_visible()

    # A trial fill shows what an applicant sees on error: the summary, linked to each field.
    preview.get_by_label("手机号码").fill("12345")
    preview.get_by_label("申请理由").fill("短")
    preview.get_by_role("button", name="试填校验").click()
    summary = preview.get_by_test_id("error-summary")
    expect(summary).to_contain_text("“手机号码”：请填写 11 位手机号码，例如 13800000000。")
    expect(preview.get_by_label("手机号码")).to_have_value("12345")
    expect(preview.get_by_label("手机号码")).to_have_attribute("aria-invalid", "true")
    axe(page)
    summary.get_by_role("link", name="“申请理由”至少要填 5 个字（现为 1 个字）。").click()
    expect(preview.get_by_label("申请理由")).to_be_focused()

    # Saving makes version 2.
    page.get_by_role("button", name="保存为新版本").click()
    expect(page.get_by_test_id("form-version")).to_have_text("2")
    axe(page)
