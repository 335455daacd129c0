"""用印 and 验章: a PDF sealed with an agency's seal verifies as intact and trusted; any change after
sealing, a revoked seal, a foreign key, no signature or not a PDF each get their own verdict."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from yiwang.core.seals.models import AgencySeal
from yiwang.core.seals.services import issue_agency_seal, revoke_agency_seal
from yiwang.core.seals.signing import SealingError, Verdict, seal_pdf, verify_pdf
from yiwang.testing.personas import World

from .seal_support import box, flip_byte, foreign_signed_pdf, signed_ranges, small_pdf

pytestmark = pytest.mark.django_db

REASON = "伊政办发〔2026〕3号 用印"


@pytest.fixture
def office_seal(world: World) -> AgencySeal:
    return issue_agency_seal(agency=world.city_office, by=world.system_admin)


@pytest.fixture
def sealed(world: World, office_seal: AgencySeal) -> bytes:
    name = world.city_office.full_name
    return seal_pdf(small_pdf(), boxes=[box(name)], seals={name: office_seal}, reason=REASON)


def test_a_sealed_pdf_is_intact_and_trusted(world: World, sealed: bytes) -> None:
    result = verify_pdf(sealed)

    assert result.verdict is Verdict.VALID
    assert result.message == "文件完整，印章有效"
    (seal,) = result.seals
    assert seal.signer == world.city_office.full_name
    assert seal.intact and seal.trusted and seal.covers_whole_document and not seal.revoked
    assert seal.signed_at is not None
    assert seal.status == "有效"


def test_one_byte_flipped_anywhere_in_the_signed_range_is_tampered(sealed: bytes) -> None:
    (_, first_end), (second_start, second_end) = signed_ranges(sealed)
    positions = [first_end // 2, first_end // 3, first_end - 10, second_start + 5, second_end - 20]

    for position in positions:
        result = verify_pdf(flip_byte(sealed, position))
        assert result.verdict is Verdict.TAMPERED, f"byte {position} changed, verdict {result.verdict}"
        assert result.message == "文件已被篡改"


def test_a_byte_changed_in_the_signature_itself_is_tampered(sealed: bytes) -> None:
    (_, first_end), _ = signed_ranges(sealed)

    result = verify_pdf(flip_byte(sealed, first_end + 200))  # inside /Contents, the CMS hex

    assert result.verdict is Verdict.TAMPERED


def test_an_incremental_update_after_sealing_is_reported_as_changed(sealed: bytes) -> None:
    writer = IncrementalPdfFileWriter(io.BytesIO(sealed))
    # Turn the page: a visible change, saved as an ordinary incremental update after the seal.
    page = writer.find_page_for_modification(0)[0].get_object()
    page[pdf_name("/Rotate")] = generic.NumberObject(90)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)

    result = verify_pdf(out.getvalue())

    assert result.verdict is Verdict.TAMPERED
    (seal,) = result.seals
    assert seal.intact  # the sealed revision itself is unchanged …
    assert not seal.covers_whole_document  # … but something was added after it
    assert seal.status == "盖章后文件被修改过"


def test_a_seal_used_after_its_revocation_is_reported_revoked(world: World, office_seal: AgencySeal) -> None:
    # A copy of the seal read before the revocation (a key taken away) still signs; the record says no.
    stale = AgencySeal.objects.get(pk=office_seal.pk)
    revoke_agency_seal(seal=office_seal, by=world.system_admin, reason="印章密钥疑似泄露")
    name = world.city_office.full_name

    sealed = seal_pdf(small_pdf(), boxes=[box(name)], seals={name: stale}, reason=REASON)
    result = verify_pdf(sealed)

    assert result.verdict is Verdict.REVOKED
    assert result.message == "印章已被撤销"
    assert result.seals[0].revoked and result.seals[0].status == "印章已被撤销"


def test_a_file_sealed_before_the_revocation_still_verifies(
    world: World, office_seal: AgencySeal, sealed: bytes
) -> None:
    revoke_agency_seal(seal=office_seal, by=world.system_admin, reason="机构更名，启用新印章")
    # The signing time has whole seconds and a revocation within that second counts as before it:
    # this revocation comes a minute after the file was sealed.
    AgencySeal.objects.filter(pk=office_seal.pk).update(revoked_at=timezone.now() + timedelta(minutes=1))

    result = verify_pdf(sealed)

    assert result.verdict is Verdict.VALID
    assert result.seals[0].revoked_at is not None and not result.seals[0].revoked


def test_sealing_with_a_revoked_seal_is_refused(world: World, office_seal: AgencySeal) -> None:
    revoked = revoke_agency_seal(seal=office_seal, by=world.system_admin, reason="印章密钥疑似泄露")
    name = world.city_office.full_name

    with pytest.raises(SealingError, match="已被撤销"):
        seal_pdf(small_pdf(), boxes=[box(name)], seals={name: revoked}, reason=REASON)


def test_sealing_without_a_seal_for_the_issuer_is_refused(world: World, office_seal: AgencySeal) -> None:
    with pytest.raises(SealingError, match="没有可用的电子印章"):
        seal_pdf(
            small_pdf(), boxes=[box("伊春市民政局")], seals={world.city_office.full_name: office_seal}, reason=REASON
        )


def test_a_box_beyond_the_last_page_is_refused(world: World, office_seal: AgencySeal) -> None:
    name = world.city_office.full_name
    with pytest.raises(SealingError, match="只有 1 页"):
        seal_pdf(small_pdf(), boxes=[box(name, page=3)], seals={name: office_seal}, reason=REASON)


def test_a_pdf_signed_by_a_foreign_self_signed_key_is_not_this_platforms(office_seal: AgencySeal) -> None:
    result = verify_pdf(foreign_signed_pdf(small_pdf()))

    assert result.verdict is Verdict.FOREIGN
    assert result.message == "不是本平台签章的文件"
    (seal,) = result.seals
    assert seal.intact and not seal.trusted


def test_a_pdf_without_signatures_has_no_seal(office_seal: AgencySeal) -> None:
    result = verify_pdf(small_pdf())

    assert result.verdict is Verdict.UNSIGNED
    assert result.message == "文件中没有电子印章"
    assert result.seals == ()


def test_a_file_that_is_not_a_pdf_is_unreadable() -> None:
    assert verify_pdf(b"\x89PNG\r\n\x1a\n not a pdf").verdict is Verdict.UNREADABLE
    assert verify_pdf(b"%PDF-1.7\n garbage with no objects").message == "无法读取的文件"


def test_the_seal_image_is_placed_in_the_given_box(world: World, office_seal: AgencySeal) -> None:
    name = world.city_office.full_name
    given = box(name, page=1, x=330.5, y=180.0)

    sealed = seal_pdf(small_pdf(pages=2), boxes=[given], seals={name: office_seal}, reason=REASON)

    reader = PdfFileReader(io.BytesIO(sealed))
    (signature,) = reader.embedded_signatures
    widget = signature.sig_field
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    assert (x1, y1) == pytest.approx((given.x, given.y), abs=0.5)
    assert (x2 - x1, y2 - y1) == pytest.approx((given.width, given.height), abs=1.0)
    second_page, _ = reader.find_page_for_modification(1)
    assert widget.raw_get("/P").idnum == second_page.idnum
    # The appearance draws the seal: a transparent image (an SMask) scaled into the box.
    appearance = widget["/AP"]["/N"]
    images = _images_in(appearance)
    assert images and all("/SMask" in image for image in images)
    result = verify_pdf(sealed)
    assert result.seals[0].page == 1


def _images_in(xobject: object) -> list:
    found = []
    resources = xobject.get("/Resources", {})  # type: ignore[attr-defined]
    for inner in resources.get("/XObject", {}).values():
        inner = inner.get_object()
        if inner.get("/Subtype") == "/Image":
            found.append(inner)
        else:
            found.extend(_images_in(inner))
    return found


def test_a_joint_document_carries_one_seal_per_agency_and_both_verify(world: World, office_seal: AgencySeal) -> None:
    civil = issue_agency_seal(agency=world.city_civil_affairs, by=world.system_admin)
    office, affairs = world.city_office.full_name, world.city_civil_affairs.full_name

    sealed = seal_pdf(
        small_pdf(),
        boxes=[box(office, x=120.0), box(affairs, x=340.0)],
        seals={office: office_seal, affairs: civil},
        reason=REASON,
    )
    result = verify_pdf(sealed)

    assert result.verdict is Verdict.VALID
    assert [s.signer for s in result.seals] == [office, affairs]
    assert all(s.ok for s in result.seals)
    assert sealed.count(b"%%EOF") >= 3  # the original and one incremental update per seal


def test_private_keys_are_stored_encrypted(office_seal: AgencySeal) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT private_key, certificate_pem FROM seals_agencyseal WHERE id = %s", [office_seal.pk])
        raw_key, certificate = cursor.fetchone()
        cursor.execute("SELECT private_key FROM seals_sealauthority")
        (raw_authority_key,) = cursor.fetchone()

    assert "PRIVATE KEY" not in raw_key and "PRIVATE KEY" not in raw_authority_key
    assert raw_key.startswith("v1$") and raw_authority_key.startswith("v1$")
    assert "BEGIN CERTIFICATE" in certificate  # the certificate is public
    assert AgencySeal.objects.get(pk=office_seal.pk).private_key.startswith("-----BEGIN PRIVATE KEY-----")
