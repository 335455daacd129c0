"""用印: sign a rendered 公文 with each issuing agency's seal (PAdES-B-B), the seal image visible in
the box the renderer gives for it (GB/T 9704-2012 §7.3.5.1: over the 发文机关署名 and 成文日期).

A joint document (联合行文) gets one signature per agency, each an incremental update, so every
earlier seal stays valid and the verification page shows them all.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from functools import partial

from PIL import Image
from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields, signers
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from ..models import AgencySeal
from ..types import SealBox
from ._threads import outside_event_loop

FIELD_PREFIX = "Seal"  # signature field names: Seal1, Seal2 … (ASCII: some readers show them)


class SealingError(ValueError):
    """The PDF cannot be sealed as asked; the message is for the person issuing the document."""


def _authority_pem(seal: AgencySeal) -> str:
    return seal.authority.certificate_pem


def _signer(seal: AgencySeal) -> signers.SimpleSigner:
    certificate = next(iter(load_certs_from_pemder_data(seal.certificate_pem.encode())))
    authority = list(load_certs_from_pemder_data(_authority_pem(seal).encode()))
    key = load_private_key_from_pemder_data(seal.private_key.encode(), passphrase=None)
    return signers.SimpleSigner(
        signing_cert=certificate,
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs([certificate, *authority]),
    )


def _stamp(seal: AgencySeal) -> StaticStampStyle:
    picture = Image.open(io.BytesIO(bytes(seal.image)))
    picture.load()
    return StaticStampStyle(
        background=PdfImage(picture),
        background_opacity=1.0,
        border_width=0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(0),
            inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT,
        ),
    )


def _existing_fields(writer: IncrementalPdfFileWriter) -> set[str]:
    return {name for name, _value, _ref in fields.enumerate_sig_fields(writer.prev, filled_status=None)}


def _sign(signer: signers.PdfSigner, writer: IncrementalPdfFileWriter) -> bytes:
    out = signer.sign_pdf(writer)
    return bytes(out.getvalue())


def seal_pdf(pdf: bytes, *, boxes: Sequence[SealBox], seals: Mapping[str, AgencySeal], reason: str) -> bytes:
    """The PDF with one PAdES signature per box; `seals` maps each box's `issuer` to its seal.

    Raises SealingError (Chinese message) when a box has no seal, a seal is revoked, a box is off
    the document's pages, or the PDF cannot be read.
    """
    if not boxes:
        raise SealingError("没有用印位置：这份文件不需要盖章，或者版式没有给出印章位置。 (No seal boxes.)")
    for box in boxes:
        seal = seals.get(box.issuer)
        if seal is None:
            raise SealingError(f"“{box.issuer}”没有可用的电子印章，请先制发印章。 (No seal for {box.issuer}.)")
        if seal.revoked_at is not None:
            raise SealingError(f"“{box.issuer}”的电子印章已被撤销，不能用印。 (The seal of {box.issuer} is revoked.)")
    data = pdf
    for box in boxes:
        seal = seals[box.issuer]
        try:
            writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        except (PdfError, ValueError) as exc:
            raise SealingError("无法读取要用印的 PDF 文件。 (The PDF cannot be read.)") from exc
        pages = int(writer.root["/Pages"]["/Count"])
        if not 0 <= box.page < pages:
            raise SealingError(f"印章位置在第 {box.page + 1} 页，但文件只有 {pages} 页。 (Seal box off the pages.)")
        taken = _existing_fields(writer)
        number = 1
        while f"{FIELD_PREFIX}{number}" in taken:
            number += 1
        field_name = f"{FIELD_PREFIX}{number}"
        rect = (round(box.x), round(box.y), round(box.x + box.width), round(box.y + box.height))
        signer = signers.PdfSigner(
            signers.PdfSignatureMetadata(
                field_name=field_name,
                reason=reason,
                name=box.issuer,
                md_algorithm="sha256",
                subfilter=fields.SigSeedSubFilter.PADES,
            ),
            signer=_signer(seal),
            stamp_style=_stamp(seal),
            new_field_spec=fields.SigFieldSpec(sig_field_name=field_name, on_page=box.page, box=rect),
        )
        data = outside_event_loop(partial(_sign, signer, writer))
    return data
