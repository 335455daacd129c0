from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import FieldError
from django.db import connection
from django.test import override_settings

from yiwang.core.accounts.models import User
from yiwang.core.accounts.services import set_id_number, set_phone
from yiwang.core.audit.models import AuditEntry
from yiwang.core.privacy import crypto
from yiwang.core.privacy.services import reencrypt_all
from yiwang.testing.factories import UserFactory

NEW_KEY = base64.b64encode(b"n" * 32).decode()


def _raw_phone(user: User) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM accounts_user WHERE id = %s", [user.pk])
        return str(cursor.fetchone()[0])


def test_encrypt_then_decrypt_returns_the_plaintext() -> None:
    token = crypto.encrypt("13812341234", purpose="phone")
    assert "13812341234" not in token
    assert crypto.decrypt(token, purpose="phone") == "13812341234"


def test_same_value_encrypts_differently_each_time() -> None:
    assert crypto.encrypt("x", purpose="phone") != crypto.encrypt("x", purpose="phone")


def test_altered_ciphertext_is_detected() -> None:
    token = crypto.encrypt("230702199001011234", purpose="id_number")
    body = token.rsplit("$", 1)[1]
    flipped = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token.rsplit("$", 1)[0] + "$" + flipped, purpose="id_number")


def test_ciphertext_moved_to_another_kind_of_column_does_not_decrypt() -> None:
    token = crypto.encrypt("13812341234", purpose="phone")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, purpose="id_number")


def test_missing_keys_refuse_to_encrypt() -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=[]), pytest.raises(Exception, match="FIELD_ENCRYPTION_KEYS"):
        crypto.encrypt("x", purpose="phone")


@pytest.mark.django_db
def test_phone_and_id_number_are_encrypted_in_the_database() -> None:
    user = UserFactory()
    set_phone(user, "138 1234 1234")
    set_id_number(user, "230702199001011234")
    user.save()
    assert _raw_phone(user).startswith("v1$")
    assert "1234" not in _raw_phone(user)
    fresh = User.objects.get(pk=user.pk)
    assert fresh.phone == "13812341234"
    assert fresh.id_number == "230702199001011234"


@pytest.mark.django_db
def test_user_is_found_by_keyed_hash_of_the_phone() -> None:
    user = UserFactory()
    set_phone(user, "13812341234")
    user.save()
    found = User.objects.get(phone_hash=crypto.keyed_hash("+86 138-1234-1234", purpose="phone"))
    assert found == user


@pytest.mark.django_db
def test_encrypted_column_cannot_be_searched_by_content() -> None:
    with pytest.raises(FieldError):
        User.objects.filter(phone="13812341234").exists()


@pytest.mark.django_db
def test_rotation_keeps_old_rows_readable_and_reencrypt_moves_them_to_the_new_key(settings) -> None:
    user = UserFactory()
    set_phone(user, "13812341234")
    user.save()
    old_kid = crypto.token_key_id(_raw_phone(user))
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, *settings.FIELD_ENCRYPTION_KEYS]

    assert User.objects.get(pk=user.pk).phone == "13812341234"  # the old key still decrypts

    counts = reencrypt_all()
    assert counts["accounts.User.phone"] == 1
    new_kid = crypto.token_key_id(_raw_phone(user))
    assert new_kid != old_kid and new_kid == crypto.key_id(base64.b64decode(NEW_KEY))
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]  # the old key can now be retired
    assert User.objects.get(pk=user.pk).phone == "13812341234"
    assert reencrypt_all()["accounts.User.phone"] == 0
    assert AuditEntry.objects.filter(event="privacy.reencrypt").count() == 2


def test_production_settings_refuse_to_start_without_field_keys() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIELD_")}
    env.update(SECRET_KEY="x" * 60, DJANGO_SETTINGS_MODULE="yiwang.settings.production")
    root = Path(__file__).resolve().parents[4]
    result = subprocess.run(
        [sys.executable, "-c", "import yiwang.settings.production"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS" in result.stderr
