"""Keys and X.509 certificates of the seal authority (签章根证书) and the agencies' seals.

ECDSA P-256 keys (GB/T 38540 names SM2, which pyHanko cannot yet validate; P-256 has the same
strength and is what PAdES readers verify). The authority signs each seal's certificate; a seal's
subject carries the agency's name and, when it has one, its 统一社会信用代码 (in the
organizationIdentifier attribute, as ETSI EN 319 412-1 does for legal persons).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

AUTHORITY_YEARS = 20
SEAL_YEARS = 5


@dataclass(frozen=True)
class Issued:
    """A new key and its certificate, PEM-encoded; the key is for the encrypted column only."""

    key_pem: str
    certificate_pem: str
    serial: str  # hex
    fingerprint: str  # SHA-256 of the DER certificate, hex
    valid_from: datetime.datetime
    valid_until: datetime.datetime


def _years(start: datetime.datetime, years: int) -> datetime.datetime:
    return start + datetime.timedelta(days=365 * years + years // 4)


def _issued(key: ec.EllipticCurvePrivateKey, certificate: x509.Certificate) -> Issued:
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return Issued(
        key_pem=key_pem,
        certificate_pem=certificate.public_bytes(serialization.Encoding.PEM).decode(),
        serial=format(certificate.serial_number, "x"),
        fingerprint=certificate.fingerprint(hashes.SHA256()).hex(),
        valid_from=certificate.not_valid_before_utc,
        valid_until=certificate.not_valid_after_utc,
    )


def create_authority(*, name: str, organisation: str, now: datetime.datetime) -> Issued:
    """A self-signed CA certificate allowed to sign seal certificates only (path length 0)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, name),
        ]
    )
    public = key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(_years(now, AUTHORITY_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    return _issued(key, certificate)


def create_seal_certificate(
    *,
    agency_name: str,
    uscc: str,
    seal_name: str,
    authority_certificate_pem: str,
    authority_key_pem: str,
    now: datetime.datetime,
    years: int = SEAL_YEARS,
) -> Issued:
    """A seal's key and its certificate, signed by the authority; valid at most as long as it."""
    authority_certificate = x509.load_pem_x509_certificate(authority_certificate_pem.encode())
    authority_key = serialization.load_pem_private_key(authority_key_pem.encode(), password=None)
    if not isinstance(authority_key, ec.EllipticCurvePrivateKey):
        raise ValueError("签章根证书的私钥不是 ECDSA 密钥 (the authority key is not an ECDSA key)")
    key = ec.generate_private_key(ec.SECP256R1())
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, agency_name),
        x509.NameAttribute(NameOID.COMMON_NAME, seal_name),
    ]
    if uscc:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, f"NTRCN-{uscc}"))
    public = key.public_key()
    not_after = min(_years(now, years), authority_certificate.not_valid_after_utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attributes))
        .issuer_name(authority_certificate.subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        # non-repudiation (contentCommitment): what a seal asserts.
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(authority_certificate.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
        .sign(authority_key, hashes.SHA256())
    )
    return _issued(key, certificate)
