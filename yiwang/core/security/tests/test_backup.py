"""Backup, verification, restore and the restore drill (GB/T 22239 L3-CES1-29/30)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from yiwang.core.audit import services as audit
from yiwang.core.audit.models import AuditEntry
from yiwang.core.security import backup as engine
from yiwang.core.security import services
from yiwang.core.security.models import BackupRecord
from yiwang.testing.personas import World


@pytest.fixture
def media(tmp_path: Path) -> Path:
    root = tmp_path / "media"
    (root / "files" / "2026").mkdir(parents=True)
    (root / "files" / "2026" / "申请表.pdf").write_bytes(b"%PDF-1.7 demo")
    (root / "images").mkdir()
    (root / "images" / "logo.png").write_bytes(b"\x89PNG demo")
    return root


@pytest.fixture
def backup_settings(tmp_path: Path, media: Path):  # type: ignore[no-untyped-def]
    with override_settings(
        MEDIA_ROOT=str(media),
        YIWANG_BACKUP={"DIR": str(tmp_path / "backups"), "OFFSITE": [], "KEEP_DAILY": 7, "KEEP_WEEKLY": 4},
    ):
        yield tmp_path / "backups"


@pytest.mark.django_db(transaction=True)
def test_backup_writes_database_files_and_a_manifest_of_hashes(world: World, backup_settings: Path) -> None:
    audit.record(event="test.change", actor=world.city_clerk)
    record = services.create_backup(actor=world.security_admin)
    path = Path(record.location)
    manifest = json.loads((path / "manifest.json").read_text())
    assert record.status == BackupRecord.Status.OK
    assert set(manifest["files"]) == {"files/2026/申请表.pdf", "images/logo.png"}
    assert manifest["row_counts"]["accounts_user"] >= 10
    assert manifest["audit_chain_head"]["last_seq"] >= 1
    assert manifest["database"]["sha256"] == engine.sha256_of(path / manifest["database"]["file"])
    assert manifest["app_version"] and manifest["created_at"]
    assert AuditEntry.objects.filter(event="security.backup", result="success").exists()


def _flip_byte(file: Path, *, at: int = -20) -> None:
    """What bit rot or a careless edit does to a sealed backup file."""
    data = bytearray(file.read_bytes())
    data[at] ^= 0x01
    file.write_bytes(bytes(data))


@pytest.mark.django_db(transaction=True)
def test_verify_reports_a_changed_file_and_is_audited(world: World, backup_settings: Path) -> None:
    path = Path(services.create_backup().location)
    call_command("backup", "--verify", str(path))
    _flip_byte(path / "media.tar.enc")
    with pytest.raises(CommandError, match="校验失败"):
        call_command("backup", "--verify", str(path))
    assert AuditEntry.objects.filter(event="security.backup_verify", result="failure").count() == 1


@pytest.mark.django_db(transaction=True)
def test_restore_drill_matches_rows_files_and_the_audit_chain(world: World, backup_settings: Path) -> None:
    audit.record(event="test.change", actor=world.city_clerk, detail={"字段": "值"})
    record, result = services.run_restore_drill(actor=world.security_admin)
    assert result.problems == []
    assert result.files == 2 and result.rows > 0 and result.audit_entries >= 2
    assert record.kind == BackupRecord.Kind.DRILL and record.status == BackupRecord.Status.OK
    assert AuditEntry.objects.filter(event="security.restore_drill", result="success").exists()


@pytest.mark.django_db(transaction=True)
def test_the_weekly_drill_restores_the_newest_backup_and_a_failure_alerts_the_security_admin(
    world: World, backup_settings: Path
) -> None:
    from yiwang.core.jobs.periodic import get_job
    from yiwang.core.notifications.models import Message
    from yiwang.core.security import alerts

    services.create_backup()
    newest = Path(services.create_backup().location)
    job = get_job("security.restore_drill")
    assert job.every == timedelta(days=7)
    assert timezone.localtime(job.slot_start(job.slot_at(timezone.now()))).strftime("%a %H:%M") == "Mon 03:00"

    job.func()
    drill = BackupRecord.objects.get(kind=BackupRecord.Kind.DRILL)
    assert (drill.name, drill.status) == (newest.name, BackupRecord.Status.OK)
    assert alerts.send_alerts() == []

    _flip_byte(newest / "media.tar.enc")
    job.func()
    [alert] = alerts.send_alerts()
    assert alert.rule == "backup_failed" and "恢复演练失败" in alert.summary
    assert Message.objects.filter(recipient=world.security_admin, template_code="security.alert").exists()
    assert alerts.send_alerts() == []  # alerted once


@pytest.mark.django_db(transaction=True)
def test_restore_drill_fails_on_a_tampered_backup(world: World, backup_settings: Path) -> None:
    path = Path(services.create_backup().location)
    _flip_byte(path / engine.read_manifest(path)["database"]["file"])
    with pytest.raises(CommandError, match="恢复演练失败"):
        call_command("restore_drill", "--backup", str(path))
    assert BackupRecord.objects.get(kind="drill").status == BackupRecord.Status.FAILED


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_non_empty_instance(world: World, backup_settings: Path) -> None:
    path = Path(services.create_backup().location)
    with pytest.raises(CommandError, match="不是空的"):
        call_command("restore", str(path))


@pytest.mark.django_db(transaction=True)
def test_restore_rebuilds_a_wiped_instance_with_its_rows_files_and_audit_chain(
    world: World, backup_settings: Path, media: Path
) -> None:
    """The real restore path: backup → drop every table and wipe MEDIA_ROOT → `manage.py restore`
    into the empty SQLite database → `backup --verify` → rows, file hashes and the audit chain as
    backed up (`restore_drill --check-restored`)."""
    import shutil

    from django.db import connections

    from yiwang.core.accounts.models import User

    audit.record(event="test.change", actor=world.city_clerk, detail={"字段": "值"})
    path = Path(services.create_backup().location)
    head = engine.read_manifest(path)["audit_chain_head"]
    users = User.objects.count()
    connections["default"].close()
    target = engine.Database.from_settings()
    engine._drop_everything(target)
    shutil.rmtree(media)
    assert engine.is_empty(target) and not media.exists()

    call_command("restore", str(path))
    call_command("backup", "--verify", str(path))
    assert User.objects.count() == users and User.objects.filter(username=world.city_clerk.username).exists()
    assert (media / "files" / "2026" / "申请表.pdf").read_bytes() == b"%PDF-1.7 demo"
    assert audit.verify_chain().intact
    assert AuditEntry.objects.filter(seq=head["last_seq"], entry_hash=head["last_hash"]).exists()
    restored = services.check_restored_instance(path)
    assert restored.problems == [] and restored.files == 2 and restored.audit_entries > head["last_seq"]
    assert AuditEntry.objects.filter(event="security.restore", result="success").exists()
    call_command("restore_drill", "--check-restored", str(path))

    # A file lost after the restore is caught by the same comparison.
    (media / "images" / "logo.png").unlink()
    with pytest.raises(CommandError, match="恢复演练失败"):
        call_command("restore_drill", "--check-restored", str(path))


@pytest.mark.django_db(transaction=True)
def test_off_site_copy_to_a_directory_and_by_rsync(world: World, backup_settings: Path, tmp_path: Path) -> None:
    record = services.create_backup(offsite=[str(tmp_path / "mounted"), f"rsync:{tmp_path / 'remote'}"])
    assert [copy["status"] for copy in record.offsite] == ["ok", "ok"]
    for copy in record.offsite:
        assert engine.verify_backup(Path(copy["copy"])) == []


@pytest.mark.django_db(transaction=True)
def test_a_failed_off_site_copy_marks_the_backup_failed(world: World, backup_settings: Path) -> None:
    record = services.create_backup(offsite=["rsync:/proc/no-such-place/x"])
    assert record.status == BackupRecord.Status.FAILED
    assert record.offsite[0]["status"] == "failed"


def test_retention_keeps_daily_and_weekly_backups(tmp_path: Path) -> None:
    start = datetime(2026, 3, 1, 18, tzinfo=UTC)
    backups = [(start - timedelta(days=n, hours=h), tmp_path / f"b{n}-{h}") for n in range(40) for h in (0, 6)]
    backups.sort(reverse=True)
    pruned = set(engine.to_prune(backups, keep_daily=7, keep_weekly=4))
    kept = [path for _, path in backups if path not in pruned]
    assert backups[0][1] in kept
    assert len(kept) <= 7 + 4
    assert all(path.name.endswith("-0") for path in kept)  # the newest of each day
    assert min(stamp for stamp, path in backups if path in kept) > start - timedelta(days=29)


@pytest.mark.django_db(transaction=True)
def test_audit_purge_waits_for_a_verified_backup_and_keeps_the_chain(world: World, backup_settings: Path) -> None:
    from unittest import mock

    from django.utils import timezone

    old = timezone.now() - timedelta(days=200)
    with mock.patch("django.utils.timezone.now", return_value=old):
        audit.record(event="test.change", actor=world.city_clerk)
    with pytest.raises(services.RetentionRefused, match="尚未进入经过校验的备份"):
        services.purge_audit_log()
    record = services.create_backup()
    services.verify_backup(Path(record.location))
    assert services.purge_audit_log() >= 1
    assert audit.verify_chain().intact


# --- the manifest's signature (tamper evidence) ------------------------------------------------------

OTHER_KEY = "b3RoZXItYmFja3VwLXNpZ25pbmcta2V5LTMyYnl0ZXM="  # base64 of 32 bytes, not this instance's


def _replace_archive_and_its_hash(path: Path, forged: Path) -> None:
    """What an attacker with write access to the backup store would do: put another media archive
    in place and its hash in the manifest, leaving everything else (and the old signature) as it was."""
    (path / "media.tar.enc").write_bytes((forged / "media.tar.enc").read_bytes())
    manifest = json.loads((path / "manifest.json").read_text())
    manifest["media"]["sha256"] = engine.sha256_of(path / "media.tar.enc")
    (path / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))


@pytest.mark.django_db(transaction=True)
def test_an_intact_signed_backup_passes_verification(world: World, backup_settings: Path) -> None:
    path = Path(services.create_backup().location)
    signature = json.loads((path / "manifest.json").read_text())["signature"]
    assert signature["algorithm"] == "HMAC-SHA256" and len(signature["hmac"]) == 64
    call_command("backup", "--verify", str(path))
    assert engine.verify_backup(path) == []


@pytest.mark.django_db(transaction=True)
def test_verify_refuses_a_file_changed_together_with_its_hash_in_the_manifest(
    world: World, backup_settings: Path, media: Path
) -> None:
    path = Path(services.create_backup().location)
    (media / "images" / "logo.png").write_bytes(b"\x89PNG forged")
    _replace_archive_and_its_hash(path, Path(services.create_backup(prune=False).location))
    with pytest.raises(CommandError, match="校验失败"):
        call_command("backup", "--verify", str(path))
    problems = BackupRecord.objects.get(kind="verify", status="failed").detail["problems"]
    assert problems == ["清单签名不符：清单在生成后被改动过（例如文件连同其哈希一起被替换），拒绝使用。"]


@pytest.mark.django_db(transaction=True)
def test_verify_refuses_a_manifest_without_a_signature(world: World, backup_settings: Path) -> None:
    path = Path(services.create_backup().location)
    manifest = json.loads((path / "manifest.json").read_text())
    del manifest["signature"]
    (path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="校验失败"):
        call_command("backup", "--verify", str(path))
    assert "清单没有签名" in BackupRecord.objects.get(kind="verify").detail["problems"][0]


@pytest.mark.django_db(transaction=True)
def test_verify_refuses_a_manifest_signed_with_another_key(world: World, backup_settings: Path) -> None:
    with override_settings(BACKUP_SIGNING_KEY=OTHER_KEY):
        path = Path(services.create_backup().location)
    problems = engine.verify_backup(path)
    assert len(problems) == 1 and "未配置的密钥签名" in problems[0]


@pytest.mark.django_db(transaction=True)
def test_a_retired_signing_key_still_verifies_its_backups(world: World, backup_settings: Path) -> None:
    with override_settings(BACKUP_SIGNING_KEY=OTHER_KEY):
        path = Path(services.create_backup().location)
    new_key = "bmV3LWJhY2t1cC1zaWduaW5nLWtleS0zMi1ieXRlcyE="
    with override_settings(BACKUP_SIGNING_KEY=new_key, BACKUP_SIGNING_KEY_FALLBACKS=[OTHER_KEY]):
        assert engine.verify_backup(path) == []


@pytest.mark.django_db(transaction=True)
def test_without_a_dedicated_key_secret_key_signs_and_its_fallbacks_still_verify(
    world: World, backup_settings: Path
) -> None:
    with override_settings(BACKUP_SIGNING_KEY="", SECRET_KEY="the-secret-key-before-rotation"):
        path = Path(services.create_backup().location)
    with override_settings(BACKUP_SIGNING_KEY="", SECRET_KEY="the-rotated-secret-key", SECRET_KEY_FALLBACKS=[]):
        assert "未配置的密钥签名" in engine.verify_backup(path)[0]
    with override_settings(
        BACKUP_SIGNING_KEY="",
        SECRET_KEY="the-rotated-secret-key",
        SECRET_KEY_FALLBACKS=["the-secret-key-before-rotation"],
    ):
        assert engine.verify_backup(path) == []


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_tampered_manifest_and_restores_nothing(
    world: World, backup_settings: Path, media: Path
) -> None:
    """Into a wiped instance: a forged manifest is refused before anything is written; the same
    backup with its original manifest then restores."""
    import shutil

    from django.db import connections

    path = Path(services.create_backup().location)
    original = {name: (path / name).read_bytes() for name in ("manifest.json", "media.tar.enc")}
    (media / "files" / "2026" / "申请表.pdf").write_bytes(b"%PDF-1.7 forged")
    _replace_archive_and_its_hash(path, Path(services.create_backup(prune=False).location))
    connections["default"].close()
    target = engine.Database.from_settings()
    engine._drop_everything(target)
    shutil.rmtree(media)

    with pytest.raises(CommandError, match="拒绝恢复：清单签名不符"):
        call_command("restore", str(path))
    assert engine.is_empty(target) and not media.exists()

    for name, content in original.items():
        (path / name).write_bytes(content)
    call_command("restore", str(path))
    assert (media / "files" / "2026" / "申请表.pdf").read_bytes() == b"%PDF-1.7 demo"
    assert audit.verify_chain().intact


# --- encryption at rest (AES-256-GCM in authenticated segments) ----------------------------------------

ENCRYPTION_KEY = "ZW5jcnlwdGlvbi1rZXktb2YtdGhpcy1pbnN0YW5jZSE="
OTHER_ENCRYPTION_KEY = "YW5vdGhlci1kZXBsb3ltZW50cy1lbmNyeXB0aW9uLWs="


@pytest.mark.django_db(transaction=True)
def test_the_database_dump_and_the_media_archive_are_encrypted_at_rest(world: World, backup_settings: Path) -> None:
    path = Path(services.create_backup().location)
    database = engine.read_manifest(path)["database"]["file"]
    assert database in ("database.sqlite3.enc", "database.pgdump.enc")
    assert sorted(p.name for p in path.iterdir()) == sorted([database, "manifest.json", "media.tar.enc"])
    sealed = (path / database).read_bytes() + (path / "media.tar.enc").read_bytes()
    assert b"SQLite format 3" not in sealed and b"PGDMP" not in sealed and b"%PDF-1.7 demo" not in sealed
    assert world.city_clerk.username.encode() not in sealed
    manifest = engine.read_manifest(path)
    assert manifest["format"] == 2 and manifest["encryption"]["algorithm"] == "AES-256-GCM-STREAM"


@pytest.mark.django_db(transaction=True)
def test_a_backup_encrypted_with_another_key_is_refused_and_nothing_is_restored(
    world: World, backup_settings: Path, media: Path
) -> None:
    import shutil

    from django.db import connections

    with override_settings(BACKUP_ENCRYPTION_KEY=OTHER_ENCRYPTION_KEY):
        path = Path(services.create_backup().location)
    with override_settings(BACKUP_ENCRYPTION_KEY=ENCRYPTION_KEY):
        [problem] = engine.verify_backup(path)
        assert problem.startswith(engine.read_manifest(path)["database"]["file"] + " 由本实例未配置的加密密钥加密")
        connections["default"].close()
        target = engine.Database.from_settings()
        engine._drop_everything(target)
        shutil.rmtree(media)
        with pytest.raises(CommandError, match=r"拒绝恢复：database\.\w+\.enc 由本实例未配置的加密密钥加密"):
            call_command("restore", str(path))
        assert engine.is_empty(target) and not media.exists()
    with override_settings(
        BACKUP_ENCRYPTION_KEY=ENCRYPTION_KEY, BACKUP_ENCRYPTION_KEY_FALLBACKS=[OTHER_ENCRYPTION_KEY]
    ):
        call_command("restore", str(path))  # a retired key still decrypts
    assert (media / "files" / "2026" / "申请表.pdf").read_bytes() == b"%PDF-1.7 demo"
    assert audit.verify_chain().intact


@pytest.mark.django_db(transaction=True)
def test_a_changed_ciphertext_fails_authentication_even_with_a_re_signed_manifest(
    world: World, backup_settings: Path
) -> None:
    """Someone holding the signing key but not the encryption key cannot slip in changed data."""
    path = Path(services.create_backup().location)
    _flip_byte(path / "media.tar.enc", at=200)
    manifest = engine.read_manifest(path)
    manifest["media"]["sha256"] = engine.sha256_of(path / "media.tar.enc")
    (path / "manifest.json").write_text(json.dumps(engine.sign_manifest(manifest, engine.signing_keys()[0])))
    assert engine.verify_backup(path) == [
        "media.tar.enc 解密认证失败：文件在备份后被改动、截断或与其他文件调换，拒绝使用。"
    ]


def test_sealed_streams_round_trip_and_refuse_truncation_reordering_and_swaps(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from yiwang.core.security import backup_crypto as crypto

    monkeypatch.setattr(crypto, "SEGMENT", 16)
    key = crypto.EncryptionKey(b"k" * 32, "BACKUP_ENCRYPTION_KEY")

    def seal(data: bytes, name: str = "database.sqlite3.enc") -> bytes:
        sink = io.BytesIO()
        writer = crypto.EncryptingWriter(sink, key=key, name=name)
        writer.write(data)
        writer.close()
        return sink.getvalue()

    def open_(sealed: bytes, name: str = "database.sqlite3.enc") -> bytes:
        return crypto.DecryptingReader(io.BytesIO(sealed), keys=[key], name=name).read()

    for size in (0, 1, 15, 16, 17, 32, 100):
        data = bytes(range(size))
        assert open_(seal(data)) == data
    sealed, header, segment = seal(bytes(48)), crypto.HEADER_BYTES, 16 + crypto.TAG_BYTES
    assert sealed[:header].startswith(b"YWBKENC1")
    for broken in (
        sealed[: header + segment],  # the last segments dropped
        sealed + sealed[-segment:],  # a segment appended
        sealed[:header]
        + sealed[header + segment : header + 2 * segment]
        + sealed[header : header + segment]
        + sealed[header + 2 * segment :],  # two segments swapped
    ):
        with pytest.raises(crypto.DecryptionFailed, match="解密认证失败"):
            open_(broken)
    with pytest.raises(crypto.DecryptionFailed, match="解密认证失败"):
        open_(sealed, name="media.tar.enc")  # the dump put where the archive belongs
    with pytest.raises(crypto.DecryptionFailed, match="文件头无效"):
        open_(b"SQLite format 3\x00")


def test_production_without_a_backup_encryption_key_fails_the_deploy_check() -> None:
    from yiwang.core.security import checks

    with override_settings(BACKUP_ENCRYPTION_KEY=""):
        [error] = checks.check_backup_encryption_key_in_production()
        assert error.id == "security.E004" and "BACKUP_ENCRYPTION_KEY" in error.msg
    with override_settings(BACKUP_ENCRYPTION_KEY=ENCRYPTION_KEY):
        assert checks.check_backup_encryption_key_in_production() == []
    with override_settings(BACKUP_ENCRYPTION_KEY="not-base64!"):
        assert [error.id for error in checks.check_backup_signing_keys()] == ["security.E003"]


# --- re-verifying the off-site copies against the signed manifest ------------------------------------


@pytest.mark.django_db(transaction=True)
def test_verify_re_checks_every_off_site_copy_and_alerts_when_one_was_changed(
    world: World, backup_settings: Path, tmp_path: Path
) -> None:
    from yiwang.core.notifications.models import Message
    from yiwang.core.security import alerts

    record = services.create_backup(offsite=[str(tmp_path / "mounted"), f"rsync:{tmp_path / 'remote'}"])
    path = Path(record.location)
    verified, problems = services.verify_backup(path)
    assert problems == [] and [copy["status"] for copy in verified.offsite] == ["ok", "ok"]
    assert alerts.send_alerts() == []

    mounted, remote = (Path(copy["copy"]) for copy in record.offsite)
    _flip_byte(mounted / "media.tar.enc")
    (remote / "stray.bin").write_bytes(b"not from this backup")
    (remote / "manifest.json").unlink()
    with pytest.raises(CommandError, match="备份校验失败：3 处问题"):
        call_command("backup", "--verify", str(path))
    verified = BackupRecord.objects.filter(kind="verify").latest("started_at")
    assert set(verified.detail["problems"]) == {
        f"异地副本 {tmp_path / 'mounted'}：异地副本的哈希不符：media.tar.enc",
        f"异地副本 rsync:{tmp_path / 'remote'}：异地副本缺少或内容不符：manifest.json",
        f"异地副本 rsync:{tmp_path / 'remote'}：异地副本有清单外的文件：stray.bin",
    }
    [alert] = alerts.send_alerts()
    assert alert.rule == "backup_failed" and "备份校验失败" in alert.summary and "media.tar.enc" in alert.summary
    assert Message.objects.filter(recipient=world.security_admin, template_code="security.alert").exists()


@pytest.mark.django_db(transaction=True)
def test_the_weekly_drill_also_re_checks_the_off_site_copies_of_the_backup_it_restores(
    world: World, backup_settings: Path, tmp_path: Path
) -> None:
    record = services.create_backup(offsite=[str(tmp_path / "mounted")])
    database = engine.read_manifest(Path(record.location))["database"]["file"]
    (Path(record.offsite[0]["copy"]) / database).unlink()
    drill, result = services.run_restore_drill(path=Path(record.location))
    assert result.problems == [f"异地副本 {tmp_path / 'mounted'}：异地副本缺少 {database}"]
    assert drill.status == BackupRecord.Status.FAILED


# --- restore --allow-unsigned: the audited escape hatch -----------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_restore_of_an_unsigned_backup_needs_a_reason_and_records_operator_and_reason(
    world: World, backup_settings: Path, media: Path
) -> None:
    import shutil

    from django.db import connections

    path = Path(services.create_backup().location)
    manifest = json.loads((path / "manifest.json").read_text())
    del manifest["signature"]  # as a backup from before signing, or one whose signing key was lost
    (path / "manifest.json").write_text(json.dumps(manifest))
    connections["default"].close()
    target = engine.Database.from_settings()
    engine._drop_everything(target)
    shutil.rmtree(media)

    with pytest.raises(CommandError, match="拒绝恢复：清单没有签名"):
        call_command("restore", str(path))
    with pytest.raises(CommandError, match="必须用 --reason 说明理由"):
        call_command("restore", str(path), "--allow-unsigned")
    with pytest.raises(CommandError, match="必须用 --reason 说明理由"):
        call_command("restore", str(path), "--allow-unsigned", "--reason", "   ")
    assert engine.is_empty(target) and not media.exists()

    reason = "签名密钥随旧服务器丢失，经安全管理员同意恢复 3 月 2 日备份"
    call_command("restore", str(path), "--allow-unsigned", "--reason", reason, "--operator", "张工")
    assert (media / "files" / "2026" / "申请表.pdf").read_bytes() == b"%PDF-1.7 demo"
    entry = AuditEntry.objects.get(event="security.restore")
    assert entry.actor_label == "运维 张工" and entry.result == "success"
    assert entry.detail["allow_unsigned"] is True and entry.detail["reason"] == reason
    assert entry.detail["operator"] == "张工" and "清单没有签名" in entry.detail["signature_problems"][0]
    assert audit.verify_chain().intact


@pytest.mark.django_db(transaction=True)
def test_allow_unsigned_still_refuses_a_changed_file(world: World, backup_settings: Path) -> None:
    path = Path(services.create_backup().location)
    _flip_byte(path / "media.tar.enc")
    with pytest.raises(CommandError, match=r"拒绝恢复：文件归档哈希不符：media\.tar\.enc"):
        call_command("restore", str(path), "--allow-unsigned", "--reason", "测试", "--force")
