"""The staff screens: each renders for its user, refuses others, and keeps the input on errors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from yiwang.testing.auth import sign_in

from ..models import CLASSIFIED_REFUSAL, Document
from ..services import drafting
from .factories import make_draft, refresh

pytestmark = pytest.mark.django_db


def _edit_data(document: Document, **changes: str) -> dict[str, str]:
    return {
        "title": document.title,
        "main_to": document.main_to,
        "body": document.body,
        "urgency": "",
        "secrecy": "",
        **changes,
    }


def test_the_list_shows_the_documents_of_ones_agencies_only(client, office):
    w = office.world
    mine = make_draft(w.city_clerk, w.city_civil_affairs, title="伊春市民政局关于冬季救助的通知")
    sign_in(client, w.city_clerk)
    response = client.get(reverse("documents_staff_list"))
    assert response.status_code == 200
    assert mine.title in response.content.decode()
    sign_in(client, w.jiayin_clerk)
    response = client.get(reverse("documents_staff_list"))
    assert mine.title not in response.content.decode()
    assert client.get(reverse("documents_staff_document", args=[mine.pk])).status_code == 404


def test_the_list_filters_by_status_type_and_year(client, office):
    w = office.world
    make_draft(w.city_clerk, w.city_civil_affairs, title="甲通知")
    sign_in(client, w.city_clerk)
    url = reverse("documents_staff_list")
    assert "甲通知" in client.get(url, {"status": "draft", "doc_type": "通知"}).content.decode()
    assert "甲通知" not in client.get(url, {"status": "archived"}).content.decode()
    assert "甲通知" not in client.get(url, {"year": "2001"}).content.decode()
    assert "请输入四位年份" in client.get(url, {"year": "abc"}).content.decode()


def test_a_new_draft_from_the_screen_opens_the_editor(client, office):
    w = office.world
    sign_in(client, w.city_clerk)
    assert client.get(reverse("documents_staff_new")).status_code == 200
    response = client.post(
        reverse("documents_staff_new"), {"doc_type": "通知", "agency": w.city_civil_affairs.pk, "use_template": "on"}
    )
    document = Document.objects.get()
    assert response["Location"] == reverse("documents_staff_edit", args=[document.pk])
    page = client.get(response["Location"]).content.decode()
    assert "data-heading-editor" in page and "heading_editor.js" in page


def test_a_new_draft_without_a_type_says_so(client, office):
    sign_in(client, office.world.city_clerk)
    response = client.post(reverse("documents_staff_new"), {"agency": office.world.city_civil_affairs.pk})
    assert response.status_code == 400
    assert "请选择文种" in response.content.decode()


def test_someone_without_the_draft_verb_cannot_draft(client, office):
    sign_in(client, office.world.operator)
    response = client.post(reverse("documents_staff_new"), {"doc_type": "通知", "agency": office.world.city_office.pk})
    assert response.status_code in (302, 403) and response.get("Location", "/staff/") == "/staff/"
    assert not Document.objects.exists()


def test_a_classified_draft_is_refused_on_the_form_and_the_text_is_kept(client, office):
    w = office.world
    document = make_draft(w.city_clerk, w.city_civil_affairs)
    sign_in(client, w.city_clerk)
    response = client.post(
        reverse("documents_staff_edit", args=[document.pk]),
        _edit_data(document, secrecy="机密", body="一、我写的正文要保留"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert CLASSIFIED_REFUSAL in page
    assert "一、我写的正文要保留" in page
    assert refresh(document).body != "一、我写的正文要保留"


def test_an_empty_title_is_refused_with_the_body_kept(client, office):
    w = office.world
    document = make_draft(w.city_clerk, w.city_civil_affairs)
    sign_in(client, w.city_clerk)
    response = client.post(
        reverse("documents_staff_edit", args=[document.pk]), _edit_data(document, title="", body="正文保留")
    )
    assert response.status_code == 400
    assert "请填写标题" in response.content.decode() and "正文保留" in response.content.decode()


def test_save_and_submit_moves_the_draft_to_review_and_the_page_offers_the_reviewer_the_step(client, office):
    w = office.world
    document = make_draft(w.city_clerk, w.city_civil_affairs)
    sign_in(client, w.city_clerk)
    response = client.post(reverse("documents_staff_edit", args=[document.pk]), {**_edit_data(document), "submit": "1"})
    assert response.status_code == 302
    assert refresh(document).status == Document.Status.REVIEW
    sign_in(client, w.office_director)
    page = client.get(reverse("documents_staff_document", args=[document.pk])).content.decode()
    assert "办理：核稿" in page
    sign_in(client, w.city_clerk)
    assert "办理：核稿" not in client.get(reverse("documents_staff_document", args=[document.pk])).content.decode()


def test_a_return_without_an_opinion_is_refused_on_the_page(client, office):
    w = office.world
    document = make_draft(w.city_clerk, w.city_civil_affairs)
    drafting.submit_for_review(document=document, by=w.city_clerk)
    sign_in(client, w.office_director)
    response = client.post(
        reverse("documents_staff_decide", args=[document.pk, "review"]), {"decision": "return", "opinion": ""}
    )
    assert response.status_code == 400
    assert "退回时请填写退回意见" in response.content.decode()
    assert refresh(document).status == Document.Status.REVIEW


def test_the_supervision_flag_is_recorded_with_its_deadline(client, office):
    w = office.world
    document = make_draft(w.city_clerk, w.city_civil_affairs)
    sign_in(client, w.leader)
    response = client.post(
        reverse("documents_staff_supervise", args=[document.pk]),
        {"instruction": "请于月底前落实", "deadline": "2099-01-31"},
    )
    assert response.status_code == 302
    flag = document.supervision_flags.get()
    assert (flag.instruction, str(flag.deadline)) == ("请于月底前落实", "2099-01-31")
    client.post(reverse("documents_staff_progress", args=[document.pk, flag.pk]), {"text": "已部署"})
    assert flag.notes.get().text == "已部署"
