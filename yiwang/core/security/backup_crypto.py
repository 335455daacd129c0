"""Encryption of backups at rest (备份加密, GB/T 22239 L3-CES1-27 confidentiality of stored important
data; 网络安全法 Art. 21): the database dump and the media archive are sealed with AES-256-GCM in
segments, so files of any size are encrypted and decrypted in constant memory and every byte is
authenticated before it is used.

File format (``YWBKENC1``)::

    header   magic "YWBKENC1" (8) ‖ key id (12, ASCII hex) ‖ salt (16) ‖ nonce prefix (7) ‖ segment size (4, BE)
    segments AES-256-GCM(plaintext segment) ‖ tag (16), each SEGMENT bytes of plaintext but the last

- The file key is HKDF-SHA256(backup key, salt): a fresh key per file, so nonces never repeat
  across files under one backup key.
- Segment i's nonce is prefix ‖ i (4, BE) ‖ last flag (1): reordering, dropping, truncating or
  appending segments fails authentication (the STREAM construction, as in Tink and age).
- The associated data is the header and the file's name in the backup, so the database dump cannot
  be swapped for the media archive or for a file from another backup with another header.

The keys: BACKUP_ENCRYPTION_KEY (base64 of 32 random bytes) encrypts, it and
BACKUP_ENCRYPTION_KEY_FALLBACKS decrypt (rotation, as for the signing key). Unset, a key derived from
SECRET_KEY is used, which the deploy check refuses in production (security.E004).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.crypto import salted_hmac

MAGIC = b"YWBKENC1"
ALGORITHM = "AES-256-GCM-STREAM"
SEGMENT = 1024 * 1024
TAG_BYTES = 16
KEY_ID_BYTES = 12
SALT_BYTES = 16
PREFIX_BYTES = 7
HEADER_BYTES = len(MAGIC) + KEY_ID_BYTES + SALT_BYTES + PREFIX_BYTES + 4
SUFFIX = ".enc"


class BackupError(RuntimeError):
    """A backup, verification or restore that cannot go on; the message says why, in Chinese first."""


class DecryptionFailed(BackupError):
    """A backup file that cannot be decrypted: another key, or changed since it was written. The
    message says which, Chinese first."""


@dataclass(frozen=True)
class EncryptionKey:
    """A backup encryption key and its public name (a hash prefix, written into each file's header)."""

    key: bytes
    source: str  # "BACKUP_ENCRYPTION_KEY", "BACKUP_ENCRYPTION_KEY_FALLBACKS", "SECRET_KEY", "SECRET_KEY_FALLBACKS"

    @property
    def key_id(self) -> str:
        return hashlib.sha256(b"yiwang-backup-encryption-key-id:" + self.key).hexdigest()[:KEY_ID_BYTES]


def setting(name: str) -> Any:
    """A backup key setting (`yiwang/settings/base.py` reads them from the environment)."""
    return getattr(settings, name, "")


def parse_key(encoded: str, *, name: str) -> bytes:
    try:
        key = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured(
            f"{name}: must be base64 of 32 random bytes (manage.py generate_field_key)."
        ) from exc
    if len(key) != 32:
        raise ImproperlyConfigured(f"{name}: must be base64 of exactly 32 bytes (manage.py generate_field_key).")
    return key


def configured_keys(name: str, *, derive: Callable[[str], bytes]) -> list[tuple[bytes, str]]:
    """`name` (the one that writes) and `name`_FALLBACKS (retired, still read) from settings; when
    `name` is unset, keys derived by `derive` from SECRET_KEY and SECRET_KEY_FALLBACKS instead.
    Each key with the setting it came from."""
    dedicated = str(setting(name) or "")
    if dedicated:
        return [(parse_key(dedicated, name=name), name)] + [
            (parse_key(old, name=f"{name}_FALLBACKS"), f"{name}_FALLBACKS")
            for old in setting(f"{name}_FALLBACKS") or ()
            if old
        ]
    secret = str(getattr(settings, "SECRET_KEY", "") or "")
    if not secret:
        raise BackupError(f"未配置 {name} 或 SECRET_KEY，无法处理备份。")
    return [(derive(secret), "SECRET_KEY")] + [
        (derive(str(old)), "SECRET_KEY_FALLBACKS") for old in getattr(settings, "SECRET_KEY_FALLBACKS", ()) or () if old
    ]


def _derived_encryption_key(secret: str) -> bytes:
    # Domain-separated from the manifest-signing key and every other use of SECRET_KEY.
    return salted_hmac(
        "yiwang.core.security.backup.encryption-key", b"backup-encryption", secret=secret, algorithm="sha256"
    ).digest()


def encryption_keys() -> list[EncryptionKey]:
    """The keys from settings, the encrypting one first (see the module docstring)."""
    return [
        EncryptionKey(key, source)
        for key, source in configured_keys("BACKUP_ENCRYPTION_KEY", derive=_derived_encryption_key)
    ]


def has_dedicated_key() -> bool:
    return bool(str(setting("BACKUP_ENCRYPTION_KEY") or ""))


def _file_key(key: EncryptionKey, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"yiwang-backup-file-key").derive(key.key)


def _nonce(prefix: bytes, index: int, *, last: bool) -> bytes:
    return prefix + index.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


class EncryptingWriter:
    """A binary file-like object that encrypts what is written into `sink` (tarfile and shutil
    stream into it); `close()` seals the last segment. Does not close `sink`."""

    def __init__(self, sink: IO[bytes], *, key: EncryptionKey, name: str) -> None:
        salt, self._prefix = os.urandom(SALT_BYTES), os.urandom(PREFIX_BYTES)
        header = MAGIC + key.key_id.encode("ascii") + salt + self._prefix + SEGMENT.to_bytes(4, "big")
        self._aead = AESGCM(_file_key(key, salt))
        self._aad = header + name.encode("utf-8")
        self._sink, self._buffer, self._index, self.closed = sink, bytearray(), 0, False
        sink.write(header)

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > SEGMENT:  # keep at least one byte back: the last segment is sealed on close
            self._seal(bytes(self._buffer[:SEGMENT]), last=False)
            del self._buffer[:SEGMENT]
        return len(data)

    def _seal(self, chunk: bytes, *, last: bool) -> None:
        if self._index >= 2**32 - 1:
            raise ValueError("backup file too large for one stream (4 PiB)")
        self._sink.write(self._aead.encrypt(_nonce(self._prefix, self._index, last=last), chunk, self._aad))
        self._index += 1

    def close(self) -> None:
        if not self.closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
            self.closed = True

    def flush(self) -> None:
        self._sink.flush()


def _segments(source: IO[bytes], *, keys: list[EncryptionKey], name: str) -> Iterator[bytes]:
    header = source.read(HEADER_BYTES)
    if len(header) < HEADER_BYTES or not header.startswith(MAGIC):
        raise DecryptionFailed(f"{name} 不是本系统加密的备份文件或已损坏（文件头无效）。")
    key_id = header[len(MAGIC) : len(MAGIC) + KEY_ID_BYTES].decode("ascii", "replace")
    key = next((k for k in keys if k.key_id == key_id), None)
    if key is None:
        configured = "、".join(f"{k.source} {k.key_id}" for k in keys) or "无"
        raise DecryptionFailed(
            f"{name} 由本实例未配置的加密密钥加密（密钥编号 {key_id}；当前可用：{configured}）。"
            "请配置生成该备份时的 BACKUP_ENCRYPTION_KEY（或放入 BACKUP_ENCRYPTION_KEY_FALLBACKS）。"
        )
    offset = len(MAGIC) + KEY_ID_BYTES
    salt, prefix = (
        header[offset : offset + SALT_BYTES],
        header[offset + SALT_BYTES : offset + SALT_BYTES + PREFIX_BYTES],
    )
    segment = int.from_bytes(header[-4:], "big")
    aead, aad = AESGCM(_file_key(key, salt)), header + name.encode("utf-8")
    index, current = 0, source.read(segment + TAG_BYTES)
    while True:
        following = source.read(segment + TAG_BYTES) if len(current) == segment + TAG_BYTES else b""
        last = not following
        try:
            yield aead.decrypt(_nonce(prefix, index, last=last), current, aad)
        except InvalidTag as exc:
            raise DecryptionFailed(
                f"{name} 解密认证失败：文件在备份后被改动、截断或与其他文件调换，拒绝使用。"
            ) from exc
        if last:
            return
        index, current = index + 1, following


class DecryptingReader:
    """A binary file-like object (read only) over an encrypted file: every segment is authenticated
    before its bytes are returned; a changed or truncated file raises DecryptionFailed."""

    def __init__(self, source: IO[bytes], *, keys: list[EncryptionKey], name: str) -> None:
        self._segments = _segments(source, keys=keys, name=name)
        self._buffer = b""
        self._done = False

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._buffer) < size):
            try:
                self._buffer += next(self._segments)
            except StopIteration:
                self._done = True
        if size < 0:
            data, self._buffer = self._buffer, b""
        else:
            data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data


