"""Staff full-text search over 公文: title, 发文字号, 正文 and the text of attached PDF and Word
files, each document found by the staff of every agency that may see it — and by no one else."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yiwang.core.files import services as files
from yiwang.core.seals.tests.seal_support import small_pdf
from yiwang.core.search.selectors import search
from yiwang.core.search.types import SearchFilters
from yiwang.testing.auth import sign_in

from ..models import Document
from ..search import SEARCH_KIND, attachment_text, document_documents
from ..services import drafting, outgoing
from .factories import make_draft, refresh
from .test_publishing import _fake_seal

pytestmark = pytest.mark.django_db
ONLY_DOCUMENTS = SearchFilters(kinds=(SEARCH_KIND,))
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml",
            f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>',
        )
    return buffer.getvalue()


def _found(user: Any, query: str) -> list[str]:
    return [hit.title for hit in search(query, user=user, filters=ONLY_DOCUMENTS, per_page=50).hits]


def _draft(office: Any, capture: Any, **changes: Any) -> Document:
    w = office.world
    with capture(execute=True):
        return make_draft(
            w.city_clerk,
            w.city_civil_affairs,
            title="伊春市民政局关于做好冬季困难群众救助工作的通知",
            body="一、摸清底数\n（一）开展低保边缘家庭排查。\n特此通知。",
            **changes,
        )


def test_a_draft_is_found_by_title_and_body_by_its_own_agency(office, django_capture_on_commit_callbacks):
    document = _draft(office, django_capture_on_commit_callbacks)
    clerk = office.world.city_clerk
    assert document.title in _found(clerk, "困难群众救助")
    assert document.title in _found(clerk, "低保边缘家庭")  # a phrase of the body only


def test_another_agencys_staff_do_not_find_it(office, django_capture_on_commit_callbacks):
    _draft(office, django_capture_on_commit_callbacks)
    assert _found(office.world.jiayin_clerk, "困难群众救助") == []
    assert search("困难群众救助").total == 0  # nor the public


def test_a_co_issuer_finds_the_joint_document(office, django_capture_on_commit_callbacks):
    document = _draft(office, django_capture_on_commit_callbacks, co_issuers=(office.world.city_office,))
    assert _found(office.office_leader, "低保边缘家庭") == [document.title]
    # Taken off the joint document, the office no longer finds it.
    with django_capture_on_commit_callbacks(execute=True):
        drafting.update_draft(
            document=document,
            by=office.world.city_clerk,
            fields=drafting.DraftFields(title=document.title, body=document.body, co_issuers=()),
        )
    assert _found(office.office_leader, "低保边缘家庭") == []
    assert _found(office.world.city_clerk, "低保边缘家庭") == [document.title]


def test_the_text_of_attached_pdf_and_word_files_is_found(office, django_capture_on_commit_callbacks):
    document = _draft(office, django_capture_on_commit_callbacks)
    clerk = office.world.city_clerk
    with django_capture_on_commit_callbacks(execute=True):
        files.upload(
            file=SimpleUploadedFile("供暖方案.pdf", small_pdf(), content_type="application/pdf"),
            purpose="attachment",
            user=clerk,
            owner=document,
        )
        files.upload(
            file=SimpleUploadedFile("补助标准.docx", _docx("一次性临时救助金标准表")),
            purpose="attachment",
            user=clerk,
            owner=document,
        )
    assert _found(clerk, "冬季供暖工作") == [document.title]  # inside the PDF
    assert _found(clerk, "临时救助金标准") == [document.title]  # inside the Word file
    assert _found(office.world.jiayin_clerk, "临时救助金标准") == []


def test_a_broken_attachment_gives_no_text_and_does_not_stop_indexing(office, django_capture_on_commit_callbacks):
    document = _draft(office, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        stored = files.upload(
            file=SimpleUploadedFile("坏文件.docx", _docx("<未闭合")),  # not well-formed XML
            purpose="attachment",
            user=office.world.city_clerk,
            owner=document,
        )
    assert attachment_text(stored) == ""
    assert _found(office.world.city_clerk, "困难群众救助") == [document.title]


def test_the_number_and_a_recipient_after_distribution(office, monkeypatch, django_capture_on_commit_callbacks):
    w = office.world
    _fake_seal(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        document = make_draft(
            w.city_clerk,
            w.city_civil_affairs,
            title="伊春市民政局关于调整城乡低保标准的通知",
            main_to_agencies=(w.jiayin_civil_affairs,),
        )
        drafting.submit_for_review(document=document, by=w.city_clerk)
        outgoing.approve_step(document=document, by=w.office_director, step="review")
        outgoing.approve_step(document=document, by=w.leader, step="sign_off")
        outgoing.approve_step(document=document, by=w.office_director, step="recheck")
        numbered = outgoing.number_document(document=document, by=w.office_director)
    assert _found(w.city_clerk, numbered.doc_number) == [document.title]
    assert _found(w.jiayin_clerk, "城乡低保标准") == []  # not yet sent to 嘉荫县
    with django_capture_on_commit_callbacks(execute=True):
        outgoing.seal_document(document=refresh(document), by=w.office_director)
        outgoing.distribute_document(document=refresh(document), by=w.office_director)
    assert _found(w.jiayin_clerk, "城乡低保标准") == [document.title]
    assert _found(w.jiayin_clerk, numbered.doc_number) == [document.title]


def test_a_full_rebuild_yields_one_entry_per_agency_that_sees_it(office, django_capture_on_commit_callbacks):
    document = _draft(office, django_capture_on_commit_callbacks, co_issuers=(office.world.city_office,))
    entries = [d for d in document_documents() if d.kind == SEARCH_KIND]
    assert {(d.object_id, d.agency_id) for d in entries} == {
        (str(document.pk), office.world.city_civil_affairs.pk),
        (f"{document.pk}@{office.world.city_office.pk}", office.world.city_office.pk),
    }
    assert all(not d.public for d in entries)


def test_the_list_page_has_a_search_box_leading_to_the_staff_search(office, client, django_capture_on_commit_callbacks):
    document = _draft(office, django_capture_on_commit_callbacks)
    sign_in(client, office.world.city_clerk)
    page = client.get(reverse("documents_staff_list")).content.decode()
    assert 'name="kind" value="documents.document"' in page and reverse("search:search") in page
    results = client.get(reverse("search:search"), {"q": "低保边缘家庭", "kind": SEARCH_KIND}).content.decode()
    assert document.title in results
