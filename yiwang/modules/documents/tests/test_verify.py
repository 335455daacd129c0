"""验章 on the public page /documents/verify/: an intact sealed PDF says 文件完整 with who sealed it;
one byte altered, an update appended after sealing, a revoked seal, a foreign key, a file that is
not a PDF and a file too large each get their own plain answer; the upload is never stored; the
page is rate limited."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from yiwang.core.audit.models import AuditEntry
from yiwang.core.files.models import StoredFile
from yiwang.core.files.purposes import register_purpose
from yiwang.core.seals.models import AgencySeal
from yiwang.core.seals.services import issue_agency_seal, revoke_agency_seal
from yiwang.core.seals.signing import seal_pdf
from yiwang.core.seals.tests.seal_support import box, flip_byte, foreign_signed_pdf, signed_ranges, small_pdf
from yiwang.modules.documents.views import verify as verify_view
from yiwang.testing.personas import World

pytestmark = pytest.mark.django_db

DOC_NUMBER = "伊政办发〔2026〕3号"
URL = "/documents/verify/"


@pytest.fixture
def office_seal(world: World) -> AgencySeal:
    return issue_agency_seal(agency=world.city_office, by=world.system_admin)


def seal(world: World, the_seal: AgencySeal) -> bytes:
    name = world.city_office.full_name
    return seal_pdf(small_pdf(), boxes=[box(name)], seals={name: the_seal}, reason=f"{DOC_NUMBER} 用印")


@pytest.fixture
def sealed(world: World, office_seal: AgencySeal) -> bytes:
    return seal(world, office_seal)


@pytest.fixture(autouse=True)
def fresh_counters() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def upload(client: Client, data: bytes, name: str = "公文.pdf", content_type: str = "application/pdf") -> Any:
    return client.post(URL, {"file": SimpleUploadedFile(name, data, content_type=content_type)})


def test_the_page_is_public_and_offers_a_labelled_upload(client: Client) -> None:
    response = client.get(reverse("documents:verify"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "公文验证" in html
    assert '<label for="id_file">选择要验证的 PDF 文件' in html
    assert 'accept=".pdf"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "csrfmiddlewaretoken" in html


def test_an_intact_sealed_pdf_is_reported_intact_with_its_sealer_number_and_certificate(
    client: Client, world: World, sealed: bytes, office_seal: AgencySeal
) -> None:
    response = upload(client, sealed)

    assert response.status_code == 200
    assert response.context["outcome"].key == "intact"
    html = response.content.decode()
    assert "文件完整" in html
    assert world.city_office.full_name in html
    assert DOC_NUMBER in html
    assert office_seal.fingerprint in html
    assert "印章证书有效期" in html
    assert "盖章时间" in html


def test_one_byte_altered_is_reported_tampered(client: Client, sealed: bytes) -> None:
    (_, first_end), _ = signed_ranges(sealed)

    response = upload(client, flip_byte(sealed, first_end // 2))

    assert response.context["outcome"].key == "tampered"
    html = response.content.decode()
    assert "文件已被篡改" in html
    assert "向发文机关索取原件" in html


def test_an_update_appended_after_sealing_is_reported_changed_after_sealing(client: Client, sealed: bytes) -> None:
    writer = IncrementalPdfFileWriter(io.BytesIO(sealed))
    page = writer.find_page_for_modification(0)[0].get_object()
    page[pdf_name("/Rotate")] = generic.NumberObject(90)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)

    response = upload(client, out.getvalue())

    assert response.context["outcome"].key == "changed"
    assert "签章后被修改" in response.content.decode()


def test_a_seal_used_after_its_revocation_is_reported_revoked(
    client: Client, world: World, office_seal: AgencySeal
) -> None:
    stale = AgencySeal.objects.get(pk=office_seal.pk)  # a copy of the key taken before the revocation
    revoke_agency_seal(seal=office_seal, by=world.system_admin, reason="印章密钥疑似泄露")

    response = upload(client, seal(world, stale))

    assert response.context["outcome"].key == "revoked"
    html = response.content.decode()
    assert "印章已吊销" in html
    assert "印章撤销时间" in html


def test_a_pdf_signed_by_a_foreign_key_is_not_this_platforms(client: Client, office_seal: AgencySeal) -> None:
    response = upload(client, foreign_signed_pdf(small_pdf()))

    assert response.context["outcome"].key == "foreign"
    assert "非本平台签发" in response.content.decode()


def test_a_pdf_without_a_seal_says_so(client: Client, office_seal: AgencySeal) -> None:
    response = upload(client, small_pdf())

    assert response.context["outcome"].key == "unsigned"
    assert "文件中没有电子印章" in response.content.decode()


def test_a_file_that_is_not_a_pdf_is_reported_not_a_valid_pdf(client: Client) -> None:
    response = upload(client, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, name="截图.png", content_type="image/png")

    assert response.status_code == 400
    assert response.context["outcome"].key == "not_pdf"
    assert "不是有效的 PDF" in response.content.decode()


def test_a_damaged_pdf_is_reported_not_a_valid_pdf(client: Client) -> None:
    response = upload(client, b"%PDF-1.7\n" + b"garbage " * 50)

    assert response.context["outcome"].key == "not_pdf"


def test_a_file_too_large_is_refused_with_the_limit(client: Client) -> None:
    register_purpose(verify_view.PURPOSE, allowed_types={"application/pdf"}, max_bytes=1024, label="待验证的文件")
    try:
        response = upload(client, b"%PDF-1.7\n" + b"0" * 2048)
    finally:
        verify_view.register_upload_purpose()

    assert response.status_code == 400
    assert response.context["outcome"] is None
    html = response.content.decode()
    assert "文件过大" in html
    assert 'id="error-summary"' in html
    assert 'href="#id_file"' in html


def test_no_file_chosen_asks_for_one(client: Client) -> None:
    response = client.post(URL, {})

    assert response.status_code == 400
    assert "请选择要验证的 PDF 文件。" in response.content.decode()


def test_the_upload_is_neither_stored_nor_audited(client: Client, sealed: bytes) -> None:
    files, entries = StoredFile.objects.count(), AuditEntry.objects.count()

    upload(client, sealed)

    assert StoredFile.objects.count() == files
    assert AuditEntry.objects.count() == entries


@override_settings(RATELIMIT_ENABLE=True, YIWANG_RATE_LIMITS={"documents.verify": "2/h"})
def test_too_many_uploads_are_refused_without_verifying(client: Client, sealed: bytes) -> None:
    assert upload(client, sealed).status_code == 200
    assert upload(client, sealed).status_code == 200

    response = upload(client, sealed)

    assert response.status_code == 429
    assert response.context["outcome"] is None
    assert "操作过于频繁" in response.content.decode()
