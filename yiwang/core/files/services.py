"""File service (文件服务): the one way in (upload) and the attachment of files to their owner.

An upload is checked before anything is written — size, emptiness, type sniffed from the bytes
(not the name), and the name's extension against that type — then hashed while it is written to
storage. If anything fails after the write, the blob is removed again: nothing half-written.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone

from yiwang.core.audit import services as audit

from . import antivirus
from .models import StoredFile
from .purposes import Purpose, get_purpose, type_extensions, type_label
from .sniffing import sniff

CHUNK = 64 * 1024


class UploadRejected(ValueError):
    """The upload was refused; `str(exc)` is a message for the uploader (Chinese, English gloss)."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def clean_name(name: str) -> str:
    """The uploader's file name as we keep it: base name only, no control characters, ≤255."""
    base = os.path.basename(name.replace("\\", "/")).strip()
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    if len(base) > 255:
        stem, ext = os.path.splitext(base)
        base = stem[: 255 - len(ext)] + ext
    return base or "未命名文件"


def check_upload(*, file: UploadedFile[bytes], purpose: Purpose) -> str:
    """Validate without writing anything. Returns the sniffed content type or raises UploadRejected."""
    size = file.size or 0
    if size == 0:
        raise UploadRejected("文件是空的，请重新选择。 (The file is empty.)", code="empty")
    if size > purpose.max_bytes:
        raise UploadRejected(
            f"文件过大：{size / (1024 * 1024):.1f} MB，{purpose.label}不能超过 {purpose.max_mb} MB。"
            f" (File too large: the limit is {purpose.max_mb} MB.)",
            code="too_large",
        )
    detected = sniff(file)
    allowed = "、".join(purpose.type_labels)
    if detected is None:
        raise UploadRejected(
            f"无法识别文件类型，{purpose.label}只接受：{allowed}。 (Unrecognised file type; allowed: {allowed}.)",
            code="unknown_type",
        )
    if detected not in purpose.allowed_types:
        raise UploadRejected(
            f"不允许的文件类型：检测到 {type_label(detected)}，{purpose.label}只接受：{allowed}。"
            f" (Type {detected} is not allowed.)",
            code="type_not_allowed",
        )
    ext = os.path.splitext(file.name or "")[1].lower()
    if ext and ext not in type_extensions(detected):
        raise UploadRejected(
            f"文件扩展名 {ext} 与内容不符：内容是 {type_label(detected)}（应为 {'、'.join(type_extensions(detected))}）。"
            f" (The extension does not match the content.)",
            code="extension_mismatch",
        )
    _scan_for_malware(file)
    return detected


def _scan_for_malware(file: UploadedFile[bytes]) -> None:
    """The optional ClamAV scan (antivirus.py): refuse infected files, and every file while the
    configured scanner cannot be reached. A detection is a security event: audited."""
    if not antivirus.is_configured():
        return
    try:
        result = antivirus.scan(file)
    except antivirus.ScannerUnavailable as exc:
        audit.record(
            event="files.scan", result="failure", detail={"error": str(exc)[:200], "name": clean_name(file.name or "")}
        )
        raise UploadRejected(
            "文件安全检查暂时无法进行，请稍后再上传。 (The virus scanner is unavailable: try again later.)",
            code="scan_unavailable",
        ) from exc
    if not result.clean:
        audit.record(
            event="files.malware",
            result="failure",
            detail={"signature": result.signature, "name": clean_name(file.name or ""), "size": file.size},
        )
        raise UploadRejected(
            "文件未通过病毒扫描，已拒收。 (The file failed the virus scan and was refused.)", code="infected"
        )


