"""`manage.py reencrypt_fields` — after putting a new key first in FIELD_ENCRYPTION_KEYS."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from yiwang.core.privacy.services import reencrypt_all


class Command(BaseCommand):
    help = "把用旧密钥加密的个人信息改用当前密钥重新加密 (re-encrypt personal data under the current key)"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        counts = reencrypt_all(batch_size=options["batch_size"])
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(self.style.SUCCESS(f"重新加密 {sum(counts.values())} 项 (re-encrypted)"))
