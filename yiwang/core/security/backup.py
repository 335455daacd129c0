"""Backups (数据备份, GB/T 22239 L3-CES1-29/30): the mechanics, without audit or records (those are in
`services`). A backup is a directory:

    yiwang-20260302T180000Z/
        database.sqlite3.enc | database.pgdump.enc   SQLite online-backup copy, or `pg_dump -Fc`, encrypted
        media.tar.enc                                 MEDIA_ROOT (the file service's storage) as a tar, encrypted
        manifest.json                                 SHA-256 of both sealed files and of their plaintext (every
                                                      uploaded file by path), rows per table, the audit chain
                                                      head, creation time and app version, the encryption key's
                                                      id, and an HMAC-SHA256 signature over all of that

Confidentiality (format 2): AES-256-GCM in authenticated segments (`backup_crypto`), keyed by
BACKUP_ENCRYPTION_KEY. Format-1 backups (plain `database.*` and a `media/` directory) are still
verified and restored.

Tamper evidence: the manifest's hashes only show that the files match the manifest. Its `signature`
(HMAC-SHA256 over the manifest's canonical JSON without the signature, keyed by BACKUP_SIGNING_KEY
or, when that is unset, by a key derived from SECRET_KEY) shows that the manifest itself was written
by this deployment: whoever changes a file and its hash in the manifest cannot recompute it.

Consistency: SQLite's online backup API copies one consistent snapshot; on PostgreSQL the row
counts and the audit chain head are read in a REPEATABLE READ transaction whose snapshot
`pg_dump --snapshot` then dumps, so the manifest describes exactly the dumped data.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from django.db import connections
from django.utils.crypto import salted_hmac

from . import backup_crypto as crypto
from .backup_crypto import BackupError as BackupError
from .backup_crypto import DecryptionFailed, EncryptionKey

MANIFEST = "manifest.json"
FORMAT = 2  # 2: the database dump and the media archive encrypted; 1 (still read): plain files
FORMATS = (1, 2)
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
MEDIA_DIR = "media"  # format 1: MEDIA_ROOT copied as a directory
MEDIA_ARCHIVE = "media.tar.enc"  # format 2: MEDIA_ROOT as an encrypted tar archive
CHUNK = 1024 * 1024


def app_version() -> str:
    try:
        return metadata.version("yiwang")
    except metadata.PackageNotFoundError:
        return "0.0.0"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- the manifest's signature -------------------------------------------------------------------------

SIGNATURE = "signature"
SIGNATURE_ALGORITHM = "HMAC-SHA256"
SIGNING_KEY_BYTES = 32
_DERIVATION_SALT = "yiwang.core.security.backup.manifest-signing-key"


@dataclass(frozen=True)
class SigningKey:
    """A manifest-signing key and its public name (a hash prefix, recorded in the manifest so a
    verification can say which key signed it)."""

    key: bytes
    source: str  # "BACKUP_SIGNING_KEY", "BACKUP_SIGNING_KEY_FALLBACKS", "SECRET_KEY", "SECRET_KEY_FALLBACKS"

    @property
    def key_id(self) -> str:
        return hashlib.sha256(b"yiwang-backup-key-id:" + self.key).hexdigest()[:12]


def _derived_key(secret: str) -> bytes:
    # Domain-separated from every other use of SECRET_KEY (sessions, signing, tokens).
    return salted_hmac(_DERIVATION_SALT, b"backup-manifest", secret=secret, algorithm="sha256").digest()


def signing_keys() -> list[SigningKey]:
    """The keys from settings, the signing one first. With BACKUP_SIGNING_KEY set it signs, and it
    and BACKUP_SIGNING_KEY_FALLBACKS (retired keys) verify; unset, a key derived from SECRET_KEY
    signs, and keys derived from SECRET_KEY and SECRET_KEY_FALLBACKS verify."""
    return [
        SigningKey(key, source) for key, source in crypto.configured_keys("BACKUP_SIGNING_KEY", derive=_derived_key)
    ]


def canonical_manifest(manifest: dict[str, Any]) -> bytes:
    """The bytes the signature covers: the manifest without its signature, as compact JSON with
    sorted keys in UTF-8 (independent of how manifest.json happens to be laid out)."""
    unsigned = {key: value for key, value in manifest.items() if key != SIGNATURE}
    return json.dumps(unsigned, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _mac(key: SigningKey, manifest: dict[str, Any]) -> str:
    return hmac.new(key.key, canonical_manifest(manifest), hashlib.sha256).hexdigest()


def sign_manifest(manifest: dict[str, Any], key: SigningKey) -> dict[str, Any]:
    """The manifest with its `signature` (any previous one replaced)."""
    unsigned = {k: v for k, v in manifest.items() if k != SIGNATURE}
    signature = {"algorithm": SIGNATURE_ALGORITHM, "key_id": key.key_id, "hmac": _mac(key, unsigned)}
    return {**unsigned, SIGNATURE: signature}


def signature_problems(manifest: dict[str, Any], keys: list[SigningKey]) -> list[str]:
    """Why the manifest's signature does not hold (empty: signed by one of `keys`, unchanged since)."""
    signature = manifest.get(SIGNATURE)
    if not isinstance(signature, dict) or not signature.get("hmac"):
        return ["清单没有签名：无法确认清单未被改动，拒绝使用（备份须由本系统的 manage.py backup 生成）。"]
    if signature.get("algorithm") != SIGNATURE_ALGORITHM:
        return [f"清单签名算法不受支持：{signature.get('algorithm')}"]
    key = next((k for k in keys if k.key_id == signature.get("key_id")), None)
    if key is None:
        configured = "、".join(f"{k.source} {k.key_id}" for k in keys)
        return [
            f"清单由本实例未配置的密钥签名（密钥编号 {signature.get('key_id')}；当前可用：{configured}）。"
            "请使用生成该备份时的 BACKUP_SIGNING_KEY 或 SECRET_KEY。"
        ]
    if not hmac.compare_digest(str(signature["hmac"]), _mac(key, manifest)):
        return ["清单签名不符：清单在生成后被改动过（例如文件连同其哈希一起被替换），拒绝使用。"]
    return []


