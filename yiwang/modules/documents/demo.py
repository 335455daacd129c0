"""Demo data of 公文 for the reference deployment: the 伊春 机关代字 and a few documents at their
steps, created through the services (so each has its process, opinions and audit entries)."""

from __future__ import annotations

from typing import Any, TextIO

from django.db import transaction

from yiwang.core.accounts.models import User
from yiwang.core.orgs.models import Agency
from yiwang.core.seals import services as seals

from .models import Document, IssuerCode
from .services import drafting
from .services.errors import DocumentRefused

# 代字 beyond each agency's own (orgs reference data): 市政府 also writes 函 as 伊政函.
EXTRA_CODES = (("伊春市人民政府", "伊政函", "函"), ("伊春市人民政府办公室", "伊政办函", "函"))
DRAFTS = (
    (
        "通知",
        "伊春市民政局关于做好2027年元旦春节期间困难群众走访慰问工作的通知",
        "各县（市）、区民政局",
        "为切实保障困难群众基本生活，让困难群众温暖过冬，现就做好2027年元旦春节期间走访慰问工作通知如下：\n"
        "一、提高思想认识\n（一）各地要把走访慰问作为重要政治任务。\n二、突出慰问重点\n"
        "（一）重点慰问城乡低保对象、特困人员和临时遇困群众。\n1. 低保对象逐户走访。\n（1）林区偏远林场所优先安排。\n"
        "三、加强组织保障\n特此通知。",
        True,
    ),
    (
        "请示",
        "伊春市民政局关于申请拨付2027年城乡低保补助资金的请示",
        "伊春市人民政府",
        "为保障全市城乡低保对象基本生活，拟申请拨付2027年城乡低保补助资金。现将有关事项请示如下：\n"
        "一、资金测算\n二、使用方向\n妥否，请批示。",
        False,
    ),
)