def encrypt_file(source: Path, target: Path, *, key: EncryptionKey, name: str) -> str:
    """Encrypt `source` into `target` and return the SHA-256 of the plaintext."""
    digest = hashlib.sha256()
    with source.open("rb") as plain, target.open("wb") as sealed:
        writer = EncryptingWriter(sealed, key=key, name=name)
        while chunk := plain.read(SEGMENT):
            digest.update(chunk)
            writer.write(chunk)
        writer.close()
    return digest.hexdigest()


def decrypt_file(source: Path, target: Path, *, keys: list[EncryptionKey], name: str) -> str:
    """Decrypt `source` into `target` (removed again on failure); the SHA-256 of the plaintext."""
    digest = hashlib.sha256()
    try:
        with source.open("rb") as sealed, target.open("wb") as plain:
            for chunk in _segments(sealed, keys=keys, name=name):
                digest.update(chunk)
                plain.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return digest.hexdigest()


def plaintext_sha256(source: Path, *, keys: list[EncryptionKey], name: str) -> str:
    """Decrypt `source` without writing it anywhere (verification): the SHA-256 of its plaintext."""
    digest = hashlib.sha256()
    with source.open("rb") as sealed:
        for chunk in _segments(sealed, keys=keys, name=name):
            digest.update(chunk)
    return digest.hexdigest()
