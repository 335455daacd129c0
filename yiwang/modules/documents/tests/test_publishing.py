"""此件公开发布: the 公开属性 at 拟稿, and a sealed 主动公开 document sent to the portal's 政务公开
in one step — the event it publishes, one request only, the refusals and the portal's answers."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from yiwang.core.audit.models import AuditEntry
from yiwang.core.events import services as events
from yiwang.core.events.types import Event, event_type
from yiwang.core.files import services as files
from yiwang.core.seals.tests.seal_support import small_pdf
from yiwang.testing.auth import sign_in

from ..events import PublicationRequested
from ..forms import DraftForm
from ..models import Document
from ..services import drafting, issuing, outgoing, publishing
from ..services.errors import DocumentRefused
from .factories import make_draft, refresh

pytestmark = pytest.mark.django_db


@cache
def _pdf() -> bytes:
    return small_pdf()


def _fake_seal(monkeypatch: Any) -> None:
    """用印 without the signing keys: the step runs, the 'sealed' PDF is a plain one."""

    def issue(*, document: Document, by: Any, ip: str | None = None) -> None:
        upload = SimpleUploadedFile(f"{document.doc_number}.pdf", _pdf(), content_type="application/pdf")
        stored = files.upload(file=upload, purpose=issuing.FILE_PURPOSE, user=by, owner=document)
        document.sealed_file, document.sealed_at, document.pages = stored, timezone.now(), 1

    monkeypatch.setattr(issuing, "issue_sealed_pdf", issue)


def _numbered(office: Any, **changes: Any) -> Document:
    w = office.world
    fields = {"disclosure": "主动公开", "publish_on_portal": True, **changes}
    document = make_draft(w.city_clerk, w.city_civil_affairs, **fields)
    drafting.submit_for_review(document=document, by=w.city_clerk)
    outgoing.approve_step(document=document, by=w.office_director, step="review")
    outgoing.approve_step(document=document, by=w.leader, step="sign_off")
    outgoing.approve_step(document=document, by=w.office_director, step="recheck")
    return outgoing.number_document(document=document, by=w.office_director)


def _sealed(office: Any, monkeypatch: Any, **changes: Any) -> Document:
    _fake_seal(monkeypatch)
    document = _numbered(office, **changes)
    outgoing.seal_document(document=document, by=office.world.office_director)
    return refresh(document)


def _captured(monkeypatch: Any) -> list[Event]:
    sent: list[Event] = []
    monkeypatch.setattr(events, "publish", sent.append)
    return sent


# --- 公开属性 at 拟稿 ----------------------------------------------------------------------------------


def test_withheld_without_a_reason_is_refused_by_the_service_and_the_form(office):
    w = office.world
    with pytest.raises(DocumentRefused) as refused:
        make_draft(w.city_clerk, w.city_civil_affairs, disclosure="不予公开")
    assert "不予公开的理由" in refused.value.errors["non_disclosure_reason"]
    document = make_draft(w.city_clerk, w.city_civil_affairs)
    form = DraftForm(
        {"title": document.title, "disclosure": "不予公开", "non_disclosure_reason": " "}, document=document
    )
    assert not form.is_valid()
    assert "不予公开的理由" in form.errors["non_disclosure_reason"][0]
    assert form.data["disclosure"] == "不予公开"  # the input is kept


def test_publish_on_the_portal_needs_proactive_disclosure_and_marks_the_note(office):
    w = office.world
    with pytest.raises(DocumentRefused) as refused:
        make_draft(w.city_clerk, w.city_civil_affairs, disclosure="依申请公开", publish_on_portal=True)
    assert "主动公开" in refused.value.errors["publish_on_portal"]
    document = make_draft(w.city_clerk, w.city_civil_affairs, disclosure="主动公开", publish_on_portal=True)
    assert (document.disclosure, document.publish_on_portal, document.note) == ("主动公开", True, "（此件公开发布）")
    withheld = make_draft(
        w.city_clerk, w.city_civil_affairs, disclosure="不予公开", non_disclosure_reason="内部事务信息"
    )
    assert refresh(withheld).non_disclosure_reason == "内部事务信息"


def test_the_draft_form_saves_the_disclosure_through_the_editor(office, client):
    w = office.world
    document = make_draft(w.city_clerk, w.city_civil_affairs)
    sign_in(client, w.city_clerk)
    response = client.post(
        reverse("documents_staff_edit", args=[document.pk]),
        {
            "title": document.title,
            "main_to": document.main_to,
            "body": document.body,
            "issuer_code": document.issuer_code_id,
            "disclosure": "主动公开",
            "publish_on_portal": "on",
        },
    )
    assert response.status_code == 302
    saved = refresh(document)
    assert (saved.disclosure, saved.publish_on_portal) == ("主动公开", True)


# --- publish_to_portal -------------------------------------------------------------------------------


def test_a_sealed_proactive_document_publishes_its_metadata_in_one_event(office, monkeypatch):
    document = _sealed(office, monkeypatch)
    sent = _captured(monkeypatch)
    publishing.publish_to_portal(document=document, by=office.world.office_director)
    assert len(sent) == 1
    event = sent[0]
    assert isinstance(event, PublicationRequested) and event.name == "documents.publication_requested"
    payload = event.payload()
    assert payload["doc_number"] == document.doc_number and "〔" in payload["doc_number"]
    assert payload["written_on"] == document.written_on.isoformat()
    assert payload["title"] == document.title and payload["doc_type"] == "通知"
    assert payload["agency_id"] == office.world.city_civil_affairs.pk
    assert payload["sealed_file_id"] == str(document.sealed_file_id)
    assert payload["staff_url"] == reverse("documents_staff_document", args=[document.pk])
    assert "高度重视" in payload["body"]
    assert payload["signed_off_by_name"]
    assert event_type(event.name)(**payload) == event  # JSON-safe: rebuilt from its payload
    assert publishing.publication_state(refresh(document)) == "pending"
    assert AuditEntry.objects.filter(event="documents.publication_requested").count() == 1


def test_a_second_click_is_refused_while_pending_and_after_publication(office, monkeypatch):
    document = _sealed(office, monkeypatch)
    sent = _captured(monkeypatch)
    publishing.publish_to_portal(document=document, by=office.world.office_director)
    with pytest.raises(DocumentRefused, match="已提交发布"):
        publishing.publish_to_portal(document=document, by=office.world.office_director)
    published = event_type("portal.document_published")(
        document_id=document.pk,
        page_id=42,
        url="https://www.yc.gov.cn/xxgk/fgwj/gw-1/",
        index_number="11230700MB1234567X/2026-00001",
        published_at=timezone.now().isoformat(),
    )
    from ..handlers import on_document_published

    on_document_published(published)
    on_document_published(published)  # delivered twice: stored once
    done = refresh(document)
    assert done.portal_index_number == "11230700MB1234567X/2026-00001"
    assert done.portal_url.endswith("/gw-1/") and done.portal_page_ref == "42"
    assert publishing.publication_state(done) == "published"
    with pytest.raises(DocumentRefused, match="无需重复发布") as refused:
        publishing.publish_to_portal(document=done, by=office.world.office_director)
    assert refused.value.code == "already_published"
    assert len(sent) == 1
    assert AuditEntry.objects.filter(event="documents.published").count() == 1


def test_an_unsealed_document_is_refused(office, monkeypatch):
    document = _numbered(office)
    with pytest.raises(DocumentRefused, match="用印") as refused:
        publishing.publish_to_portal(document=document, by=office.world.office_director)
    assert refused.value.code == "not_sealed"


def test_an_on_request_document_is_refused(office, monkeypatch):
    document = _sealed(office, monkeypatch, disclosure="依申请公开", publish_on_portal=False)
    with pytest.raises(DocumentRefused, match="依申请公开"):
        publishing.publish_to_portal(document=document, by=office.world.office_director)


def test_a_withheld_document_is_refused(office, monkeypatch):
    document = _sealed(
        office, monkeypatch, disclosure="不予公开", non_disclosure_reason="过程性信息", publish_on_portal=False
    )
    with pytest.raises(DocumentRefused, match="不予公开"):
        publishing.publish_to_portal(document=document, by=office.world.office_director)


def test_a_clerk_without_distribute_may_not_publish(office, monkeypatch):
    document = _sealed(office, monkeypatch)
    with pytest.raises(DocumentRefused) as refused:
        publishing.publish_to_portal(document=document, by=office.world.city_clerk)
    assert refused.value.code == "forbidden"


def test_without_a_disclosure_column_the_failure_comes_back_and_shows_on_the_page(
    office, monkeypatch, client, django_capture_on_commit_callbacks
):
    """The round trip through core events: the portal finds no 政务公开 column for 市民政局."""
    document = _sealed(office, monkeypatch)
    sign_in(client, office.world.office_director)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents_staff_publish", args=[document.pk]))
    assert response.status_code == 302
    failed = refresh(document)
    assert failed.published_at is None
    assert "没有政务公开的政策文件栏目" in failed.publication_error
    page = client.get(reverse("documents_staff_document", args=[document.pk])).content.decode()
    assert 'data-testid="publication-error"' in page and "没有政务公开的政策文件栏目" in page
    assert "重新发布到政务公开" in page  # after a failure it may be sent again


def test_the_document_page_offers_the_button_once_sealed(office, monkeypatch, client):
    document = _sealed(office, monkeypatch)
    sign_in(client, office.world.office_director)
    page = client.get(reverse("documents_staff_document", args=[document.pk])).content.decode()
    assert 'data-testid="publish"' in page and "主动公开（此件公开发布）" in page
