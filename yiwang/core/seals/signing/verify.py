"""验章: is a PDF intact, and was each seal on it applied with a seal of this platform?

For every signature pyHanko checks the digest of the bytes it covers and the signature over it
(intact), the certificate chain to this platform's seal authority with nothing fetched from the
network (trusted), and what changed after it (the difference analysis). On top of that the seal's
own record says whether it was revoked when it was applied. The verdict puts the gravest finding
first: an unreadable or altered file, then a foreign signature, then a revoked seal.
"""

from __future__ import annotations

import datetime
import enum
import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from asn1crypto import x509 as asn1_x509
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from .. import selectors as seal_selectors
from ._threads import outside_event_loop

logger = logging.getLogger(__name__)

# What may follow a seal without it being "changed after sealing": nothing, or another seal
# (a joint document's next agency). Form filling is the level pyHanko gives a new signature field.
ALLOWED_AFTER = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING)


class Verdict(enum.StrEnum):
    VALID = "valid"
    TAMPERED = "tampered"
    REVOKED = "revoked"
    FOREIGN = "foreign"
    UNSIGNED = "unsigned"
    UNREADABLE = "unreadable"


MESSAGES = {
    Verdict.VALID: "文件完整，印章有效",
    Verdict.TAMPERED: "文件已被篡改",
    Verdict.REVOKED: "印章已被撤销",
    Verdict.FOREIGN: "不是本平台签章的文件",
    Verdict.UNSIGNED: "文件中没有电子印章",
    Verdict.UNREADABLE: "无法读取的文件",
}

EXPLANATIONS = {
    Verdict.VALID: "文件自盖章以来没有任何改动，每枚印章都由本平台签发且在盖章时有效。",
    Verdict.TAMPERED: "文件内容与盖章时不一致：盖章后文件被改动过。请向发文机关索取原件。",
    Verdict.REVOKED: "文件盖章后没有改动，但所用印章在盖章时已被撤销，文件不能作为有效公文使用。",
    Verdict.FOREIGN: "文件带有电子签名，但签名不是本平台为机关签发的电子印章，本页面无法证明其来源。",
    Verdict.UNSIGNED: "这份 PDF 没有电子印章，无法核验其来源和完整性。",
    Verdict.UNREADABLE: "文件不是有效的 PDF，或者已经损坏，无法读取。",
}


@dataclass(frozen=True)
class SealCheck:
    """One signature in the file, as the verification page shows it."""

    field_name: str
    signer: str  # 机关: the agency of this platform's seal, else the certificate's subject
    seal_name: str
    serial: str
    signed_at: datetime.datetime | None  # as the signer's software claims it (PAdES-B-B has no timestamp)
    intact: bool  # the covered bytes are unchanged and the signature over them is valid
    trusted: bool  # the certificate chains to this platform's seal authority
    revoked: bool  # the seal had been revoked when it was applied
    revoked_at: datetime.datetime | None
    covers_whole_document: bool  # nothing but further seals was added after this one
    box: tuple[float, float, float, float] | None = None  # the widget's /Rect on its page
    page: int | None = None
    reason: str = ""  # the signature's /Reason: "<发文字号> 用印" for a 公文 sealed here

    @property
    def status(self) -> str:
        if not self.intact:
            return "签名无效，文件已被改动"
        if not self.trusted:
            return "不是本平台签发的印章"
        if self.revoked:
            return "印章已被撤销"
        if not self.covers_whole_document:
            return "盖章后文件被修改过"
        return "有效"

    @property
    def ok(self) -> bool:
        return self.intact and self.trusted and not self.revoked and self.covers_whole_document


@dataclass(frozen=True)
class Verification:
    verdict: Verdict
    seals: tuple[SealCheck, ...] = field(default=())

    @property
    def message(self) -> str:
        return MESSAGES[self.verdict]

    @property
    def explanation(self) -> str:
        return EXPLANATIONS[self.verdict]

    @property
    def ok(self) -> bool:
        return self.verdict is Verdict.VALID


def _trust_roots() -> list[asn1_x509.Certificate]:
    roots: list[asn1_x509.Certificate] = []
    for pem in seal_selectors.list_trust_roots():
        roots.extend(load_certs_from_pemder_data(pem.encode()))
    return roots


def _subject_part(certificate: asn1_x509.Certificate, key: str) -> str:
    return str(certificate.subject.native.get(key, "") or "")


def _widget(embedded: EmbeddedPdfSignature, reader: PdfFileReader) -> tuple[tuple[float, ...] | None, int | None]:
    try:
        annotation = embedded.sig_field
        rect = tuple(float(v) for v in annotation["/Rect"])
        page_ref = annotation.get_value_as_reference("/P") if "/P" in annotation else None
        page = None
        if page_ref is not None:
            for index in range(int(reader.root["/Pages"]["/Count"])):
                if reader.find_page_for_modification(index)[0].idnum == page_ref.idnum:
                    page = index
                    break
        return rect, page
    except Exception:
        return None, None


def _reason(embedded: EmbeddedPdfSignature) -> str:
    try:
        return str(embedded.sig_object.get("/Reason", "") or "")
    except Exception:
        return ""


