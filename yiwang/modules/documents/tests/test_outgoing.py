"""The 发文 flow on the workflow engine: each step by its holder, 退回 from 会签, who may sign off."""

from __future__ import annotations

import pytest

from yiwang.core.audit.models import AuditEntry
from yiwang.core.workflow import selectors as workflow_selectors

from ..models import CLASSIFIED_REFUSAL, Document, Opinion
from ..services import drafting, outgoing
from ..services.errors import DocumentRefused
from .factories import make_draft, refresh, through_sign_off

pytestmark = pytest.mark.django_db


def _open_steps(document: Document) -> list[tuple[str, str]]:
    instance = workflow_selectors.get_instance(document.process_id)
    return [
        (item.element_id, item.assignee.username if item.assignee else "")
        for item in workflow_selectors.list_open_items(instance)
    ]


def test_a_new_draft_is_filled_from_its_type_template_and_sits_in_the_drafters_inbox(office):
    w = office.world
    document = drafting.create_draft(by=w.city_clerk, doc_type="通知", agency=w.city_civil_affairs)
    assert document.title == "伊春市民政局关于……的通知"
    assert "一、" in document.body and "（一）" in document.body and "1. " in document.body
    assert "（1）" in document.body
    assert document.status == Document.Status.DRAFT
    assert document.issuer_code == office.civil_code
    assert _open_steps(document) == [("draft", "city_clerk")]
    assert workflow_selectors.list_todo(w.city_clerk).filter(element_id="draft").count() == 1


def test_a_draft_marked_classified_is_refused_and_nothing_is_saved(office):
    w = office.world
    document = make_draft(w.city_clerk, w.city_civil_affairs)
    with pytest.raises(DocumentRefused) as refused:
        drafting.update_draft(
            document=document,
            by=w.city_clerk,
            fields=drafting.DraftFields(title="机密事项", secrecy="机密"),
        )
    assert refused.value.message == CLASSIFIED_REFUSAL
    assert refresh(document).title != "机密事项"


def test_a_joint_notice_goes_through_every_step_to_the_archive(office, monkeypatch):
    w = office.world
    document = make_draft(w.city_clerk, w.city_civil_affairs, co_issuers=(w.city_office,))
    drafting.submit_for_review(document=document, by=w.city_clerk)
    assert refresh(document).status == Document.Status.REVIEW
    assert _open_steps(document) == [("review", "office_director")]
    outgoing.approve_step(document=document, by=w.office_director, step="review", opinion="文字已核")
    assert refresh(document).status == Document.Status.COUNTERSIGN
    assert _open_steps(document) == [("countersign", "office_leader")]
    outgoing.approve_step(document=document, by=office.office_leader, step="countersign", opinion="同意会签")
    assert _open_steps(document) == [("sign_off", "leader")]
    outgoing.approve_step(document=document, by=w.leader, step="sign_off", opinion="同意印发")
    signed = refresh(document)
    assert signed.signed_off_by == w.leader and signed.written_on is not None
    outgoing.approve_step(document=document, by=w.office_director, step="recheck")
    numbered = outgoing.number_document(document=document, by=w.office_director)
    assert numbered.doc_number == f"伊民发〔{numbered.number_year}〕1号"
    assert refresh(document).status == Document.Status.SEAL
    steps = [o.step for o in Opinion.objects.filter(document=document)]
    assert steps == ["拟稿", "核稿", "会签", "签发", "复核", "编号"]
    assert AuditEntry.objects.filter(event="documents.number").count() == 1


def test_a_single_agency_document_skips_countersign(office):
    w = office.world
    document = make_draft(w.city_clerk, w.city_civil_affairs)
    drafting.submit_for_review(document=document, by=w.city_clerk)
    outgoing.approve_step(document=document, by=w.office_director, step="review")
    assert refresh(document).status == Document.Status.SIGN_OFF


def test_countersign_return_sends_the_draft_back_to_the_drafter_with_the_opinion(office):
    w = office.world
    document = make_draft(w.city_clerk, w.city_civil_affairs, co_issuers=(w.city_office,))
    drafting.submit_for_review(document=document, by=w.city_clerk)
    outgoing.approve_step(document=document, by=w.office_director, step="review")
    outgoing.return_document(
        document=document, by=office.office_leader, step="countersign", reason="第二条请补充资金来源"
    )
    back = refresh(document)
    assert back.status == Document.Status.DRAFT
    assert _open_steps(back) == [("draft", "city_clerk")]
    returned = Opinion.objects.get(document=document, result=Opinion.Result.RETURN)
    assert (returned.step, returned.text, returned.agency) == ("会签", "第二条请补充资金来源", w.city_office)
    # Resubmitted, it passes 核稿 and 会签 again.
    drafting.submit_for_review(document=back, by=w.city_clerk)
    outgoing.approve_step(document=back, by=w.office_director, step="review")
    outgoing.approve_step(document=back, by=office.office_leader, step="countersign")
    assert refresh(back).status == Document.Status.SIGN_OFF


def test_a_return_without_a_reason_is_refused(office):
    w = office.world
    document = make_draft(w.city_clerk, w.city_civil_affairs)
    drafting.submit_for_review(document=document, by=w.city_clerk)
    with pytest.raises(DocumentRefused, match="请填写退回意见"):
        outgoing.return_document(document=document, by=w.office_director, step="review", reason=" ")


def test_only_a_leader_of_the_main_agency_holding_sign_off_may_sign(office):
    w = office.world
    document = make_draft(w.city_clerk, w.city_civil_affairs)
    drafting.submit_for_review(document=document, by=w.city_clerk)
    outgoing.approve_step(document=document, by=w.office_director, step="review")
    for outsider in (w.office_director, w.jiayin_leader, office.office_leader, w.city_clerk):
        with pytest.raises(DocumentRefused, match="只有主办机关经授权的领导才能签发"):
            outgoing.approve_step(document=document, by=outsider, step="sign_off")
    assert refresh(document).status == Document.Status.SIGN_OFF
    outgoing.approve_step(document=document, by=w.leader, step="sign_off")
    assert refresh(document).status == Document.Status.RECHECK


def test_a_step_cannot_be_done_by_someone_else_nor_out_of_turn(office):
    w = office.world
    document = make_draft(w.city_clerk, w.city_civil_affairs)
    with pytest.raises(DocumentRefused, match="当前在“拟稿”环节"):
        outgoing.approve_step(document=document, by=w.office_director, step="review")
    with pytest.raises(DocumentRefused):
        drafting.submit_for_review(document=document, by=w.jiayin_clerk)


def test_a_numbered_document_cannot_be_numbered_again(office):
    w = office.world
    document = through_sign_off(office)
    outgoing.number_document(document=document, by=w.office_director)
    with pytest.raises(DocumentRefused):
        outgoing.number_document(document=document, by=w.office_director)
