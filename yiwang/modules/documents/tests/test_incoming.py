"""收文: a document distributed over the platform is signed for, registered with a gap-free 收文号,
checked, proposed, instructed, handled by 主办 and 协办 departments, circulated, urged and closed."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from yiwang.core.audit.models import AuditEntry
from yiwang.core.notifications.models import Message
from yiwang.core.workflow import selectors as workflow_selectors
from yiwang.core.workflow.models import WorkItem

from ..models import Distribution, Document, HandlingAssignment, IncomingDocument, IncomingOpinion
from ..selectors import incoming as selectors
from ..services import incoming
from ..services.errors import DocumentRefused
from .factories import refresh, through_sign_off

pytestmark = pytest.mark.django_db
Status = IncomingDocument.Status


def distribute_to(office: Any, *recipients: Any, **changes: Any) -> list[IncomingDocument]:
    """A 市民政局 通知 numbered and sent to `recipients` (分发 without the seal: the 收文 side only
    reads the Distribution and the document's metadata)."""
    w = office.world
    document = through_sign_off(office, joint=False)
    Document.objects.filter(pk=document.pk).update(doc_number="伊民发〔2026〕8号", pages=3, **changes)
    document = refresh(document)
    now = timezone.now()
    with transaction.atomic():
        rows = [
            Distribution.objects.create(
                document=document, recipient=agency, kind=Distribution.Kind.MAIN, sent_at=now, sent_by=w.office_director
            )
            for agency in recipients
        ]
        return incoming.receive_distributions(document=document, distributions=rows, by=w.office_director)


def reload(row: IncomingDocument) -> IncomingDocument:
    return IncomingDocument.objects.get(pk=row.pk)


def open_steps(row: IncomingDocument) -> list[tuple[str, str]]:
    instance = workflow_selectors.get_instance(row.process_id)
    return [
        (item.element_id, item.assignee.username if item.assignee else "")
        for item in workflow_selectors.list_open_items(instance).filter(kind=WorkItem.Kind.TODO)
    ]


def to_assign(office: Any, **changes: Any) -> IncomingDocument:
    w = office.world
    (row,) = distribute_to(office, w.jiayin_civil_affairs, **changes)
    incoming.sign_for(incoming=row, by=w.jiayin_clerk)
    incoming.register(incoming=row, by=w.jiayin_clerk)
    incoming.pass_review(incoming=row, by=w.jiayin_clerk)
    incoming.propose(incoming=row, by=w.jiayin_clerk, text="拟请局长阅示，由本局承办，市民政局协办。")
    incoming.instruct(incoming=row, by=w.jiayin_leader, text="同意，抓紧落实。")
    return reload(row)


def test_a_distributed_document_waits_in_the_recipients_incoming_box_with_its_metadata(office):
    w = office.world
    row, _other = distribute_to(office, w.jiayin_civil_affairs, w.tieli_civil_affairs, urgency="加急")
    assert row.status == Status.SIGN_FOR and not row.process_id
    assert row.title.startswith("伊春市民政局关于") and row.source_number == "伊民发〔2026〕8号"
    assert row.source_name == "伊春市民政局" and row.urgency == "加急" and row.pages == 3
    assert list(selectors.list_incoming(w.jiayin_clerk)) == [row]
    assert list(selectors.list_incoming(w.city_clerk)) == []
    # The receiving agency's clerk is told it waits for 签收; its leader (no 签收 verb) is not.
    arrived = Message.objects.filter(template_code="documents.incoming_arrived")
    assert set(arrived.values_list("recipient__username", flat=True)) == {"jiayin_clerk"}


def test_signing_for_stamps_the_senders_distribution_and_starts_registration_in_the_signers_inbox(office):
    w = office.world
    (row,) = distribute_to(office, w.jiayin_civil_affairs)
    signed = incoming.sign_for(incoming=row, by=w.jiayin_clerk)
    assert signed.status == Status.REGISTER
    distribution = Distribution.objects.get(pk=row.distribution_id)
    assert distribution.signed_for_by == w.jiayin_clerk and distribution.signed_for_at == signed.signed_for_at
    assert open_steps(signed) == [("register", "jiayin_clerk")]
    with pytest.raises(DocumentRefused, match="已签收"):
        incoming.sign_for(incoming=row, by=w.jiayin_clerk)


def test_only_staff_of_the_receiving_agency_may_sign_for_it(office):
    w = office.world
    (row,) = distribute_to(office, w.jiayin_civil_affairs)
    with pytest.raises(DocumentRefused) as refused:
        incoming.sign_for(incoming=row, by=w.city_clerk)
    assert refused.value.code == "forbidden"
    assert reload(row).status == Status.SIGN_FOR


def test_registration_numbers_are_per_agency_per_year_without_gaps(office):
    w = office.world
    rows = distribute_to(office, w.jiayin_civil_affairs) + distribute_to(office, w.jiayin_civil_affairs)
    year = timezone.localdate().year
    numbers = []
    for row in rows:
        incoming.sign_for(incoming=row, by=w.jiayin_clerk)
        numbers.append(incoming.register(incoming=row, by=w.jiayin_clerk).number)
    paper = incoming.register_external(
        agency=w.jiayin_civil_affairs, by=w.jiayin_clerk, title="关于报送年度统计数据的函", source_name="嘉荫县统计局"
    )
    assert [*numbers, paper.number] == [f"收〔{year}〕1号", f"收〔{year}〕2号", f"收〔{year}〕3号"]
    assert reload(rows[0]).status == Status.REVIEW


def test_a_refused_registration_gives_its_number_back(office):
    w = office.world
    (row,) = distribute_to(office, w.jiayin_civil_affairs)
    incoming.sign_for(incoming=row, by=w.jiayin_clerk)
    with pytest.raises(DocumentRefused):
        incoming.register_external(agency=w.jiayin_civil_affairs, by=w.jiayin_clerk, title="", source_name="")
    assert incoming.register(incoming=row, by=w.jiayin_clerk).number.endswith("〕1号")


def test_a_paper_document_is_registered_with_its_scan_and_goes_to_review(office):
    w = office.world
    scan = SimpleUploadedFile("来文.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")
    row = incoming.register_external(
        agency=w.jiayin_civil_affairs,
        by=w.jiayin_clerk,
        title="关于开展冬季安全检查的通知",
        source_name="嘉荫县应急管理局",
        source_number="嘉应急发〔2026〕5号",
        doc_type="通知",
        urgency="特急",
        written_on=datetime.date(2026, 11, 30),
        pages=2,
        file=scan,
    )
    assert row.distribution_id is None and row.file is not None and row.file.is_attached
    assert row.status == Status.REVIEW and row.signed_for_by == w.jiayin_clerk
    assert open_steps(row) == [("review", "jiayin_clerk")]
    assert [o.step for o in IncomingOpinion.objects.filter(incoming=row)] == ["登记"]


def test_a_paper_document_marked_classified_is_refused(office):
    w = office.world
    with pytest.raises(DocumentRefused, match="涉密"):
        incoming.register_external(
            agency=w.jiayin_civil_affairs, by=w.jiayin_clerk, title="某事项", source_name="某单位", secrecy="秘密"
        )
    assert not IncomingDocument.objects.exists()


def test_a_non_compliant_document_is_returned_with_its_reason_which_the_sender_sees(office):
    w = office.world
    (row,) = distribute_to(office, w.jiayin_civil_affairs)
    incoming.sign_for(incoming=row, by=w.jiayin_clerk)
    incoming.register(incoming=row, by=w.jiayin_clerk)
    with pytest.raises(DocumentRefused) as refused:
        incoming.return_incoming(incoming=row, by=w.jiayin_clerk, reason=" ")
    assert refused.value.errors == {"reason": "请填写退回理由。"}
    returned = incoming.return_incoming(incoming=row, by=w.jiayin_clerk, reason="缺少附件，请补齐后重新分发。")
    assert returned.status == Status.RETURNED
    distribution = Distribution.objects.get(pk=row.distribution_id)
    assert distribution.return_reason == "缺少附件，请补齐后重新分发。" and distribution.returned_at is not None
    assert open_steps(returned) == []
    with pytest.raises(DocumentRefused, match="已退回"):
        incoming.propose(incoming=row, by=w.jiayin_clerk, text="拟办")


def test_a_document_may_be_refused_before_signing_for_it(office):
    w = office.world
    (row,) = distribute_to(office, w.jiayin_civil_affairs)
    incoming.return_incoming(incoming=row, by=w.jiayin_clerk, reason="不属于本机关职责范围。")
    assert Distribution.objects.get(pk=row.distribution_id).signed_for_at is None
    assert reload(row).status == Status.RETURNED and not reload(row).process_id


def test_the_leader_instructs_or_circles_and_only_a_leader_may(office):
    w = office.world
    (row,) = distribute_to(office, w.jiayin_civil_affairs)
    incoming.sign_for(incoming=row, by=w.jiayin_clerk)
    incoming.register(incoming=row, by=w.jiayin_clerk)
    incoming.pass_review(incoming=row, by=w.jiayin_clerk)
    with pytest.raises(DocumentRefused, match="拟办意见"):
        incoming.propose(incoming=row, by=w.jiayin_clerk, text="")
    incoming.propose(incoming=row, by=w.jiayin_clerk, text="拟请局长阅示。")
    assert open_steps(reload(row)) == [("instruct", "jiayin_leader")]
    with pytest.raises(DocumentRefused) as refused:
        incoming.instruct(incoming=row, by=w.jiayin_clerk, text="同意")
    assert refused.value.code == "forbidden"
    with pytest.raises(DocumentRefused, match="圈阅"):
        incoming.instruct(incoming=row, by=w.jiayin_leader)
    done = incoming.instruct(incoming=row, by=w.jiayin_leader, circled=True)
    assert done.circled and done.instruction == "" and done.instructed_by == w.jiayin_leader
    assert IncomingOpinion.objects.get(incoming=row, step="批办").result == IncomingOpinion.Result.CIRCLE
    assert done.status == Status.ASSIGN


def test_an_urgent_document_without_a_deadline_is_refused_at_assignment(office):
    w = office.world
    row = to_assign(office, urgency="特急")
    with pytest.raises(DocumentRefused) as refused:
        incoming.assign_handling(incoming=row, by=w.jiayin_clerk, main_agency=w.jiayin_civil_affairs)
    assert refused.value.message == incoming.URGENT_NEEDS_DEADLINE
    assert refused.value.errors["deadline"] == incoming.URGENT_NEEDS_DEADLINE
    assert not HandlingAssignment.objects.exists() and reload(row).status == Status.ASSIGN


def test_main_and_assisting_departments_report_and_the_document_is_closed_with_a_reply(office):
    w = office.world
    row = to_assign(office, urgency="加急")
    deadline = timezone.localdate() + datetime.timedelta(days=5)
    incoming.assign_handling(
        incoming=row,
        by=w.jiayin_clerk,
        main_agency=w.jiayin_civil_affairs,
        assist_agencies=[w.city_civil_affairs],
        deadline=deadline,
    )
    row = reload(row)
    assert row.status == Status.HANDLE and row.deadline == deadline
    assert sorted(open_steps(row)) == [("handle", "city_clerk"), ("handle", "jiayin_clerk")]
    assert [(a.agency, a.role) for a in selectors.list_assignments(row)] == [
        (w.city_civil_affairs, "assist"),
        (w.jiayin_civil_affairs, "main"),
    ]
    # The 协办 department sees the 收文 in its list as a 承办 agency.
    assert list(selectors.list_incoming(w.city_clerk, box="handling")) == [row]
    assert list(selectors.list_incoming(w.city_clerk, box="all")) == [row]
    assert list(selectors.list_incoming(w.city_clerk)) == []
    with pytest.raises(DocumentRefused) as refused:
        incoming.report_handling(incoming=row, by=w.city_clerk, agency=w.jiayin_civil_affairs, result="已办")
    assert refused.value.code == "forbidden"
    incoming.report_handling(incoming=row, by=w.city_clerk, agency=w.city_civil_affairs, result="已提供救助名单。")
    assert reload(row).status == Status.HANDLE
    incoming.report_handling(incoming=row, by=w.jiayin_clerk, agency=w.jiayin_civil_affairs, result="已落实。")
    assert open_steps(reload(row)) == [("finish", "jiayin_clerk")]
    with pytest.raises(DocumentRefused, match="答复"):
        incoming.complete(incoming=row, by=w.jiayin_clerk, reply="")
    done = incoming.complete(incoming=row, by=w.jiayin_clerk, reply="已按通知要求落实，特此报告。")
    assert done.status == Status.DONE and done.completed_at is not None
    assert [o.step for o in IncomingOpinion.objects.filter(incoming=row)] == [
        "签收",
        "登记",
        "初审",
        "拟办",
        "批办",
        "分办",
        "承办（协办）",
        "承办（主办）",
        "办结",
    ]
    assert AuditEntry.objects.filter(event="documents.incoming_complete").count() == 1


def test_a_document_for_information_only_is_closed_without_handling(office):
    w = office.world
    row = to_assign(office)
    done = incoming.complete(incoming=row, by=w.jiayin_clerk, reply="已阅知，无需承办。")
    assert done.status == Status.DONE and not HandlingAssignment.objects.filter(incoming=row).exists()


def test_circulation_records_who_read_it_and_when(office):
    w = office.world
    row = to_assign(office)
    items = incoming.circulate(incoming=row, by=w.jiayin_clerk, recipients=[w.jiayin_leader, w.city_clerk])
    assert len(items) == 2
    readers = {r.user.username: r for r in selectors.list_readers(row)}
    assert readers["jiayin_leader"].read_at is None and readers["city_clerk"].read_at is None
    incoming.mark_read(incoming=row, by=w.city_clerk, opinion="已阅")
    readers = {r.user.username: r for r in selectors.list_readers(row)}
    assert readers["city_clerk"].read_at is not None and readers["city_clerk"].opinion == "已阅"
    assert readers["jiayin_leader"].read_at is None
    # A reader outside the agency may open the 收文 they were circulated.
    assert selectors.get_incoming(w.city_clerk, row.pk) == row
    with pytest.raises(DocumentRefused, match="待阅"):
        incoming.mark_read(incoming=row, by=w.city_clerk)


def test_urging_notifies_the_holders_of_the_open_steps(office):
    w = office.world
    (row,) = distribute_to(office, w.jiayin_civil_affairs)
    incoming.sign_for(incoming=row, by=w.jiayin_clerk)
    incoming.register(incoming=row, by=w.jiayin_clerk)
    incoming.pass_review(incoming=row, by=w.jiayin_clerk)
    incoming.propose(incoming=row, by=w.jiayin_clerk, text="拟请局长阅示。")
    urged = incoming.urge(incoming=row, by=w.jiayin_clerk, message="请尽快批示")
    assert [item.element_id for item in urged] == ["instruct"]
    assert AuditEntry.objects.filter(event="workflow.urge").count() == 1
    with pytest.raises(DocumentRefused) as refused:
        incoming.urge(incoming=row, by=w.city_clerk)
    assert refused.value.code == "forbidden"


def test_a_missing_or_foreign_incoming_document_is_not_found(office):
    from django.http import Http404

    w = office.world
    (row,) = distribute_to(office, w.jiayin_civil_affairs)
    with pytest.raises(Http404):
        selectors.get_incoming(w.tieli_leader, row.pk)
    with pytest.raises(Http404):
        selectors.get_incoming(w.jiayin_clerk, row.pk + 999)


def test_distribution_delivers_the_document_to_each_recipients_incoming_box(office, monkeypatch):
    from yiwang.core.files import services as files

    from ..services import issuing, outgoing

    w = office.world

    def sealed(*, document: Document, by: Any, ip: str | None = None) -> Document:  # the renderer is tested elsewhere
        pdf = SimpleUploadedFile("sealed.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")
        stored = files.upload(file=pdf, purpose="attachment", user=by, owner=document)
        document.sealed_file, document.sealed_at, document.pages = stored, timezone.now(), 1
        return document

    monkeypatch.setattr(issuing, "issue_sealed_pdf", sealed)
    document = through_sign_off(office, joint=False)
    document.main_to_agencies.add(w.jiayin_civil_affairs)
    document.cc_agencies.add(w.tieli_civil_affairs)
    outgoing.number_document(document=document, by=w.office_director)
    outgoing.seal_document(document=refresh(document), by=w.office_director)
    outgoing.distribute_document(document=refresh(document), by=w.office_director)
    rows = {row.agency_id: row for row in IncomingDocument.objects.select_related("distribution")}
    assert set(rows) == {w.jiayin_civil_affairs.pk, w.tieli_civil_affairs.pk}
    row = rows[w.jiayin_civil_affairs.pk]
    assert row.status == Status.SIGN_FOR and row.source_number == refresh(document).doc_number
    assert row.distribution.kind == Distribution.Kind.MAIN
    assert rows[w.tieli_civil_affairs.pk].distribution.kind == Distribution.Kind.CC
