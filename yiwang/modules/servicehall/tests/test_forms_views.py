"""The staff editor of an item's form: JSON text checked with Chinese messages that keep the text,
a preview drawn by the real renderer, saving a new version — for staff who edit the catalogue in
the item's agency only."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from yiwang.core.accounts.models import User
from yiwang.core.orgs.models import Agency
from yiwang.testing.auth import signed_in_client
from yiwang.testing.factories import AgencyFactory, MembershipFactory, RoleFactory, StaffFactory

from ..models import ServiceForm, ServiceItem
from ..services.forms import save_form_definition
from .forms_support import make_item, sample_definition

pytestmark = pytest.mark.django_db


def _editor_of(agency: Agency, username: str = "form_editor") -> User:
    role = RoleFactory(code="catalogue_editor", name="事项管理员", verbs=["servicehall.manage_catalogue"])
    user = StaffFactory(username=username, display_name="民政局事项管理员")
    MembershipFactory(user=user, agency=agency, role=role)
    return user


@pytest.fixture
def item() -> ServiceItem:
    return make_item(AgencyFactory(full_name="伊春市民政局", short_name="市民政局"))


@pytest.fixture
def editor(item: ServiceItem) -> Client:
    return signed_in_client(_editor_of(item.agency))


def _url(item: ServiceItem, name: str = "servicehall_staff_item_form") -> str:
    return reverse(name, args=[item.pk])


def _post(definition: dict[str, Any], **extra: str) -> dict[str, str]:
    return {
        "__schema": json.dumps(definition["schema"], ensure_ascii=False),
        "__layout": json.dumps(definition["layout"], ensure_ascii=False),
        **extra,
    }


def test_the_editor_opens_with_the_current_definition_and_its_preview(editor: Client, item: ServiceItem) -> None:
    definition = sample_definition()
    save_form_definition(item=item, schema=definition["schema"], layout=definition["layout"])
    response = editor.get(_url(item))
    assert response.status_code == 200
    html = response.content.decode()
    assert "申请人姓名" in html and 'data-testid="form-preview"' in html
    assert 'id="preview-mobile"' in html  # the real renderer, under its own ids


def test_an_item_without_a_form_opens_an_empty_editor(editor: Client, item: ServiceItem) -> None:
    response = editor.get(_url(item))
    assert response.status_code == 200
    assert "尚未设置申请表单" in response.content.decode()


def test_saving_creates_a_new_version_and_redirects(editor: Client, item: ServiceItem) -> None:
    response = editor.post(_url(item), _post(sample_definition(), action="save"))
    assert response.status_code == 302
    form = ServiceForm.objects.get(item=item)
    assert form.version == 1 and "mobile" in form.schema["properties"]
    changed = sample_definition()
    changed["schema"]["properties"]["mobile"]["title"] = "手机号码"
    editor.post(_url(item), _post(changed, action="save"))
    form.refresh_from_db()
    assert form.version == 2


def test_broken_json_is_refused_in_chinese_and_the_text_is_kept(editor: Client, item: ServiceItem) -> None:
    broken = '{"type": "object", "properties": {"name": {"type": "string",}}}'
    response = editor.post(_url(item), {"__schema": broken, "__layout": '{"sections": []}', "action": "save"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "字段定义不是有效的 JSON：第 1 行第" in html
    assert "属性名须用双引号，或多了逗号" in html
    assert "{&quot;type&quot;: &quot;object&quot;, &quot;properties&quot;: {&quot;name&quot;" in html
    assert not ServiceForm.objects.exists()


def test_a_definition_breaking_the_format_lists_every_problem_and_saves_nothing(
    editor: Client, item: ServiceItem
) -> None:
    definition = sample_definition()
    del definition["schema"]["properties"]["mobile"]["title"]
    definition["layout"]["sections"][0]["fields"].remove("email")
    response = editor.post(_url(item), _post(definition, action="save"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "字段 mobile 缺少中文名称（title）。" in html
    assert "字段“电子邮箱”（email）没有放进任何分组。" in html
    assert 'aria-invalid="true"' in html and 'href="#id-schema"' in html
    assert not ServiceForm.objects.exists()


def test_the_preview_pane_draws_the_posted_definition(editor: Client, item: ServiceItem) -> None:
    response = editor.post(_url(item, "servicehall_staff_item_form_preview"), _post(sample_definition()))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # the pane alone, for htmx
    assert 'id="preview-reason"' in html
    assert "来自您的实名信息" in html  # prefilled fields shown with their source, no one's data
    assert not ServiceForm.objects.exists()


def test_the_preview_pane_lists_problems_instead_of_a_form(editor: Client, item: ServiceItem) -> None:
    definition = sample_definition()
    definition["layout"]["widgets"] = {"mobile": "radio"}
    response = editor.post(_url(item, "servicehall_staff_item_form_preview"), _post(definition))
    assert "字段“联系电话”（mobile）不是单选字段，不能用 radio。" in response.content.decode()


def test_a_trial_in_the_preview_shows_the_servers_messages_and_summary(editor: Client, item: ServiceItem) -> None:
    response = editor.post(
        _url(item, "servicehall_staff_item_form_preview"),
        _post(sample_definition(), __trial="1", mobile="12345", reason="短"),
    )
    html = response.content.decode()
    assert 'data-testid="error-summary"' in html
    assert "“联系电话”：请填写 11 位手机号码，例如 13800000000。" in html
    assert 'value="12345"' in html


def test_staff_of_another_agency_get_not_found(item: ServiceItem) -> None:
    other = signed_in_client(_editor_of(AgencyFactory(), username="other_editor"))
    assert other.get(_url(item)).status_code == 404
    assert other.post(_url(item), _post(sample_definition(), action="save")).status_code == 404
    assert other.post(_url(item, "servicehall_staff_item_form_preview"), _post(sample_definition())).status_code == 404
    assert not ServiceForm.objects.exists()


def test_staff_without_the_verb_get_not_found(item: ServiceItem) -> None:
    role = RoleFactory(code="viewer", name="查看", verbs=["servicehall.view"])
    user = StaffFactory(username="viewer")
    MembershipFactory(user=user, agency=item.agency, role=role)
    assert signed_in_client(user).get(_url(item)).status_code == 404
