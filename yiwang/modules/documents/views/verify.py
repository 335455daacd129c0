"""验章 — the public verification page (/documents/verify/): anyone uploads a PDF and learns whether it
is a 公文 sealed on this platform and unchanged since.

The file is checked like any upload (size, content really a PDF, the virus scan when configured),
read into memory, verified and dropped: nothing is stored and nothing is audited (a public read).
Django spools a large upload to a temporary file that it removes when the request ends.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from yiwang.core.files.forms import UploadField
from yiwang.core.files.purposes import MB, register_purpose
from yiwang.core.seals import selectors as seal_selectors
from yiwang.core.seals.signing import SealCheck, Verdict, Verification, verify_pdf
from yiwang.core.security.policy import access_policy
from yiwang.core.web.ratelimit import limited_message, ratelimit

PURPOSE = "documents.verify"
MAX_BYTES = 20 * MB
# Refusals of core.files that mean "this is not a PDF" (shown as the 不是有效的 PDF result).
NOT_A_PDF = {"unknown_type", "type_not_allowed", "extension_mismatch"}
SEAL_REASON_SUFFIX = " 用印"  # services.issuing signs with the reason "<发文字号> 用印"


def register_upload_purpose() -> None:
    register_purpose(PURPOSE, allowed_types={"application/pdf"}, max_bytes=MAX_BYTES, label="待验证的文件")


class VerifyForm(forms.Form):
    file = UploadField(
        purpose=PURPOSE,
        label="选择要验证的 PDF 文件",
        help_text="请上传从本平台下载或收到的公文 PDF 原件。文件只用于本次验证，不会被保存。",
        error_messages={"required": "请选择要验证的 PDF 文件。"},
    )

    def not_a_pdf(self) -> bool:
        return any(error.code in NOT_A_PDF for error in self.errors.as_data().get("file", []))


@dataclass(frozen=True)
class SealRow:
    check: SealCheck
    doc_number: str
    valid_from: datetime.datetime | None = None
    valid_until: datetime.datetime | None = None
    fingerprint: str = ""


@dataclass(frozen=True)
class Outcome:
    """The answer shown: a heading, what it means, what to do, and the seals found."""

    key: str  # intact / tampered / changed / revoked / foreign / unsigned / not_pdf
    title: str
    meaning: str
    advice: str
    seals: tuple[SealRow, ...] = ()

    @property
    def ok(self) -> bool:
        return self.key == "intact"


TEXTS = {
    "intact": (
        "文件完整",
        "文件自盖章以来没有任何改动，每枚电子印章都由本平台为发文机关制发，并且在盖章时有效。",
        "可以放心使用这份文件。如需核对内容，请以本页显示的发文机关和发文字号为准。",
    ),
    "tampered": (
        "文件已被篡改",
        "文件的内容与盖章时不一致：盖章之后，文件中至少有一处被改动过（哪怕只是一个字节）。",
        "请不要使用这份文件，并向发文机关索取原件，或从发文机关公布的渠道重新下载。",
    ),
    "changed": (
        "签章后被修改",
        "印章所盖的那一版文件本身没有被改动，但盖章之后文件中又追加了新的内容（例如旋转页面、添加批注或表单）。",
        "追加的内容不受印章保护。请向发文机关索取未经修改的原件。",
    ),
    "revoked": (
        "印章已吊销",
        "文件盖章后没有被改动，但所用的电子印章在盖章时已被撤销（吊销），文件不能作为有效公文使用。",
        "请联系发文机关核实，并索取使用有效印章重新签发的文件。",
    ),
    "foreign": (
        "非本平台签发",
        "文件带有电子签名，但签名不是本平台为机关制发的电子印章，本页面无法证明它的来源和完整性。",
        "如文件来自其他单位或平台，请使用该单位提供的验证方式；如声称是本平台公文，请向发文机关核实。",
    ),
    "unsigned": (
        "文件中没有电子印章",
        "这份 PDF 没有任何电子签名，可能是扫描件、另存的副本或尚未用印的文件，无法核验其来源和完整性。",
        "请向发文机关索取加盖电子印章的 PDF 原件。",
    ),
    "not_pdf": (
        "不是有效的 PDF",
        "上传的文件不是 PDF 文件，或者已经损坏，无法读取。",
        "请确认选择的是公文的 PDF 文件（扩展名为 .pdf），不要上传截图、照片或压缩包。",
    ),
}


def _doc_number(check: SealCheck) -> str:
    if check.reason.endswith(SEAL_REASON_SUFFIX):
        return check.reason[: -len(SEAL_REASON_SUFFIX)].strip()
    return ""


def _key(result: Verification) -> str:
    if result.verdict is Verdict.TAMPERED:
        # Every seal is itself intact, only something was added after it: 签章后被修改.
        intact = bool(result.seals) and all(c.intact for c in result.seals)
        return "changed" if intact else "tampered"
    return {
        Verdict.VALID: "intact",
        Verdict.REVOKED: "revoked",
        Verdict.FOREIGN: "foreign",
        Verdict.UNSIGNED: "unsigned",
        Verdict.UNREADABLE: "not_pdf",
    }[result.verdict]


def outcome_of(result: Verification) -> Outcome:
    """The page's answer for a verification result, with each seal's certificate from our records."""
    key = _key(result)
    records = seal_selectors.get_seals_by_serial(c.serial for c in result.seals if c.trusted)
    rows = []
    for check in result.seals:
        seal = records.get(check.serial) if check.trusted else None
        rows.append(
            SealRow(
                check=check,
                doc_number=_doc_number(check),
                valid_from=seal.valid_from if seal else None,
                valid_until=seal.valid_until if seal else None,
                fingerprint=seal.fingerprint if seal else "",
            )
        )
    title, meaning, advice = TEXTS[key]
    return Outcome(key=key, title=title, meaning=meaning, advice=advice, seals=tuple(rows))


def not_a_pdf() -> Outcome:
    title, meaning, advice = TEXTS["not_pdf"]
    return Outcome(key="not_pdf", title=title, meaning=meaning, advice=advice)


def _read(file: UploadedFile) -> bytes:
    file.seek(0)
    return b"".join(file.chunks())


@access_policy(audience="public", methods=("GET", "POST"), note="公开验章：文件只在内存中验证，不保存、不记审计")
@never_cache
@ratelimit(group="documents.verify", rate="30/h", on_limit="form")
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """验证公文 — upload a PDF, see whether it is intact and who sealed it."""
    outcome: Outcome | None = None
    form = VerifyForm(request.POST, request.FILES) if request.method == "POST" else VerifyForm()
    limited = limited_message(request)
    if request.method == "POST" and not limited:
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                data = _read(upload)
            finally:
                upload.close()
            outcome = outcome_of(verify_pdf(data))
            del data
            form = VerifyForm()  # a fresh form for the next file
        elif form.not_a_pdf():
            outcome = not_a_pdf()
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "outcome": outcome, "ratelimit_message": limited, "checked_at": timezone.now()}
    return render(request, "documents/verify/verify.html", context, status=status)