def _later_revisions_are_seals(embedded: EmbeddedPdfSignature, all_signed: Sequence[int], total: int) -> bool:
    """Every revision after this signature's one is itself a signature's revision."""
    later = set(range(embedded.signed_revision + 1, total))
    return later <= set(all_signed)


def _check(
    embedded: EmbeddedPdfSignature,
    *,
    roots: list[asn1_x509.Certificate],
    signed_revisions: Sequence[int],
    total_revisions: int,
    reader: PdfFileReader,
) -> tuple[SealCheck, PdfSignatureStatus | None]:
    certificate = embedded.signer_cert
    serial = format(certificate.serial_number, "x")
    status: PdfSignatureStatus | None
    try:
        context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
        status = validate_pdf_signature(embedded, context)
    except Exception:
        logger.info("signature %s could not be validated", embedded.field_name, exc_info=True)
        status = None
    intact = bool(status and status.intact and status.valid)
    trusted = bool(status and status.trusted)
    level = status.modification_level if status else None
    coverage = status.coverage if status else None
    whole = bool(
        status
        and (
            coverage == SignatureCoverageLevel.ENTIRE_FILE
            or (
                coverage == SignatureCoverageLevel.ENTIRE_REVISION
                and level in ALLOWED_AFTER
                and _later_revisions_are_seals(embedded, signed_revisions, total_revisions)
            )
        )
    )
    signed_at = status.signer_reported_dt if status else embedded.self_reported_timestamp
    box, page = _widget(embedded, reader)
    check = SealCheck(
        field_name=str(embedded.field_name),
        signer=_subject_part(certificate, "organization_name") or _subject_part(certificate, "common_name"),
        seal_name=_subject_part(certificate, "common_name"),
        serial=serial,
        signed_at=signed_at,
        intact=intact,
        trusted=trusted,
        revoked=False,
        revoked_at=None,
        covers_whole_document=whole,
        box=box,  # type: ignore[arg-type]
        page=page,
        reason=_reason(embedded),
    )
    return check, status


def _with_seal_records(checks: list[SealCheck]) -> list[SealCheck]:
    """Names from this platform's records, and whether each seal was revoked when it was applied."""
    records = seal_selectors.get_seals_by_serial(c.serial for c in checks if c.trusted)
    out = []
    for check in checks:
        seal = records.get(check.serial) if check.trusted else None
        if seal is None:
            # Chains to our authority but unknown to our records: not a seal this platform issued.
            out.append(check if not check.trusted else _replace(check, trusted=False))
            continue
        # The CMS signing time has whole seconds: a seal revoked within the second it signed counts as revoked.
        revoked = seal.revoked_at is not None and (
            check.signed_at is None or seal.revoked_at.replace(microsecond=0) <= check.signed_at
        )
        out.append(_replace(check, signer=seal.agency.full_name, revoked=revoked, revoked_at=seal.revoked_at))
    return out


def _replace(check: SealCheck, **changes: object) -> SealCheck:
    from dataclasses import replace

    return replace(check, **changes)  # type: ignore[arg-type]


def _verdict(checks: Sequence[SealCheck]) -> Verdict:
    if any(not c.intact or not c.covers_whole_document for c in checks):
        return Verdict.TAMPERED
    if any(not c.trusted for c in checks):
        return Verdict.FOREIGN
    if any(c.revoked for c in checks):
        return Verdict.REVOKED
    return Verdict.VALID


def _damaged(field_name: str) -> SealCheck:
    return SealCheck(
        field_name=field_name,
        signer="无法识别",
        seal_name="",
        serial="",
        signed_at=None,
        intact=False,
        trusted=False,
        revoked=False,
        revoked_at=None,
        covers_whole_document=False,
    )


# One changed byte can break any one of these, never all: a file that still shows one was signed.
SIGNATURE_MARKERS = (b"/ByteRange", b"/ETSI.CAdES.detached", b"/adbe.pkcs7.detached", b"/SigFlags")


def _looks_signed(data: bytes) -> bool:
    return any(marker in data for marker in SIGNATURE_MARKERS)


def verify_pdf(data: bytes) -> Verification:
    """The verdict on `data` and one `SealCheck` per signature, in the order they were applied."""
    if not data.lstrip()[:5].startswith(b"%PDF-"):
        return Verification(Verdict.UNREADABLE)
    return outside_event_loop(lambda: _verify(data))


def _verify(data: bytes) -> Verification:
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
        total = reader.xrefs.total_revisions
    except Exception:
        logger.info("PDF could not be read for verification", exc_info=True)
        # A signed file whose structure no longer parses has been altered since it was signed.
        return Verification(Verdict.TAMPERED if _looks_signed(data) else Verdict.UNREADABLE)
    if not embedded:
        return Verification(Verdict.TAMPERED if _looks_signed(data) else Verdict.UNSIGNED)
    roots = _trust_roots()
    signed = [sig.signed_revision for sig in embedded]
    checks = []
    for sig in embedded:
        try:
            check, _status = _check(sig, roots=roots, signed_revisions=signed, total_revisions=total, reader=reader)
        except Exception:
            logger.info("signature %s has no readable signer", sig.field_name, exc_info=True)
            check = _damaged(str(sig.field_name))
        checks.append(check)
    checks = _with_seal_records(checks)
    return Verification(_verdict(checks), tuple(checks))
