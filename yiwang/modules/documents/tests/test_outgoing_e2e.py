"""A joint 通知 from 拟稿 to 归档 with the real renderer and the real signer, and on the receiving
side from 签收 to 办结: the stored PDF verifies as intact with one seal per issuing agency."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from yiwang.core.seals.services import issue_agency_seal
from yiwang.core.seals.signing.verify import verify_pdf

from ..models import ArchiveRecord, Distribution, Document, IncomingDocument, Opinion, Retention
from ..services import drafting, incoming, outgoing
from .factories import make_draft, refresh

pytestmark = pytest.mark.django_db


def _stored_pdf(document: Document) -> bytes:
    assert document.sealed_file is not None
    with default_storage.open(document.sealed_file.storage_name, "rb") as handle:
        return bytes(handle.read())


def test_a_joint_notice_is_drafted_returned_once_sealed_by_both_issuers_received_handled_and_filed(office):
    w = office.world
    issue_agency_seal(agency=w.city_civil_affairs, by=w.system_admin)
    issue_agency_seal(agency=w.city_office, by=w.system_admin)
    document = make_draft(
        w.city_clerk,
        w.city_civil_affairs,
        co_issuers=(w.city_office,),
        title="伊春市民政局 伊春市人民政府办公室关于做好冬季困难群众救助工作的通知",
        body="各县（市）、区民政局：\n一、提高认识\n（一）高度重视。\n1. 逐户走访。\n二、落实责任\n特此通知。",
        main_to_agencies=(w.jiayin_civil_affairs,),
        cc_agencies=(w.tieli_civil_affairs,),
    )

    # 拟稿 → 核稿 → 会签, 退回 once by the co-issuer, resubmitted, then through 签发 and 复核.
    drafting.submit_for_review(document=document, by=w.city_clerk)
    outgoing.approve_step(document=document, by=w.office_director, step="review", opinion="文字已核")
    outgoing.return_document(
        document=document, by=office.office_leader, step="countersign", reason="请写明救助资金的来源"
    )
    assert refresh(document).status == Document.Status.DRAFT
    drafting.submit_for_review(document=document, by=w.city_clerk, opinion="已补充资金来源")
    outgoing.approve_step(document=document, by=w.office_director, step="review")
    outgoing.approve_step(document=document, by=office.office_leader, step="countersign", opinion="同意会签")
    outgoing.approve_step(document=document, by=w.leader, step="sign_off", opinion="同意印发")
    outgoing.approve_step(document=document, by=w.office_director, step="recheck")

    # 编号 → 用印 (renderer and signer) → 分发.
    numbered = outgoing.number_document(document=refresh(document), by=w.office_director)
    assert numbered.doc_number == f"伊民发〔{numbered.number_year}〕1号"
    sealed = outgoing.seal_document(document=numbered, by=w.office_director)
    assert sealed.pages and sealed.pages >= 1
    verification = verify_pdf(_stored_pdf(refresh(document)))
    assert verification.ok, verification.message
    assert sorted(check.signer for check in verification.seals) == sorted(["伊春市民政局", "伊春市人民政府办公室"])
    assert all(check.intact and check.trusted and not check.revoked for check in verification.seals)
    assert all(check.reason == f"{numbered.doc_number} 用印" for check in verification.seals)

    outgoing.distribute_document(document=refresh(document), by=w.office_director)
    distributed = refresh(document)
    assert distributed.status == Document.Status.ARCHIVE and distributed.distributed_at is not None
    rows = {row.recipient: row.kind for row in Distribution.objects.filter(document=document)}
    assert rows == {w.jiayin_civil_affairs: Distribution.Kind.MAIN, w.tieli_civil_affairs: Distribution.Kind.CC}

    # The recipient: 签收 → 登记 → 初审 → 拟办 → 批示 → 分办 → 承办 → 办结.
    received = IncomingDocument.objects.get(distribution__document=document, agency=w.jiayin_civil_affairs)
    assert received.source_number == numbered.doc_number
    incoming.sign_for(incoming=received, by=w.jiayin_clerk)
    assert Distribution.objects.get(document=document, recipient=w.jiayin_civil_affairs).signed_for_at is not None
    incoming.register(incoming=received, by=w.jiayin_clerk)
    incoming.pass_review(incoming=received, by=w.jiayin_clerk)
    incoming.propose(incoming=received, by=w.jiayin_clerk, text="拟请局长阅示，由本局承办。")
    incoming.instruct(incoming=received, by=w.jiayin_leader, text="同意，抓紧落实，月底前报结果。")
    incoming.assign_handling(
        incoming=received,
        by=w.jiayin_clerk,
        main_agency=w.jiayin_civil_affairs,
        deadline=timezone.localdate() + datetime.timedelta(days=10),
    )
    incoming.report_handling(
        incoming=received, by=w.jiayin_clerk, agency=w.jiayin_civil_affairs, result="已完成全县走访。"
    )
    done = incoming.complete(incoming=received, by=w.jiayin_clerk, reply="已按通知要求落实，特此报告。")
    assert done.status == IncomingDocument.Status.DONE

    # The sender files it under a 保管期限; the 件 gets its 档号.
    filed = outgoing.archive_document(document=refresh(document), by=w.office_director, retention=Retention.PERMANENT)
    assert filed.status == Document.Status.ARCHIVED and filed.archived_at is not None
    record = ArchiveRecord.objects.get(document=document)
    assert record.retention == Retention.PERMANENT and record.archive_code
    steps = [(o.step, o.result) for o in Opinion.objects.filter(document=document)]
    assert ("会签", Opinion.Result.RETURN) in steps
    assert [step for step, _ in steps][-5:] == ["复核", "编号", "用印", "分发", "归档"]
    # Still intact after everything that happened since 用印.
    assert verify_pdf(_stored_pdf(refresh(document))).ok
