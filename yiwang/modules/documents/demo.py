"""Demo data of 公文 for the reference deployment: the 伊春 机关代字 and a few documents at their
steps, created through the services (so each has its process, opinions and audit entries)."""

from __future__ import annotations

from typing import TextIO

from django.db import transaction

from yiwang.core.accounts.models import User
from yiwang.core.orgs.models import Agency

from .models import Document, IssuerCode
from .services import drafting, seals
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
                )
                document = drafting.update_draft(document=document, by=clerk, fields=fields)
                if submit:
                    drafting.submit_for_review(document=document, by=clerk)
        except DocumentRefused as refused:
            _say(stdout, f"演示公文未能创建：{title}（{refused.message}）\n")
            continue
    _say(stdout, "公文：演示公文已加载。\n")
