"""Helpers of the seal tests: a small 公文-like PDF made with WeasyPrint, seal boxes on it, and a
PDF signed by a key this platform never issued."""

from __future__ import annotations

import datetime
import io
import re

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from yiwang.core.seals.signing._threads import outside_event_loop
from yiwang.core.seals.types import SealBox

MM = 72 / 25.4
SEAL_SIZE = 42 * MM  # 119 pt


def small_pdf(pages: int = 1) -> bytes:
    """An A4 PDF with a title and a paragraph per page (WeasyPrint, the platform's PDF renderer)."""
    from weasyprint import HTML

    body = "".join(
        f"<section style='page-break-after: always'><h1>关于做好冬季供暖工作的通知</h1>"
        f"<p>各县（市）、区人民政府，市政府各部门：第 {n + 1} 页正文。</p></section>"
        for n in range(pages)
    )
    html = f"<html lang='zh'><body style='font-family: \"Noto Serif CJK SC\"'>{body}</body></html>"
    return bytes(HTML(string=html).write_pdf())


def box(issuer: str, *, page: int = 0, x: float = 340.0, y: float = 200.0) -> SealBox:
    return SealBox(page=page, x=x, y=y, width=SEAL_SIZE, height=SEAL_SIZE, issuer=issuer)


def foreign_signed_pdf(pdf: bytes) -> bytes:
    """`pdf` signed with a self-signed certificate (someone else's key, valid in every other way)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "伊春市人民政府办公室")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    pem = certificate.public_bytes(serialization.Encoding.PEM)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    cert = next(iter(load_certs_from_pemder_data(pem)))
    signer = signers.SimpleSigner(
        signing_cert=cert,
        signing_key=load_private_key_from_pemder_data(key_pem, passphrase=None),
        cert_registry=SimpleCertificateStore.from_certs([cert]),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    meta = signers.PdfSignatureMetadata(field_name="Forged", subfilter=fields.SigSeedSubFilter.PADES)
    pdf_signer = signers.PdfSigner(
        meta, signer=signer, new_field_spec=fields.SigFieldSpec(sig_field_name="Forged", box=(340, 200, 459, 319))
    )
    return bytes(outside_event_loop(lambda: pdf_signer.sign_pdf(writer)).getvalue())  # type: ignore[union-attr]


def signed_ranges(data: bytes) -> list[tuple[int, int]]:
    """The byte ranges the last signature covers (its /ByteRange: offset, length, offset, length)."""
    found = re.findall(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data)
    a, b, c, d = (int(v) for v in found[-1])
    return [(a, a + b), (c, c + d)]


def flip_byte(data: bytes, position: int) -> bytes:
    return data[:position] + bytes([data[position] ^ 0x01]) + data[position + 1 :]
