"""The 收文 screens: the list and its filters, 来文登记, each step's form on the 收文 page, refusals
shown with the input kept, 传阅 readers, 催办, and 签收/退回 on the sender's document page."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from yiwang.testing.auth import sign_in

from ..models import IncomingDocument
from ..services import incoming
from .test_incoming import distribute_to, reload, to_assign

pytestmark = pytest.mark.django_db
Status = IncomingDocument.Status


def page_of(row: IncomingDocument) -> str:
    return reverse("documents_staff_incoming", args=[row.pk])


def action(name: str, row: IncomingDocument) -> str:
    return reverse(f"documents_staff_incoming_{name}", args=[row.pk])


def test_the_list_shows_the_incoming_documents_of_ones_agencies_and_filters_them(client, office):
    w = office.world
    (row,) = distribute_to(office, w.jiayin_civil_affairs)
    sign_in(client, w.jiayin_clerk)
    url = reverse("documents_staff_incoming_list")
    body = client.get(url).content.decode()
    assert row.title in body and "待签收" in body and "来文登记" in body
    assert row.title in client.get(url, {"status": "sign_for"}).content.decode()
    assert row.title not in client.get(url, {"status": "done"}).content.decode()
    assert row.title not in client.get(url, {"year": "2001"}).content.decode()
    assert "请输入四位年份" in client.get(url, {"year": "abc"}).content.decode()
    sign_in(client, w.tieli_leader)
    assert row.title not in client.get(url).content.decode()
    assert client.get(page_of(row)).status_code == 404


def test_signing_for_on_the_screen_shows_the_time_on_the_senders_document_page(client, office):
    w = office.world
    (row,) = distribute_to(office, w.jiayin_civil_affairs)
    sign_in(client, w.jiayin_clerk)
    assert "签收" in client.get(page_of(row)).content.decode()
    response = client.post(action("sign_for", row))
    assert response.status_code == 302 and response["Location"] == page_of(row)
    assert reload(row).status == Status.REGISTER
    response = client.post(action("register", row))
    assert reload(row).number.endswith("〕1号")
    sign_in(client, w.office_director)
    document_page = client.get(reverse("documents_staff_document", args=[row.distribution.document_id])).content
    assert "签收" in document_page.decode() and "未签收" not in document_page.decode()


def test_a_return_without_a_reason_is_refused_and_with_one_the_sender_sees_it(client, office):
    w = office.world
    (row,) = distribute_to(office, w.jiayin_civil_affairs)
    sign_in(client, w.jiayin_clerk)
    response = client.post(action("return", row), {"reason": ""})
    assert response.status_code == 400 and "请填写退回理由" in response.content.decode()
    client.post(action("sign_for", row))
    client.post(action("register", row))
    response = client.post(action("review", row), {"decision": "return", "reason": ""})
    assert response.status_code == 400 and "请填写退回理由" in response.content.decode()
    client.post(action("review", row), {"decision": "return", "reason": "正文缺页，请重新分发。"})
    assert reload(row).status == Status.RETURNED
    sign_in(client, w.office_director)
    document_page = client.get(reverse("documents_staff_document", args=[row.distribution.document_id])).content
    assert "已退回" in document_page.decode() and "正文缺页，请重新分发。" in document_page.decode()


def test_the_steps_through_the_screens_to_handling_and_completion(client, office):
    w = office.world
    (row,) = distribute_to(office, w.jiayin_civil_affairs, urgency="加急")
    sign_in(client, w.jiayin_clerk)
    client.post(action("sign_for", row))
    client.post(action("register", row))
    client.post(action("review", row), {"decision": "pass", "reason": ""})
    response = client.post(action("propose", row), {"text": ""})
    assert response.status_code == 400 and "请填写拟办意见" in response.content.decode()
    client.post(action("propose", row), {"text": "拟请局长阅示。"})
    assert reload(row).status == Status.INSTRUCT
    assert client.post(action("instruct", row), {"text": "同意"}).status_code == 400  # not a leader
    sign_in(client, w.jiayin_leader)
    assert "圈阅" in client.get(page_of(row)).content.decode()
    client.post(action("instruct", row), {"circled": "on"})
    assert reload(row).circled
    sign_in(client, w.jiayin_clerk)
    response = client.post(action("assign", row), {"main_agency": w.jiayin_civil_affairs.pk, "deadline": ""})
    body = response.content.decode()
    assert response.status_code == 400 and "紧急公文（加急、特急）必须规定办理期限" in body
    assert f'value="{w.jiayin_civil_affairs.pk}" selected' in body or "selected" in body
    deadline = timezone.localdate() + datetime.timedelta(days=3)
    client.post(action("assign", row), {"main_agency": w.jiayin_civil_affairs.pk, "deadline": deadline.isoformat()})
    assert reload(row).status == Status.HANDLE
    response = client.post(action("handle", row), {"agency": w.jiayin_civil_affairs.pk, "result": ""})
    assert response.status_code == 400 and "请填写办理结果" in response.content.decode()
    client.post(action("handle", row), {"agency": w.jiayin_civil_affairs.pk, "result": "已落实。"})
    assert reload(row).status == Status.FINISH
    client.post(action("complete", row), {"reply": "已落实，特此答复。"})
    done = reload(row)
    assert done.status == Status.DONE
    body = client.get(page_of(row)).content.decode()
    assert "已落实，特此答复。" in body and "承办（主办）" in body


def test_circulation_and_read_times_and_urging_on_the_page(client, office):
    w = office.world
    row = to_assign(office)
    sign_in(client, w.jiayin_clerk)
    response = client.post(action("circulate", row), {"recipients": []})
    assert response.status_code == 400 and "请选择传阅人员" in response.content.decode()
    client.post(action("circulate", row), {"recipients": [w.jiayin_leader.pk], "note": "请阅"})
    assert "未阅" in client.get(page_of(row)).content.decode()
    sign_in(client, w.jiayin_leader)
    assert "阅知" in client.get(page_of(row)).content.decode()
    client.post(action("read", row), {"opinion": "已阅"})
    body = client.get(page_of(row)).content.decode()
    assert "未阅" not in body and "已阅" in body
    # 催办 the open 分办 step, held by the clerk.
    response = client.post(action("urge", row), {"message": "请尽快交办"})
    assert response.status_code == 302


def test_a_paper_document_is_registered_on_the_form_and_bad_input_is_kept(client, office):
    w = office.world
    sign_in(client, w.jiayin_clerk)
    url = reverse("documents_staff_incoming_new")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"agency": w.jiayin_civil_affairs.pk, "title": "关于安全检查的通知", "source_name": "", "secrecy": ""}
    )
    body = response.content.decode()
    assert response.status_code == 400 and "请填写来文单位" in body and "关于安全检查的通知" in body
    response = client.post(
        url, {"agency": w.jiayin_civil_affairs.pk, "title": "某事项", "source_name": "某单位", "secrecy": "机密"}
    )
    assert response.status_code == 400 and "不得处理涉密公文" in response.content.decode()
    scan = SimpleUploadedFile("来文.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")
    response = client.post(
        url,
        {
            "agency": w.jiayin_civil_affairs.pk,
            "title": "关于安全检查的通知",
            "source_name": "嘉荫县应急管理局",
            "source_number": "嘉应急发〔2026〕5号",
            "doc_type": "通知",
            "urgency": "",
            "secrecy": "",
            "file": scan,
        },
    )
    row = IncomingDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == page_of(row)
    assert row.status == Status.REVIEW and row.number
    download = client.get(action("file", row))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def test_staff_without_the_receive_verb_may_not_register_paper_documents(client, office):
    w = office.world
    sign_in(client, w.tieli_leader)
    response = client.get(reverse("documents_staff_incoming_new"))
    assert response.status_code in (302, 403) and response.get("Location", "/staff/") == "/staff/"


def test_a_step_of_someone_else_is_refused_with_a_message(client, office):
    w = office.world
    (row,) = distribute_to(office, w.jiayin_civil_affairs)
    incoming.sign_for(incoming=row, by=w.jiayin_clerk)
    sign_in(client, w.jiayin_leader)
    response = client.post(action("register", row))
    assert response.status_code == 400 and "权限" in response.content.decode()
