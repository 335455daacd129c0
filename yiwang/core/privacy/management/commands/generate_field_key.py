"""`manage.py generate_field_key` — print a new random key for FIELD_ENCRYPTION_KEYS / FIELD_HASH_KEY."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from yiwang.core.privacy.crypto import generate_key


class Command(BaseCommand):
    help = "生成一个新的字段加密密钥 (print a new base64 32-byte key)"

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(generate_key())
