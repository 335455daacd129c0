from __future__ import annotations

import hashlib

import pytest
from django.core.files.storage import default_storage

from yiwang.core.audit.models import AuditEntry
from yiwang.core.files import services
from yiwang.core.files.models import StoredFile
from yiwang.core.files.purposes import MB, get_purpose, register_purpose
from yiwang.core.files.services import AlreadyAttached, UploadRejected
from yiwang.testing.personas import World

from . import samples

pytestmark = pytest.mark.django_db


def _blobs() -> list[str]:
    found: list[str] = []

    def walk(path: str) -> None:
        try:
            dirs, files = default_storage.listdir(path)
        except FileNotFoundError:
            return
        found.extend(f"{path}/{f}" for f in files)
        for d in dirs:
            walk(f"{path}/{d}")

    walk("files")
    return found


def test_upload_stores_the_file_with_its_sniffed_type_size_and_hash(world: World) -> None:
    content = samples.PDF
    stored = services.upload(
        file=samples.upload("申请表.pdf", content, "image/png"), purpose="attachment", user=world.citizen
    )
    stored.refresh_from_db()
    assert stored.content_type == "application/pdf"  # not the browser's claim
    assert stored.size == len(content)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.original_name == "申请表.pdf"
    assert stored.uploaded_by == world.citizen and not stored.is_attached
    assert "申请表" not in stored.storage_name  # our own storage name, never the uploader's
    with default_storage.open(stored.storage_name) as handle:
        assert handle.read() == content


def test_upload_is_audited(world: World) -> None:
    stored = services.upload(
        file=samples.upload("a.png", samples.png()), purpose="image", user=world.citizen, ip="10.1.2.3"
    )
    entry = AuditEntry.objects.get(event="files.upload")
    assert entry.object_id == str(stored.pk) and entry.actor == world.citizen and entry.ip == "10.1.2.3"
    assert entry.detail["sha256"] == stored.sha256


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("合同.docx", samples.docx()),
        ("统计.xlsx", samples.xlsx()),
        ("证照.ofd", samples.ofd()),
        ("照片.JPG", samples.JPEG),
    ],
)
def test_allowed_attachment_types_are_accepted(world: World, name: str, content: bytes) -> None:
    assert services.upload(file=samples.upload(name, content), purpose="attachment", user=world.citizen).size == len(
        content
    )


def test_a_file_of_a_type_not_allowed_is_rejected_naming_the_detected_and_allowed_types(world: World) -> None:
    with pytest.raises(UploadRejected) as caught:
        services.upload(file=samples.upload("scan.pdf", samples.PDF), purpose="image", user=world.citizen)
    message = str(caught.value)
    assert "检测到 PDF" in message and "PNG 图片" in message and "JPEG 图片" in message
    assert caught.value.code == "type_not_allowed"


def test_an_executable_renamed_to_pdf_is_rejected(world: World) -> None:
    with pytest.raises(UploadRejected) as caught:
        services.upload(
            file=samples.upload("发票.pdf", samples.EXE, "application/pdf"), purpose="attachment", user=world.citizen
        )
    assert caught.value.code in {"type_not_allowed", "unknown_type"}


def test_an_extension_that_disagrees_with_the_content_is_rejected(world: World) -> None:
    with pytest.raises(UploadRejected) as caught:
        services.upload(file=samples.upload("photo.png", samples.PDF), purpose="attachment", user=world.citizen)
    assert caught.value.code == "extension_mismatch" and ".png" in str(caught.value)


def test_an_empty_file_is_rejected(world: World) -> None:
    with pytest.raises(UploadRejected, match="空"):
        services.upload(file=samples.upload("空.pdf", b""), purpose="attachment", user=world.citizen)