def _say(stdout: TextIO | None, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def load_issuer_codes() -> int:
    """Each agency's own 代字 (Agency.code_word) and the 函 codes. Idempotent."""
    created = 0
    for agency in Agency.objects.exclude(code_word="").order_by("path"):
        _, new = IssuerCode.objects.get_or_create(code=agency.code_word, defaults={"agency": agency, "label": "发文"})
        created += new
    for full_name, code, label in EXTRA_CODES:
        owner = Agency.objects.filter(full_name=full_name).first()
        if owner is not None:
            _, new = IssuerCode.objects.get_or_create(code=code, defaults={"agency": owner, "label": label})
            created += new
    return created


def load_seals() -> seals.SealRun:
    """The seal authority and a seal for every agency with a 机关代字 (as `manage.py
    issue_agency_seals` does), so the demo documents can be sealed. Idempotent."""
    return seals.issue_missing_seals()


def load(stdout: TextIO | None = None) -> None:
    """The 机关代字 and the demo drafts that are missing. Safe to run again."""
    codes = load_issuer_codes()
    _say(stdout, f"公文：新增机关代字 {codes} 个。\n")
    sealed = load_seals()
    _say(stdout, f"公文：制发电子印章 {len(sealed.issued)} 枚。\n")
    clerk = User.objects.filter(username="clerk").first()
    civil = Agency.objects.filter(full_name="伊春市民政局").first()
    office = Agency.objects.filter(full_name="伊春市人民政府办公室").first()
    if clerk is None or civil is None:
        _say(stdout, "公文：缺少演示账户或机构，未加载演示公文。\n")
        return
    director = User.objects.filter(username="office_director").first()
    if director is not None and office is not None:
        grant_demo_roles(director, civil, office)
    existing = set(Document.objects.filter(title__in=[d[1] for d in DRAFTS]).values_list("title", flat=True))
    for doc_type, title, main_to, body, submit in DRAFTS:
        if title in existing:
            continue
        try:
            with transaction.atomic():
                document = drafting.create_draft(by=clerk, doc_type=doc_type, agency=civil, title=title)
                fields = drafting.DraftFields(
                    title=title,
                    main_to=main_to,
                    body=body,
                    printer="伊春市民政局办公室",
                    issuer_code=document.issuer_code,
                    co_issuers=(office,) if office is not None and doc_type == "通知" else (),
                    main_to_agencies=_recipients(doc_type, office),
                )
                document = drafting.update_draft(document=document, by=clerk, fields=fields)
                if submit:
                    drafting.submit_for_review(document=document, by=clerk)
        except DocumentRefused as refused:
            _say(stdout, f"演示公文未能创建：{title}（{refused.message}）\n")
            continue
    _say(stdout, "公文：演示公文已加载。\n")
    advance(stdout)


# The demo's 市民政局 has a clerk and a leader but no 办公室主任, and 市政府办公室's director holds
# no 会签 role: the demo office director 高峰 also serves as 市民政局's 办公室主任 (核稿, 编号, 用印,
# 分发, 归档, 收文) and as the 市政府办公室 leader who countersigns and instructs, so the demo documents
# reach every step. Reference deployments give these roles to their own people.
DEMO_LETTER = (
    "函",
    "伊春市人民政府办公室关于做好2027年春节期间困难群众慰问物资发放工作的函",
    "伊春市民政局",
    "为做好2027年春节期间困难群众慰问物资发放工作，现将有关事项函告如下：\n"
    "一、发放范围\n（一）城乡低保对象、特困人员。\n二、时间要求\n1月25日前发放到户。\n特此函告。",
)
DEMO_RECIPIENTS = ("嘉荫县民政局", "铁力市民政局")


def _recipients(doc_type: str, office: Agency | None) -> tuple[Agency, ...]:
    if doc_type == "通知":
        return tuple(Agency.objects.filter(full_name__in=DEMO_RECIPIENTS).order_by("path"))
    return ()


def _people() -> dict[str, User]:
    names = ("clerk", "leader", "office_director", "jiayin_clerk")
    return {user.username: user for user in User.objects.filter(username__in=names)}


def grant_demo_roles(director: User, civil: Agency, office: Agency) -> None:
    """高峰 as 市民政局 办公室主任 and 市政府办公室 负责人 (see above). Idempotent."""
    from yiwang.core.orgs.models import Membership, Role
    from yiwang.core.permissions import access

    roles = {role.code: role for role in Role.objects.filter(code__in=("office_director", "leader"))}
    if len(roles) < 2:
        return
    Membership.objects.get_or_create(
        user=director, agency=civil, role=roles["office_director"], defaults={"title": "办公室主任"}
    )
    Membership.objects.get_or_create(
        user=director, agency=office, role=roles["leader"], defaults={"title": "主任", "is_leader": True}
    )
    access.forget_scope(director)


def _walk(document: Document, steps: dict[str, Any], stdout: TextIO | None) -> Document:
    """Move `document` along while a step is given for its status; stop at the first refusal."""
    for _ in range(len(steps) + 1):
        document = Document.objects.get(pk=document.pk)
        step = steps.get(document.status)
        if step is None:
            return document
        try:
            step(document)
        except DocumentRefused as refused:
            _say(stdout, f"演示公文停在“{document.get_status_display()}”：{document.title}（{refused.message}）\n")
            return document
    return document


def _outgoing_steps(people: dict[str, User], *, archive: bool) -> dict[str, Any]:
    from .models import Retention
    from .services import outgoing

    director, leader = people["office_director"], people["leader"]
    steps: dict[str, Any] = {
        Document.Status.REVIEW: lambda d: outgoing.approve_step(
            document=d, by=director, step="review", opinion="文字已核，请会签。"
        ),
        Document.Status.COUNTERSIGN: lambda d: outgoing.approve_step(
            document=d, by=director, step="countersign", opinion="同意会签。"
        ),
        Document.Status.SIGN_OFF: lambda d: outgoing.approve_step(
            document=d, by=leader, step="sign_off", opinion="同意印发。"
        ),
        Document.Status.RECHECK: lambda d: outgoing.approve_step(document=d, by=director, step="recheck"),
        Document.Status.NUMBER: lambda d: outgoing.number_document(document=d, by=director),
        Document.Status.SEAL: lambda d: outgoing.seal_document(document=d, by=director),
        Document.Status.DISTRIBUTE: lambda d: outgoing.distribute_document(document=d, by=director),
    }
    if archive:
        steps[Document.Status.ARCHIVE] = lambda d: outgoing.archive_document(
            document=d, by=director, retention=Retention.TEN_YEARS
        )
    return steps


def _walk_incoming(row: Any, steps: dict[str, Any], stdout: TextIO | None) -> None:
    from .models import IncomingDocument

    for _ in range(len(steps) + 1):
        row = IncomingDocument.objects.get(pk=row.pk)
        step = steps.get(row.status)
        if step is None:
            return
        try:
            step(row)
        except DocumentRefused as refused:
            _say(stdout, f"演示收文停在“{row.get_status_display()}”：{row.title}（{refused.message}）\n")
            return


def advance(stdout: TextIO | None = None) -> None:
    """The demo documents at every step: the joint 通知 issued, received by the counties and filed
    (嘉荫 signs for and registers it; its 拟办 waits: the demo has no 嘉荫 leader to 批示), the 请示 left at 拟稿, and a 函 of 市政府办公室
    to 市民政局 issued, filed and handled there from 签收 to 办结. Each moves on only from where it stands."""
    import datetime

    from django.utils import timezone

    from .models import IncomingDocument
    from .services import incoming

    people = _people()
    civil = Agency.objects.filter(full_name="伊春市民政局").first()
    office = Agency.objects.filter(full_name="伊春市人民政府办公室").first()
    if civil is None or office is None or {"clerk", "leader", "office_director"} - set(people):
        return
    director, clerk, leader = people["office_director"], people["clerk"], people["leader"]
    grant_demo_roles(director, civil, office)

    notice = Document.objects.filter(title=DRAFTS[0][1]).first()
    if notice is not None:
        _walk(notice, _outgoing_steps(people, archive=True), stdout)
        jiayin = people.get("jiayin_clerk")
        row = IncomingDocument.objects.filter(distribution__document=notice, agency__full_name="嘉荫县民政局").first()
        if row is not None and jiayin is not None:
            _walk_incoming(
                row,
                {
                    IncomingDocument.Status.SIGN_FOR: lambda r: incoming.sign_for(incoming=r, by=jiayin),
                    IncomingDocument.Status.REGISTER: lambda r: incoming.register(incoming=r, by=jiayin),
                    IncomingDocument.Status.REVIEW: lambda r: incoming.pass_review(incoming=r, by=jiayin),
                },
                stdout,
            )

    # The 函 of 市政府办公室 (drafted, reviewed, signed and sent there) to 市民政局, which handles it.
    doc_type, title, main_to, body = DEMO_LETTER
    letter = Document.objects.filter(title=title).first()
    if letter is None:
        try:
            with transaction.atomic():
                letter = drafting.create_draft(by=director, doc_type=doc_type, agency=office, title=title)
                fields = drafting.DraftFields(
                    title=title,
                    main_to=main_to,
                    body=body,
                    printer="伊春市人民政府办公室",
                    issuer_code=letter.issuer_code,
                    main_to_agencies=(civil,),
                )
                letter = drafting.update_draft(document=letter, by=director, fields=fields)
        except DocumentRefused as refused:
            _say(stdout, f"演示公文未能创建：{title}（{refused.message}）\n")
            return
    steps = _outgoing_steps({**people, "leader": director}, archive=True)
    steps[Document.Status.DRAFT] = lambda d: drafting.submit_for_review(document=d, by=director)
    letter = _walk(letter, steps, stdout)
    row = IncomingDocument.objects.filter(distribution__document=letter, agency=civil).first()
    if row is None:
        return
    deadline = timezone.localdate() + datetime.timedelta(days=7)
    _walk_incoming(
        row,
        {
            IncomingDocument.Status.SIGN_FOR: lambda r: incoming.sign_for(incoming=r, by=clerk),
            IncomingDocument.Status.REGISTER: lambda r: incoming.register(incoming=r, by=clerk),
            IncomingDocument.Status.REVIEW: lambda r: incoming.pass_review(incoming=r, by=clerk),
            IncomingDocument.Status.PROPOSE: lambda r: incoming.propose(
                incoming=r, by=clerk, text="拟请局长阅示，由社会救助科承办。"
            ),
            IncomingDocument.Status.INSTRUCT: lambda r: incoming.instruct(
                incoming=r, by=leader, text="同意，请社会救助科1月20日前拟定发放方案。"
            ),
            IncomingDocument.Status.ASSIGN: lambda r: incoming.assign_handling(
                incoming=r, by=clerk, main_agency=civil, deadline=deadline
            ),
            IncomingDocument.Status.HANDLE: lambda r: incoming.report_handling(
                incoming=r, by=clerk, agency=civil, result="已拟定发放方案，慰问物资1月22日前发放到户。"
            ),
            IncomingDocument.Status.FINISH: lambda r: incoming.complete(
                incoming=r, by=clerk, reply="慰问物资已按要求发放，特此报告。"
            ),
        },
        stdout,
    )
