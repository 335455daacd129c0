"""发文字号: allocated per 机关代字 per year, without gaps and never reused (domain-rules §3.2).

The counter row is locked (`select_for_update`) in the transaction that stamps the document, so two
numberings of the same 代字 wait for each other and a rolled-back numbering gives its serial back
with everything else. Once committed a serial is spent: a document withdrawn later keeps it and
the counter never goes back.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from ..models import DOC_NUMBER_RE, DocumentNumberCounter, IssuerCode, format_doc_number
from .errors import DocumentRefused


def validate_doc_number(value: str) -> str:
    """The number if it reads `代字〔2026〕12号`, else DocumentRefused with the reason."""
    value = (value or "").strip()
    if DOC_NUMBER_RE.match(value):
        return value
    if "第" in value:
        reason = "发文字号的序号前不加“第”字"
    elif any(bracket in value for bracket in ("[", "]", "(", ")", "（", "）", "【", "】", "〖", "〗")):
        reason = "年份须用六角括号〔〕括入"
    elif "〔" in value and "〕" in value and value.split("〕", 1)[1].startswith("0"):
        reason = "序号不编虚位（不加前导 0），如 1 号不写作 01 号"
    else:
        reason = "格式应为“机关代字〔年份〕序号号”，如“伊政发〔2026〕12号”"
    raise DocumentRefused(f"发文字号“{value}”不规范：{reason}。", errors={"doc_number": reason}, code="bad_number")


def allocate_number(*, issuer_code: IssuerCode, year: int) -> int:
    """The next serial of `issuer_code` in `year`. Call inside the transaction that stamps it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_number must run inside the numbering transaction")
    counter = DocumentNumberCounter.objects.select_for_update().filter(issuer_code=issuer_code, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():  # savepoint: another numbering may create the row first
                DocumentNumberCounter.objects.create(issuer_code=issuer_code, year=year, last=0)
        except IntegrityError:
            pass
        counter = DocumentNumberCounter.objects.select_for_update().get(issuer_code=issuer_code, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def number_text(issuer_code: IssuerCode, year: int, serial: int) -> str:
    return validate_doc_number(format_doc_number(issuer_code.code, year, serial))
