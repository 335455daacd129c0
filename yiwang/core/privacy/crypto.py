"""Authenticated encryption (AES-256-GCM) with versioned keys, and keyed hashes (HMAC-SHA256).

Keys come from settings (`FIELD_ENCRYPTION_KEYS`: base64 32-byte keys, the first encrypts, all
decrypt; `FIELD_HASH_KEY`). A token names the key that sealed it by a short key id, so adding a
new key first in the list rotates: new writes use it, old rows still decrypt, and
`manage.py reencrypt_fields` moves old rows to the new key.

Token format: ``v1$<key id>$<base64url(nonce ‖ ciphertext ‖ tag)>``. The purpose ("phone",
"id_number", …) is bound as associated data, so a ciphertext copied into another kind of column
fails to decrypt.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

TOKEN_VERSION = "v1"  # noqa: S105 (a format tag, not a secret)
NONCE_BYTES = 12
KEY_BYTES = 32


class DecryptionError(ValueError):
    """The value cannot be decrypted: unknown key, or it was altered (GCM tag mismatch)."""


@dataclass(frozen=True)
class Keyring:
    current_id: str
    keys: dict[str, bytes]

    @property
    def current(self) -> bytes:
        return self.keys[self.current_id]


def key_id(key: bytes) -> str:
    """A short public name for a key (not secret: a hash prefix)."""
    return hashlib.sha256(b"yiwang-key-id:" + key).hexdigest()[:8]


def parse_key(encoded: str) -> bytes:
    try:
        key = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS: each key must be base64 of 32 random bytes.") from exc
    if len(key) != KEY_BYTES:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS: each key must be base64 of exactly 32 bytes.")
    return key


@lru_cache(maxsize=4)
def _keyring_for(encoded_keys: tuple[str, ...]) -> Keyring:
    if not encoded_keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is not set: personal data cannot be encrypted.")
    keys = [parse_key(k) for k in encoded_keys]
    return Keyring(current_id=key_id(keys[0]), keys={key_id(k): k for k in keys})


def get_keyring() -> Keyring:
    return _keyring_for(tuple(getattr(settings, "FIELD_ENCRYPTION_KEYS", ()) or ()))


def generate_key() -> str:
    """A new base64 key for FIELD_ENCRYPTION_KEYS (or FIELD_HASH_KEY)."""
    return base64.b64encode(os.urandom(KEY_BYTES)).decode()


def encrypt(plaintext: str, *, purpose: str) -> str:
    keyring = get_keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(keyring.current).encrypt(nonce, plaintext.encode(), purpose.encode())
    body = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
    return f"{TOKEN_VERSION}${keyring.current_id}${body}"


def token_key_id(token: str) -> str:
    """The id of the key that sealed `token` ("" if it is not a token)."""
    parts = token.split("$")
    return parts[1] if len(parts) == 3 and parts[0] == TOKEN_VERSION else ""


def decrypt(token: str, *, purpose: str) -> str:
    parts = token.split("$")
    if len(parts) != 3 or parts[0] != TOKEN_VERSION:
        raise DecryptionError("不是加密数据 (not an encrypted value)")
    key = get_keyring().keys.get(parts[1])
    if key is None:
        raise DecryptionError(f"没有编号为 {parts[1]} 的密钥 (key {parts[1]} is not configured)")
    try:
        raw = base64.urlsafe_b64decode(parts[2] + "=" * (-len(parts[2]) % 4))
        return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], purpose.encode()).decode()
    except (InvalidTag, binascii.Error, ValueError) as exc:
        raise DecryptionError("加密数据已被篡改或密钥不符 (ciphertext altered or wrong key)") from exc


# --- keyed hashes for exact lookup -----------------------------------------------------------------

_PHONE_NOISE = re.compile(r"[\s\-()（）]")


def normalise(value: str, *, purpose: str) -> str:
    """The canonical form hashed for lookup, so "138 1234 1234" finds "13812341234"."""
    value = value.strip()
    if purpose == "phone":
        value = _PHONE_NOISE.sub("", value)
        for prefix in ("+86", "0086"):
            if value.startswith(prefix) and len(value) > 11:
                value = value[len(prefix) :]
        return value
    if purpose == "id_number":
        return value.replace(" ", "").upper()
    if purpose == "email":
        return value.lower()
    return value


@lru_cache(maxsize=4)
def _hash_key_for(encoded: str) -> bytes:
    if not encoded:
        raise ImproperlyConfigured("FIELD_HASH_KEY is not set: lookup hashes cannot be computed.")
    return parse_key(encoded)


def keyed_hash(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 of the normalised value (hex). Without the key an attacker with the database
    cannot test guesses (a phone number has only ~10⁹ candidates)."""
    key = _hash_key_for(getattr(settings, "FIELD_HASH_KEY", "") or "")
    message = f"{purpose}\x00{normalise(value, purpose=purpose)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
