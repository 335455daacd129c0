"""`createsuperuser` is disabled: a superuser would hold every power at once, against 三权分立
(GB/T 22239 L3-CES1-08). Staff accounts are made with `create_staff` or the staff screen."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "已停用：请使用 create_staff 创建工作人员账户 (disabled: use create_staff)"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("args", nargs="*")
        parser.add_argument("--noinput", "--no-input", action="store_true")
        parser.add_argument("--username")
        parser.add_argument("--email")
        parser.add_argument("--database")

    def handle(self, *args: Any, **options: Any) -> None:
        raise CommandError(
            "不提供超级用户：三权分立要求系统、安全、审计管理员分设。请用 "
            "`manage.py create_staff <账户名> --name <姓名> --admin-role system` 创建系统管理员。 "
            "(Superusers are disabled; use create_staff.)"
        )
