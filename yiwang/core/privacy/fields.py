"""Model fields that keep personal data encrypted at rest.

    phone = EncryptedTextField("手机号", purpose="phone", blank=True)
    phone_hash = KeyedHashField()            # set by the service: keyed_hash(phone, purpose="phone")

The encrypted column cannot be searched (each write uses a fresh nonce): look rows up through the
keyed-hash column instead. Services set both columns together (no logic in save()).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import FieldError
from django.db import models
from django.db.models import Lookup, Transform

from .crypto import decrypt, encrypt


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text encrypted with AES-GCM under the current key; "" and NULL are stored as they are."""

    description = "Encrypted text (AES-256-GCM)"

    def __init__(self, *args: Any, purpose: str, **kwargs: Any) -> None:
        self.purpose = purpose
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["purpose"] = self.purpose
        return name, path, args, kwargs

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if not value:
            return value
        return decrypt(value, purpose=self.purpose)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value), purpose=self.purpose)

    def get_lookup(self, lookup_name: str) -> type[Lookup[Any]] | None:
        if lookup_name != "isnull":
            raise FieldError(
                f"加密字段 {self.name} 不能按内容查询，请按键控哈希列查询。 "
                f"(Encrypted field {self.name!r} supports no '{lookup_name}' lookup; query its keyed-hash column.)"
            )
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name: str) -> type[Transform] | None:
        return None

    def formfield(self, **kwargs: Any) -> forms.Field | None:
        # A single-line input: these hold phone numbers, ID numbers and addresses.
        return super(models.TextField, self).formfield(**{"form_class": forms.CharField, **kwargs})


class KeyedHashField(models.CharField):  # type: ignore[type-arg]
    """HMAC-SHA256 (hex) of a normalised value, for exact lookup of an encrypted column."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)