def _tree_hashes(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {path.relative_to(root).as_posix(): sha256_of(path) for path in sorted(root.rglob("*")) if path.is_file()}


# --- databases -------------------------------------------------------------------------------------
# Backup, restore and the drill talk to databases through plain DB-API connections (sqlite3,
# psycopg), not extra Django aliases: a scratch database must never become a Django connection.


@dataclass(frozen=True)
class Database:
    """Where a database is: a SQLite file (or URI), or a PostgreSQL database on a server."""

    vendor: str
    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""

    @classmethod
    def from_settings(cls, alias: str = "default", *, name: str | None = None) -> Database:
        s = connections.settings[alias]
        vendor = "sqlite" if "sqlite" in s["ENGINE"] else "postgresql" if "postgresql" in s["ENGINE"] else s["ENGINE"]
        return cls(
            vendor=vendor,
            name=str(name or s["NAME"]),
            host=str(s.get("HOST") or ""),
            port=str(s.get("PORT") or ""),
            user=str(s.get("USER") or ""),
            password=str(s.get("PASSWORD") or ""),
        )

    def with_name(self, name: str) -> Database:
        return Database(self.vendor, name, self.host, self.port, self.user, self.password)

    def connect(self) -> Any:
        """A DB-API connection in autocommit mode; times in UTC (as Django stores them)."""
        if self.vendor == "sqlite":
            connection = sqlite3.connect(self.name, uri=self.name.startswith("file:"), isolation_level=None)
            return connection
        import psycopg

        return psycopg.connect(
            dbname=self.name,
            host=self.host or None,
            port=self.port or None,
            user=self.user or None,
            password=self.password or None,
            autocommit=True,
            options="-c TimeZone=UTC",
        )

    def pg_env(self) -> dict[str, str]:
        """libpq environment for pg_dump/pg_restore (the password never goes on a command line)."""
        env = {**os.environ, "PGDATABASE": self.name}
        for value, var in (
            (self.host, "PGHOST"),
            (self.port, "PGPORT"),
            (self.user, "PGUSER"),
            (self.password, "PGPASSWORD"),
        ):
            if value:
                env[var] = value
        return env


def quote_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_names(vendor: str, connection: Any) -> list[str]:
    cursor = connection.cursor()
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    return sorted(str(row[0]) for row in cursor.fetchall())


def row_counts(vendor: str, connection: Any) -> dict[str, int]:
    cursor = connection.cursor()
    counts: dict[str, int] = {}
    for table in table_names(vendor, connection):
        # Table names come from the database's own catalogue, quoted here.
        cursor.execute(f"SELECT COUNT(*) FROM {quote_name(table)}")  # noqa: S608
        counts[table] = int(cursor.fetchone()[0])
    return counts


def audit_head(connection: Any) -> dict[str, Any]:
    cursor = connection.cursor()
    cursor.execute("SELECT last_seq, last_hash, anchor_seq, anchor_hash FROM audit_auditchainhead WHERE id = 1")
    row = cursor.fetchone()
    if row is None:
        return {"last_seq": 0, "last_hash": "0" * 64, "anchor_seq": 0, "anchor_hash": "0" * 64}
    return {"last_seq": int(row[0]), "last_hash": row[1], "anchor_seq": int(row[2]), "anchor_hash": row[3]}


AUDIT_COLUMNS = (
    "seq, created_at, actor_id, actor_label, ip, event, object_type, object_id, object_repr, result, detail, "
    "prev_hash, entry_hash"
)


def audit_rows(connection: Any) -> Iterator[dict[str, Any]]:
    """Every audit entry of a database, in order, as the ORM would load it (for the chain check)."""
    cursor = connection.cursor()
    cursor.execute(f"SELECT {AUDIT_COLUMNS} FROM audit_auditentry ORDER BY seq")  # noqa: S608 — fixed text
    names = [name.strip() for name in AUDIT_COLUMNS.split(",")]
    while rows := cursor.fetchmany(2000):
        for row in rows:
            entry = dict(zip(names, row, strict=True))
            created = entry["created_at"]
            if isinstance(created, str):  # SQLite keeps UTC text
                created = datetime.fromisoformat(created)
            entry["created_at"] = created.replace(tzinfo=UTC) if created.tzinfo is None else created.astimezone(UTC)
            if isinstance(entry["detail"], str):
                entry["detail"] = json.loads(entry["detail"])
            entry["ip"] = str(entry["ip"]) if entry["ip"] is not None else None
            yield entry


def _dump_sqlite(target: Path) -> tuple[dict[str, int], dict[str, Any]]:
    connection = connections["default"]
    if connection.in_atomic_block:
        # SQLite's backup waits for the writer's lock to go: inside a transaction it would wait forever.
        raise BackupError("不能在数据库事务中备份 SQLite（请在请求或事务之外运行）。")
    connection.ensure_connection()
    copy = sqlite3.connect(target, isolation_level=None)
    try:
        connection.connection.backup(copy)  # one consistent snapshot, while others keep writing
        return row_counts("sqlite", copy), audit_head(copy)
    finally:
        copy.close()


def _dump_postgres(source: Database, target: Path) -> tuple[dict[str, int], dict[str, Any]]:
    connection = source.connect()
    try:
        cursor = connection.cursor()
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts, head = row_counts("postgresql", connection), audit_head(connection)
        _run(
            ["pg_dump", "-Fc", "--no-owner", "--no-privileges", f"--snapshot={snapshot}", "-f", str(target)],
            env=source.pg_env(),
        )
        cursor.execute("COMMIT")
    finally:
        connection.close()
    return counts, head


def _run(command: list[str], *, env: dict[str, str] | None = None) -> str:
    """Run a fixed program; its standard output (a failure raises BackupError with its stderr)."""
    binary = shutil.which(command[0])
    if binary is None:
        package = "rsync" if command[0] == "rsync" else "postgresql-client，版本与服务器一致"
        raise BackupError(f"找不到 {command[0]}（请安装 {package}）。")
    result = subprocess.run(  # noqa: S603 — fixed program, arguments built here, no shell
        [binary, *command[1:]], env=env, capture_output=True, text=True, timeout=3600, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{result.stderr.strip()[:2000]}")
    return result.stdout


# --- making, verifying and restoring ------------------------------------------------------------------


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict[str, Any]
    size_bytes: int


def backup_name(now: datetime) -> str:
    return f"yiwang-{now.astimezone(UTC):%Y%m%dT%H%M%S%fZ}"


def make_backup(
    *,
    destination: Path,
    media_root: Path,
    source: Database,
    now: datetime,
    key: SigningKey | None = None,
    encryption_key: EncryptionKey | None = None,
) -> BackupResult:
    """Write one backup directory under `destination` and return its (signed) manifest. The database
    dump and the media archive are encrypted (`backup_crypto`); the plain dump exists only inside the
    `.partial` directory until it is sealed. `key` and `encryption_key` default to those from settings."""
    key = key or signing_keys()[0]
    encryption_key = encryption_key or crypto.encryption_keys()[0]
    path = destination / backup_name(now)
    partial = path.with_name(path.name + ".partial")
    partial.mkdir(parents=True, mode=0o700)
    try:
        plain = partial / (SQLITE_FILE if source.vendor == "sqlite" else PG_FILE)
        if source.vendor == "sqlite":
            counts, head = _dump_sqlite(plain)
        elif source.vendor == "postgresql":
            counts, head = _dump_postgres(source, plain)
        else:
            raise BackupError(f"不支持的数据库：{source.vendor}")
        db_file = plain.with_name(plain.name + crypto.SUFFIX)
        plain_sha = crypto.encrypt_file(plain, db_file, key=encryption_key, name=db_file.name)
        plain.unlink()
        files = _archive_media(media_root, partial / MEDIA_ARCHIVE, key=encryption_key)
        manifest = {
            "format": FORMAT,
            "app": "yiwang",
            "app_version": app_version(),
            "created_at": now.astimezone(UTC).isoformat(),
            "database": {
                "vendor": source.vendor,
                "file": db_file.name,
                "sha256": sha256_of(db_file),
                "plaintext_sha256": plain_sha,
            },
            "media": {"file": MEDIA_ARCHIVE, "sha256": sha256_of(partial / MEDIA_ARCHIVE)},
            "encryption": {"algorithm": crypto.ALGORITHM, "key_id": encryption_key.key_id},
            "files": files,
            "row_counts": counts,
            "audit_chain_head": head,
        }
        manifest = sign_manifest(manifest, key)
        (partial / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
        partial.rename(path)  # a backup directory without `.partial` is always complete
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return BackupResult(path=path, manifest=manifest, size_bytes=size)


class _HashingReader:
    """Reads a file for tarfile while hashing it (each uploaded file is read once)."""

    def __init__(self, handle: Any) -> None:
        self._handle, self.digest = handle, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data: bytes = self._handle.read(size)
        self.digest.update(data)
        return data


def _archive_media(media_root: Path, target: Path, *, key: EncryptionKey) -> dict[str, str]:
    """MEDIA_ROOT as a tar stream into an encrypted file; the SHA-256 of every file, by its path."""
    files: dict[str, str] = {}
    with target.open("wb") as sealed:
        writer = crypto.EncryptingWriter(sealed, key=key, name=target.name)
        with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as archive:  # type: ignore[call-overload]
            if media_root.is_dir():
                for file in sorted(p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink()):
                    name = file.relative_to(media_root).as_posix()
                    info = archive.gettarinfo(str(file), arcname=name)
                    with file.open("rb") as handle:
                        reader = _HashingReader(handle)
                        archive.addfile(info, reader)
                    files[name] = reader.digest.hexdigest()
        writer.close()
    return files


def _media_members(
    path: Path, manifest: dict[str, Any], *, keys: list[EncryptionKey]
) -> Iterator[tuple[tarfile.TarFile, tarfile.TarInfo]]:
    """The members of a format-2 backup's media archive, decrypted and authenticated as they stream."""
    name = manifest["media"]["file"]
    with (path / name).open("rb") as sealed:
        reader = crypto.DecryptingReader(sealed, keys=keys, name=name)
        try:
            with tarfile.open(fileobj=reader, mode="r|") as archive:  # type: ignore[call-overload]
                for member in archive:
                    yield archive, member
                reader.read()  # the rest (tar padding) and the last segment's tag
        except tarfile.TarError as exc:
            raise DecryptionFailed(f"{name} 不是有效的归档：{exc}") from exc


def read_manifest(path: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((path / MANIFEST).read_text())
    except FileNotFoundError as exc:
        raise BackupError(f"{path} 不是备份目录（缺少 {MANIFEST}）。") from exc
    except ValueError as exc:
        raise BackupError(f"{path}/{MANIFEST} 已损坏：{exc}") from exc
    if manifest.get("format") not in FORMATS or manifest.get("app") != "yiwang":
        raise BackupError(f"{path} 的清单格式不受支持。")
    return manifest


def manifest_digest(path: Path) -> str:
    return sha256_of(path / MANIFEST)


def is_encrypted(manifest: dict[str, Any]) -> bool:
    return "encryption" in manifest


def verify_backup(
    path: Path,
    *,
    keys: list[SigningKey] | None = None,
    encryption_keys: list[EncryptionKey] | None = None,
    signed: bool = True,
) -> list[str]:
    """The manifest's signature (by one of `keys`, default: those from settings; skipped when not
    `signed`, for `restore --allow-unsigned`), then every hash in the manifest against the files.
    An encrypted backup is also decrypted (every segment authenticated, nothing written) and the
    plaintext hashes of the dump and of every archived file compared; files that are there but not
    listed are reported too. Returns the problems (empty: the backup is intact)."""
    manifest = read_manifest(path)
    problems = signature_problems(manifest, signing_keys() if keys is None else keys) if signed else []
    db = manifest["database"]
    sealed = [db["file"]] + ([manifest["media"]["file"]] if is_encrypted(manifest) else [])
    for name, expected in zip(sealed, [db["sha256"], manifest.get("media", {}).get("sha256")], strict=False):
        if not (path / name).is_file():
            problems.append(f"{'数据库文件' if name == db['file'] else '文件归档'}缺失：{name}")
        elif sha256_of(path / name) != expected:
            problems.append(f"{'数据库文件' if name == db['file'] else '文件归档'}哈希不符：{name}")
    if not is_encrypted(manifest):
        return problems + _file_problems(manifest["files"], _tree_hashes(path / MEDIA_DIR))
    if problems:
        return problems  # changed ciphertext: decrypting it would only say the same again
    keys_ = crypto.encryption_keys() if encryption_keys is None else encryption_keys
    try:
        if crypto.plaintext_sha256(path / db["file"], keys=keys_, name=db["file"]) != db["plaintext_sha256"]:
            problems.append(f"数据库文件解密后的哈希不符：{db['file']}")
        actual: dict[str, str] = {}
        for archive, member in _media_members(path, manifest, keys=keys_):
            if member.isfile():
                actual[member.name] = _member_sha256(archive, member)
    except DecryptionFailed as exc:
        return [*problems, str(exc)]
    return problems + _file_problems(manifest["files"], actual)


def _member_sha256(archive: tarfile.TarFile, member: tarfile.TarInfo) -> str:
    digest = hashlib.sha256()
    handle = archive.extractfile(member)
    assert handle is not None  # a regular file
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _file_problems(expected: dict[str, str], actual: dict[str, str]) -> list[str]:
    problems: list[str] = []
    for name, sha in expected.items():
        if name not in actual:
            problems.append(f"文件缺失：{name}")
        elif actual[name] != sha:
            problems.append(f"文件哈希不符：{name}")
    problems.extend(f"清单外的文件：{name}" for name in sorted(set(actual) - set(expected)))
    return problems


def is_empty(target: Database) -> bool:
    """An instance is empty when its database has no tables (a fresh `createdb`, a new SQLite file)."""
    connection = target.connect()
    try:
        return not table_names(target.vendor, connection)
    finally:
        connection.close()


def _drop_everything(target: Database) -> None:
    connection = target.connect()
    try:
        cursor = connection.cursor()
        if target.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
            return
        cursor.execute("PRAGMA foreign_keys=OFF")
        cursor.execute(
            "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"
        )
        for kind, name in cursor.fetchall():
            # Names come from sqlite_master itself; shadow tables of virtual tables may go first.
            cursor.execute(f"DROP {'VIEW' if kind == 'view' else 'TABLE'} IF EXISTS {quote_name(name)}")
    finally:
        connection.close()


def restore_database(path: Path, *, target: Database, force: bool = False) -> None:
    """Load the backup's database into `target`, which must be empty unless `force`. Close any
    Django connection to `target` first."""
    manifest = read_manifest(path)
    vendor = manifest["database"]["vendor"]
    if vendor != target.vendor:
        raise BackupError(f"备份来自 {vendor}，目标数据库是 {target.vendor}，不能直接恢复。")
    empty = is_empty(target)
    if not empty and not force:
        raise BackupError("目标实例不是空的，拒绝恢复（确需覆盖请加 --force）。")
    with tempfile.TemporaryDirectory(prefix="yiwang-restore-") as scratch:
        db_file = _plain_database(path, manifest, Path(scratch))  # decrypted before anything is dropped
        if not empty:
            _drop_everything(target)
        if vendor == "sqlite":
            source = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
            destination = target.connect()
            try:
                source.backup(destination)
            finally:
                source.close()
                destination.close()
        else:
            _run(
                ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "-d", target.name, str(db_file)],
                env=target.pg_env(),
            )


def _plain_database(path: Path, manifest: dict[str, Any], scratch: Path) -> Path:
    """The backup's database file, decrypted into `scratch` (a private temporary directory) when
    the backup is encrypted."""
    name = manifest["database"]["file"]
    if not is_encrypted(manifest):
        return path / name
    plain = scratch / name.removesuffix(crypto.SUFFIX)
    crypto.decrypt_file(path / name, plain, keys=crypto.encryption_keys(), name=name)
    return plain


def restore_media(path: Path, *, media_root: Path, force: bool = False) -> None:
    """MEDIA_ROOT from the backup, refused when it is not empty unless `force`. An encrypted archive
    is extracted beside MEDIA_ROOT and moved into place only when it has been read to the end
    (authenticated): a changed archive leaves MEDIA_ROOT as it was."""
    manifest = read_manifest(path)
    if media_root.is_dir() and any(media_root.iterdir()) and not force:
        raise BackupError(f"文件目录 {media_root} 不是空的，拒绝恢复（确需覆盖请加 --force）。")
    if not is_encrypted(manifest):
        if media_root.is_dir():
            shutil.rmtree(media_root)
        source = path / MEDIA_DIR
        if source.is_dir():
            shutil.copytree(source, media_root, dirs_exist_ok=True)
        else:
            media_root.mkdir(parents=True, exist_ok=True)
        return
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{media_root.name}.restoring-", dir=media_root.parent))
    try:
        for archive, member in _media_members(path, manifest, keys=crypto.encryption_keys()):
            archive.extract(member, staging, filter="data")  # no absolute paths, links out or devices
        if media_root.is_dir():
            shutil.rmtree(media_root)
        staging.rename(media_root)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def media_hashes(media_root: Path) -> dict[str, str]:
    return _tree_hashes(media_root)


# --- off-site copies and retention -----------------------------------------------------------------


def copy_offsite(path: Path, target: str) -> str:
    """Copy one backup directory to a second location and return where it went.

    `target` is a mounted directory (`/mnt/backup`), an rsync destination (`rsync:host:/path` or
    `rsync:/local/path`), or S3-compatible storage (`s3://bucket/prefix`, needs boto3 and the usual
    AWS_* variables; S3_ENDPOINT_URL for a non-AWS service)."""
    if target.startswith("rsync:"):
        destination = target.removeprefix("rsync:").rstrip("/")
        if ":" not in destination:
            Path(destination).mkdir(parents=True, exist_ok=True)
        _run(["rsync", "-a", "--checksum", str(path), f"{destination}/"])
        return f"{destination}/{path.name}"
    if target.startswith("s3://"):
        return _copy_s3(path, target)
    destination_dir = Path(target)
    destination_dir.mkdir(parents=True, exist_ok=True)
    copied = destination_dir / path.name
    partial = copied.with_name(copied.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    shutil.copytree(path, partial)
    if copied.exists():
        shutil.rmtree(copied)
    partial.rename(copied)
    return str(copied)


def _copy_s3(path: Path, target: str) -> str:
    try:
        import boto3  # type: ignore[import-not-found, unused-ignore]  # optional: only when S3 is configured
    except ImportError as exc:
        raise BackupError("未安装 boto3，无法复制到 S3 兼容存储（pip install boto3）。") from exc
    bucket, _, prefix = target.removeprefix("s3://").partition("/")
    client = boto3.client("s3", endpoint_url=os.environ.get("S3_ENDPOINT_URL") or None)
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        key = "/".join(part for part in (prefix.strip("/"), path.name, file.relative_to(path).as_posix()) if part)
        client.upload_file(str(file), bucket, key)
    return f"s3://{bucket}/{prefix.strip('/')}/{path.name}".replace("//" + path.name, "/" + path.name)


def offsite_problems(path: Path, *, target: str, copy: str) -> list[str]:
    """复核异地副本: the off-site copy `copy` (where `copy_offsite` put `path` for `target`) against
    the local backup `path`, whose signed manifest has been verified. The copy must hold the same
    manifest and every file with the content that manifest gives; files it has beyond that are
    reported too. A mounted directory and S3 are hashed with SHA-256 (S3 objects are read back);
    an rsync target is compared by `rsync --checksum --dry-run` with the local files. Returns the
    problems (empty: the copy is intact)."""
    try:
        if target.startswith("rsync:"):
            return _rsync_problems(path, target.removeprefix("rsync:").rstrip("/"))
        expected = {MANIFEST: manifest_digest(path)} | _sealed_hashes(path, read_manifest(path))
        if target.startswith("s3://"):
            return _hash_problems(expected, _s3_hashes(copy))
        return _hash_problems(expected, _tree_hashes(Path(copy)))
    except (BackupError, OSError) as exc:
        return [f"无法读取异地副本：{exc}"[:500]]


def _sealed_hashes(path: Path, manifest: dict[str, Any]) -> dict[str, str]:
    """Every file a backup directory holds besides its manifest, with its SHA-256 per the manifest."""
    hashes = {manifest["database"]["file"]: manifest["database"]["sha256"]}
    if is_encrypted(manifest):
        return hashes | {manifest["media"]["file"]: manifest["media"]["sha256"]}
    return hashes | {f"{MEDIA_DIR}/{name}": sha for name, sha in manifest["files"].items()}


def _hash_problems(expected: dict[str, str], actual: dict[str, str]) -> list[str]:
    if not actual:
        return ["异地副本缺失或为空。"]
    problems = []
    if actual.get(MANIFEST) not in (None, expected[MANIFEST]):
        problems.append("异地副本的清单与本地已签名的清单不同。")
    for name, sha in expected.items():
        if name != MANIFEST and actual.get(name) != sha:
            problems.append(f"异地副本缺少 {name}" if name not in actual else f"异地副本的哈希不符：{name}")
    if MANIFEST not in actual:
        problems.append(f"异地副本缺少 {MANIFEST}")
    return problems + [f"异地副本有清单外的文件：{name}" for name in sorted(set(actual) - set(expected))]


def _rsync_problems(path: Path, destination: str) -> list[str]:
    # A dry run with checksums lists what a copy would have to change: a file to send (content
    # differs or missing, "<f"/">f"…) or to delete (not in the backup). Times alone (".f..t") are no change.
    listing = _run(
        [
            "rsync",
            "-a",
            "--checksum",
            "--delete",
            "--dry-run",
            "--itemize-changes",
            f"{path}/",
            f"{destination}/{path.name}/",
        ]
    )
    problems = []
    for line in listing.splitlines():
        item, _, name = line.partition(" ")
        if item.startswith("*deleting"):
            problems.append(f"异地副本有清单外的文件：{name.strip()}")
        elif len(item) > 1 and item[0] in "<>ch" and item[1] == "f":
            problems.append(f"异地副本缺少或内容不符：{name.strip()}")
    return problems


def _s3_hashes(copy: str) -> dict[str, str]:
    try:
        import boto3  # type: ignore[import-not-found, unused-ignore]  # optional: only when S3 is configured
    except ImportError as exc:
        raise BackupError("未安装 boto3，无法复核 S3 兼容存储中的副本（pip install boto3）。") from exc
    bucket, _, prefix = copy.removeprefix("s3://").partition("/")
    client = boto3.client("s3", endpoint_url=os.environ.get("S3_ENDPOINT_URL") or None)
    hashes: dict[str, str] = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix.rstrip("/") + "/"):
        for item in page.get("Contents", []):
            digest = hashlib.sha256()
            for chunk in client.get_object(Bucket=bucket, Key=item["Key"])["Body"].iter_chunks(CHUNK):
                digest.update(chunk)
            hashes[item["Key"].removeprefix(prefix.rstrip("/") + "/")] = digest.hexdigest()
    return hashes


def backups_in(directory: Path) -> list[tuple[datetime, Path]]:
    """Complete backups in `directory`, newest first."""
    found: list[tuple[datetime, Path]] = []
    if not directory.is_dir():
        return found
    for path in directory.iterdir():
        if not path.is_dir() or not path.name.startswith("yiwang-") or path.name.endswith(".partial"):
            continue
        try:
            stamp = datetime.strptime(path.name, "yiwang-%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
        except ValueError:
            continue
        found.append((stamp, path))
    return sorted(found, reverse=True)


def to_prune(backups: list[tuple[datetime, Path]], *, keep_daily: int, keep_weekly: int) -> list[Path]:
    """Grandfather-father retention: the newest backup of each of the last `keep_daily` days that
    have one, and the newest of each of the last `keep_weekly` ISO weeks; the newest always stays."""
    keep: set[Path] = set()
    days: dict[Any, Path] = {}
    weeks: dict[Any, Path] = {}
    for stamp, path in backups:  # newest first: the first seen per day/week is the newest
        days.setdefault(stamp.date(), path)
        weeks.setdefault(stamp.isocalendar()[:2], path)
    keep.update(list(days.values())[:keep_daily])
    keep.update(list(weeks.values())[:keep_weekly])
    if backups:
        keep.add(backups[0][1])
    return [path for _, path in backups if path not in keep]