def upload(
    *, file: UploadedFile[bytes], purpose: str, user: Any, owner: models.Model | None = None, ip: str | None = None
) -> StoredFile:
    """Check, hash and store `file` for `purpose`; optionally attach it to `owner` at once."""
    spec = get_purpose(purpose)
    content_type = check_upload(file=file, purpose=spec)
    digest = hashlib.sha256()
    size = 0
    file.seek(0)
    for chunk in file.chunks(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    if size > spec.max_bytes:  # the declared size lied
        raise UploadRejected(f"文件过大，不能超过 {spec.max_mb} MB。 (File too large.)", code="too_large")
    file.seek(0)
    ext = type_extensions(content_type)[0]
    file_id = uuid.uuid4()
    today = timezone.localdate()
    # Our own name, never the uploader's: no path tricks, no collisions, nothing guessable.
    stored_name = default_storage.save(f"files/{purpose}/{today:%Y/%m}/{file_id.hex}{ext}", file)
    try:
        with transaction.atomic():
            stored = StoredFile(
                id=file_id,
                purpose=purpose,
                original_name=clean_name(file.name or ""),
                content_type=content_type,
                size=size,
                sha256=digest.hexdigest(),
                storage_name=stored_name,
                uploaded_by=user if getattr(user, "pk", None) else None,
            )
            if owner is not None:
                _set_owner(stored, owner)
            stored.save(force_insert=True)
            audit.record(
                event="files.upload",
                actor=user,
                obj=stored,
                ip=ip,
                detail={
                    "purpose": purpose,
                    "name": stored.original_name,
                    "type": content_type,
                    "size": size,
                    "sha256": stored.sha256,
                    "owner": _owner_label(owner),
                },
            )
    except BaseException:
        default_storage.delete(stored_name)
        raise
    return stored


def _set_owner(stored: StoredFile, owner: models.Model) -> None:
    if owner.pk is None:
        raise ValueError("owner must be saved before files are attached to it")
    stored.owner_content_type = ContentType.objects.get_for_model(owner)
    stored.owner_object_id = str(owner.pk)


def _owner_label(owner: models.Model | None) -> str:
    return f"{owner._meta.label}:{owner.pk}" if owner is not None else ""


class AlreadyAttached(ValueError):
    pass


def attach(*, file: StoredFile, owner: models.Model, user: Any = None, ip: str | None = None) -> StoredFile:
    """Attach an uploaded file to the object that owns it (idempotent for the same owner)."""
    with transaction.atomic():
        locked = StoredFile.objects.select_for_update().get(pk=file.pk)
        if locked.is_attached:
            same = locked.owner_content_type_id == ContentType.objects.get_for_model(owner).pk and (
                locked.owner_object_id == str(owner.pk)
            )
            if same:
                return locked
            raise AlreadyAttached("该文件已属于其他对象。 (The file already belongs to another object.)")
        _set_owner(locked, owner)
        locked.save(update_fields=["owner_content_type", "owner_object_id"])
        audit.record(event="files.attach", actor=user, obj=locked, ip=ip, detail={"owner": _owner_label(owner)})
    file.owner_content_type, file.owner_object_id = locked.owner_content_type, locked.owner_object_id
    return locked


def delete_file(*, file: StoredFile, user: Any = None, ip: str | None = None, reason: str = "") -> None:
    """Delete the row and, after commit, the blob."""
    name = file.storage_name
    with transaction.atomic():
        audit.record(
            event="files.delete",
            actor=user,
            obj=file,
            ip=ip,
            detail={"name": file.original_name, "sha256": file.sha256, "reason": reason},
        )
        file.delete()
        transaction.on_commit(lambda: default_storage.delete(name))


def purge_unattached(*, older_than_hours: int = 24) -> int:
    """Remove uploads never attached to anything (an abandoned form), blob and row."""
    cutoff = timezone.now() - timedelta(hours=older_than_hours)
    count = 0
    for stored in StoredFile.objects.filter(owner_content_type__isnull=True, created_at__lt=cutoff)[:500]:
        delete_file(file=stored, reason="unattached")
        count += 1
    return count


def _walk(path: str) -> list[str]:
    try:
        dirs, files = default_storage.listdir(path)
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = [f"{path}/{name}" for name in files]
    for name in dirs:
        found.extend(_walk(f"{path}/{name}"))
    return found


def purge_orphan_blobs(*, older_than: timedelta = timedelta(hours=24), now: datetime | None = None) -> int:
    """Remove blobs under files/ that no StoredFile row names — left when the caller's transaction
    rolled back after upload() wrote the blob. Only old blobs: a fresh one may belong to a
    transaction still open."""
    cutoff = (now or timezone.now()) - older_than
    names = _walk("files")
    removed = 0
    for start in range(0, len(names), 500):
        batch = names[start : start + 500]
        known = set(StoredFile.objects.filter(storage_name__in=batch).values_list("storage_name", flat=True))
        for name in batch:
            if name in known:
                continue
            try:
                modified = default_storage.get_modified_time(name)
            except (NotImplementedError, OSError):
                continue
            if modified < cutoff:
                default_storage.delete(name)
                removed += 1
    return removed
