"""此件公开发布 from 公文: `documents.publication_requested` becomes a live 政策文件 page under the
agency's 政务公开 column with 发文字号, 成文日期, a 索引号 and the sealed PDF, and the portal answers
with `portal.document_published` — or, without such a column, with the reason it failed."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.models import Page

from yiwang.core.events import services as events
from yiwang.core.events.types import Event, event_type
from yiwang.core.files import services as files
from yiwang.modules.portal import handlers, services
from yiwang.modules.portal.models import ConfidentialityReview, Genre, PolicyDocumentPage
from yiwang.testing.personas import World

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _request(world: World, agency: Any, **changes: Any) -> Event:
    sealed = files.upload(
        file=SimpleUploadedFile("伊民发〔2026〕7号.pdf", PDF, content_type="application/pdf"),
        purpose="attachment",
        user=world.office_director,
    )
    payload = {
        "document_id": 9001,
        "title": "伊春市民政局关于做好冬季困难群众救助工作的通知",
        "doc_number": "伊民发〔2026〕7号",
        "written_on": "2026-11-20",
        "agency_id": agency.pk,
        "co_issuer_ids": [],
        "doc_type": "通知",
        "body": "各县（市）、区民政局：\n一、摸清底数\n特此通知。",
        "sealed_file_id": str(sealed.pk),
        "sealed_file_name": sealed.original_name,
        "attachments": [],
        "staff_url": "/staff/documents/9001/",
        "requested_by_id": world.office_director.pk,
        "requested_by_name": str(world.office_director),
        "signed_off_by_name": str(world.leader),
        **changes,
    }
    return event_type("documents.publication_requested")(**payload)


def _answers(monkeypatch: Any) -> list[Event]:
    sent: list[Event] = []
    monkeypatch.setattr(events, "publish", sent.append)
    return sent


def _column_for(world: World, agency: Any) -> Page:
    column = handlers.document_column(agency)
    if column is None:
        home = Page.objects.get(depth=2)
        services.seed_disclosure_tree(agency=agency, parent=home, slug="xxgk-test")
        column = handlers.document_column(agency)
    assert column is not None
    return column


def test_the_request_becomes_a_live_policy_page_with_its_catalogue_metadata(portal_world, monkeypatch):
    agency = portal_world.city_civil_affairs
    column = _column_for(portal_world, agency)
    answers = _answers(monkeypatch)
    handlers.on_publication_requested(_request(portal_world, agency))
    page = PolicyDocumentPage.objects.get(document_number="伊民发〔2026〕7号")
    assert page.live and page.get_parent().pk == column.pk
    assert page.agency_id == agency.pk and page.written_date == datetime.date(2026, 11, 20)
    assert page.genre == Genre.NOTICE and page.index_number
    assert "摸清底数" in page.body and 'linktype="document"' in page.body
    pdf = get_document_model().objects.get(title__startswith="伊民发〔2026〕7号")
    assert f'id="{pdf.pk}"' in page.body
    review = ConfidentialityReview.objects.get(page_id=page.pk)
    assert review.conclusion == "public" and "签发" in review.basis
    assert len(answers) == 1 and answers[0].name == "portal.document_published"
    answer = answers[0].payload()
    assert answer["document_id"] == 9001 and answer["page_id"] == page.pk
    assert answer["index_number"] == page.index_number and answer["url"] and answer["published_at"]


def test_a_repeated_request_makes_no_second_page(portal_world, monkeypatch):
    agency = portal_world.city_civil_affairs
    _column_for(portal_world, agency)
    answers = _answers(monkeypatch)
    handlers.on_publication_requested(_request(portal_world, agency))
    handlers.on_publication_requested(_request(portal_world, agency))
    assert PolicyDocumentPage.objects.filter(document_number="伊民发〔2026〕7号").count() == 1
    first, second = (a.payload()["page_id"] for a in answers)
    assert first == second


def test_an_agency_without_a_disclosure_column_gets_a_clear_failure(portal_world, monkeypatch):
    agency = portal_world.jiayin_civil_affairs
    assert handlers.document_column(agency) is None
    answers = _answers(monkeypatch)
    handlers.on_publication_requested(_request(portal_world, agency, doc_number="嘉民发〔2026〕1号"))
    assert not PolicyDocumentPage.objects.filter(document_number="嘉民发〔2026〕1号").exists()
    assert [a.name for a in answers] == ["portal.document_publication_failed"]
    assert "没有政务公开的政策文件栏目" in answers[0].payload()["reason"]


def test_a_missing_sealed_file_is_reported_not_dropped(portal_world, monkeypatch):
    agency = portal_world.city_civil_affairs
    _column_for(portal_world, agency)
    answers = _answers(monkeypatch)
    handlers.on_publication_requested(
        _request(portal_world, agency, sealed_file_id="00000000-0000-0000-0000-000000000000")
    )
    assert [a.name for a in answers] == ["portal.document_publication_failed"]
    assert "PDF" in answers[0].payload()["reason"]
    assert not PolicyDocumentPage.objects.filter(document_number="伊民发〔2026〕7号").exists()