def test_a_file_over_the_limit_is_rejected_with_the_limit_in_mb(world: World) -> None:
    register_purpose("tests.small", allowed_types={"application/pdf"}, max_bytes=MB // 2, label="测试材料")
    big = samples.PDF + b"0" * MB
    with pytest.raises(UploadRejected) as caught:
        services.upload(file=samples.upload("big.pdf", big), purpose="tests.small", user=world.citizen)
    assert "0.5 MB" in str(caught.value) and caught.value.code == "too_large"


def test_a_rejected_upload_leaves_no_blob_and_no_row(world: World) -> None:
    for bad in (
        samples.upload("x.png", samples.PDF),
        samples.upload("e.pdf", b""),
        samples.upload("x.exe", samples.EXE),
    ):
        with pytest.raises(UploadRejected):
            services.upload(file=bad, purpose="attachment", user=world.citizen)
    assert StoredFile.objects.count() == 0
    assert _blobs() == []


def test_a_failure_after_the_storage_write_removes_the_blob(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_audit(**kwargs: object) -> None:
        raise RuntimeError("audit unavailable")

    monkeypatch.setattr(services.audit, "record", broken_audit)
    with pytest.raises(RuntimeError):
        services.upload(file=samples.upload("a.pdf", samples.PDF), purpose="attachment", user=world.citizen)
    assert StoredFile.objects.count() == 0
    assert _blobs() == []


def test_the_original_name_is_kept_without_path_parts(world: World) -> None:
    stored = services.upload(
        file=samples.upload("..\\..\\etc/证明.pdf", samples.PDF), purpose="attachment", user=world.citizen
    )
    assert stored.original_name == "证明.pdf"


def test_attach_sets_the_owner_once(world: World) -> None:
    stored = services.upload(file=samples.upload("a.pdf", samples.PDF), purpose="attachment", user=world.city_clerk)
    membership = world.city_clerk.memberships.first() if hasattr(world.city_clerk, "memberships") else None
    owner = membership or world.city_civil_affairs
    services.attach(file=stored, owner=owner, user=world.city_clerk)
    stored.refresh_from_db()
    assert stored.owner == owner
    services.attach(file=stored, owner=owner, user=world.city_clerk)  # same owner: no-op
    with pytest.raises(AlreadyAttached):
        services.attach(file=stored, owner=world.jiayin_civil_affairs, user=world.city_clerk)


def test_upload_can_attach_at_once_and_list_by_owner(world: World) -> None:
    from yiwang.core.files.selectors import list_files_of

    stored = services.upload(
        file=samples.upload("a.pdf", samples.PDF),
        purpose="attachment",
        user=world.city_clerk,
        owner=world.city_civil_affairs,
    )
    assert list(list_files_of(world.city_civil_affairs)) == [stored]


def test_unknown_purpose_is_refused(world: World) -> None:
    from yiwang.core.files.purposes import UnknownPurpose

    with pytest.raises(UnknownPurpose):
        services.upload(file=samples.upload("a.pdf", samples.PDF), purpose="nope", user=world.citizen)


def test_core_purposes_show_their_limits() -> None:
    attachment = get_purpose("attachment")
    assert "application/pdf" in attachment.allowed_types and attachment.max_bytes > 0
    assert ".pdf" in attachment.accept and ".ofd" in attachment.accept


def test_unattached_uploads_are_purged_after_a_day(world: World, django_capture_on_commit_callbacks) -> None:
    from datetime import timedelta

    from django.utils import timezone

    stored = services.upload(file=samples.upload("a.pdf", samples.PDF), purpose="attachment", user=world.citizen)
    StoredFile.objects.filter(pk=stored.pk).update(created_at=timezone.now() - timedelta(hours=25))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.purge_unattached() == 1
    assert StoredFile.objects.count() == 0 and _blobs() == []


def test_a_word_file_with_macros_is_rejected_even_named_docx(world: World) -> None:
    with pytest.raises(UploadRejected, match="含宏的 Office 文档"):
        services.upload(
            file=samples.upload("通知.docx", samples.docm_as_docx()), purpose="attachment", user=world.citizen
        )


@pytest.mark.django_db(transaction=True)
def test_a_blob_left_by_a_rolled_back_transaction_is_swept_later(world: World) -> None:
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    class Abandon(Exception):
        pass

    kept = services.upload(file=samples.upload("kept.pdf", samples.PDF), purpose="attachment", user=world.citizen)
    with pytest.raises(Abandon), transaction.atomic():
        services.upload(file=samples.upload("lost.pdf", samples.PDF), purpose="attachment", user=world.citizen)
        raise Abandon
    assert len(_blobs()) == 2  # the rolled-back row is gone, its blob not yet
    assert services.purge_orphan_blobs() == 0  # too fresh: it might belong to an open transaction
    assert services.purge_orphan_blobs(now=timezone.now() + timedelta(days=2)) == 1
    assert _blobs() == [kept.storage_name]
