"""The staff screens of the catalogue: the list with flags and filters, create and edit with
formsets (input kept on refusal), publish and withdraw, and their permission failures."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yiwang.core.files.models import StoredFile
from yiwang.testing.auth import sign_in

from ..models import ServiceItem
from .catalogue_support import build_hall, make_item

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def hall(world):
    return build_hall(world)


def _management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "100",
    }


def _post_data(hall, **changes):
    data = {
        "code": "11230700MB1234567X4000112009",
        "name": "临时救助申请",
        "item_type": "payment",
        "agency": str(hall.world.city_civil_affairs.pk),
        "legal_basis": "《社会救助暂行办法》第四十七条",
        "conditions": "因突发事件、意外伤害导致基本生活暂时出现严重困难的家庭。",
        "statutory_days": "10",
        "promised_days": "5",
        "location": "伊春市政务服务中心",
        "office_hours": "工作日 8:30-17:00",
        "consult_phone": "0458-3600001",
        "supervise_phone": "0458-12345",
        "online_depth": "4",
        "visits": "0",
        "for_person": "on",
        **_management("materials", 1),
        "materials-0-name": "临时救助申请书",
        "materials-0-source": "applicant",
        "materials-0-form": "original",
        "materials-0-copies": "1",
        "materials-0-medium": "electronic",
        "materials-0-required": "on",
        **_management("steps", 1),
        "steps-0-name": "受理",
        "steps-0-days": "0",
    }
    data.update(changes)
    return data


def test_the_list_shows_ones_agencies_items_with_their_flag_counts(client, hall):
    mine = make_item(hall.editor, hall.world.city_civil_affairs, supervise_phone="")
    other = make_item(hall.jiayin_editor, hall.world.jiayin_civil_affairs, code="11230722MB0000000X4000112001")
    sign_in(client, hall.editor)
    html = client.get(reverse("servicehall_staff_items")).content.decode()
    assert mine.name in html and other.code not in html
    assert "缺 1 项" in html
    sign_in(client, hall.world.city_clerk)  # servicehall.view in 市民政局: may read the list
    assert mine.code in client.get(reverse("servicehall_staff_items")).content.decode()


def test_the_list_filters_by_status_type_and_incomplete(client, hall):
    make_item(hall.editor, hall.world.city_civil_affairs, publish=True)
    make_item(
        hall.editor,
        hall.world.city_civil_affairs,
        code="11230700MB1234567X4000112002",
        name="困难残疾人生活补贴",
        visits=None,
    )
    sign_in(client, hall.editor)
    url = reverse("servicehall_staff_items")
    assert "困难残疾人生活补贴" not in client.get(url, {"status": "published"}).content.decode()
    html = client.get(url, {"incomplete": "on"}).content.decode()
    assert "困难残疾人生活补贴" in html and "最低生活保障对象认定" not in html
    assert "共 0 项" in client.get(url, {"item_type": "licensing"}).content.decode()


def _refused(response):
    # The workspace answers PermissionDenied with a redirect to its home (and a message).
    return response.status_code in (302, 403) and response.get("Location", "/staff/") == "/staff/"


def test_an_unrelated_staff_member_cannot_open_the_catalogue(client, hall):
    sign_in(client, hall.world.operator)
    assert _refused(client.get(reverse("servicehall_staff_items")))
    assert _refused(client.get(reverse("servicehall_staff_item_new")))


def test_creating_an_item_with_a_sample_file_from_the_form(client, hall):
    sign_in(client, hall.editor)
    data = _post_data(
        hall, **{"materials-0-sample_file_upload": SimpleUploadedFile("申请书样表.pdf", PDF, "application/pdf")}
    )
    response = client.post(reverse("servicehall_staff_item_new"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    item = ServiceItem.objects.get(code="11230700MB1234567X4000112009")
    material = item.materials.get()
    assert material.sample_file.original_name == "申请书样表.pdf"
    assert material.sample_file.purpose == "servicehall.form_file"
    edit = client.get(response["Location"]).content.decode()
    assert "办事指南要素齐全" in edit and "已上传示例样表：申请书样表.pdf" in edit


def test_an_edit_keeps_uploaded_files_and_adds_rows(client, hall):
    sign_in(client, hall.editor)
    data = _post_data(
        hall, **{"materials-0-sample_file_upload": SimpleUploadedFile("样表.pdf", PDF, "application/pdf")}
    )
    client.post(reverse("servicehall_staff_item_new"), data)
    item = ServiceItem.objects.get()
    stored = item.materials.get().sample_file
    url = reverse("servicehall_staff_item_edit", args=[item.pk])
    again = _post_data(
        hall, **_management("materials", 1, 1), **{"materials-0-sample_file": str(stored.pk), "add_materials": "1"}
    )
    page = client.post(url, again).content.decode()
    assert 'name="materials-1-name"' in page  # 增加一项材料: one more row, nothing saved yet
    again.pop("add_materials")
    assert client.post(url, again).status_code == 302
    assert item.materials.get().sample_file == stored
    assert StoredFile.objects.count() == 1


def test_a_refusal_keeps_the_input_and_links_the_error_to_its_field(client, hall):
    sign_in(client, hall.editor)
    response = client.post(
        reverse("servicehall_staff_item_new"), _post_data(hall, promised_days="15", name="临时救助（保留输入）")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "承诺办结时限不能超过法定办结时限。" in html
    assert 'href="#id_promised_days"' in html
    assert 'value="临时救助（保留输入）"' in html
    assert not ServiceItem.objects.exists()


def test_publish_and_withdraw_from_the_edit_page(client, hall):
    item = make_item(hall.editor, hall.world.city_civil_affairs, consult_phone="")
    sign_in(client, hall.editor)
    publish = reverse("servicehall_staff_item_publish", args=[item.pk])
    page = client.post(publish, follow=True).content.decode()
    assert "不能发布" in page and "缺少咨询电话" in page
    ServiceItem.objects.filter(pk=item.pk).update(consult_phone="0458-3600001")
    page = client.post(publish, follow=True).content.decode()
    assert "已发布" in page
    client.post(reverse("servicehall_staff_item_withdraw", args=[item.pk]))
    item.refresh_from_db()
    assert item.status == ServiceItem.Status.WITHDRAWN


def test_another_countys_office_director_gets_404_for_this_item(client, hall):
    item = make_item(hall.editor, hall.world.city_civil_affairs)
    sign_in(client, hall.jiayin_editor)
    assert client.get(reverse("servicehall_staff_item_edit", args=[item.pk])).status_code == 404
    assert client.post(reverse("servicehall_staff_item_publish", args=[item.pk])).status_code == 404


def test_a_clerk_sees_the_item_but_may_not_edit_it(client, hall):
    item = make_item(hall.editor, hall.world.city_civil_affairs)
    sign_in(client, hall.world.city_clerk)
    assert _refused(client.get(reverse("servicehall_staff_item_edit", args=[item.pk])))
    assert _refused(client.post(reverse("servicehall_staff_item_publish", args=[item.pk])))
    item.refresh_from_db()
    assert item.status == ServiceItem.Status.DRAFT
