"""`manage.py create_staff USERNAME --name 姓名 [--admin-role system|security|audit]` — the
server-side way to open a staff account, e.g. the first system administrator of a deployment.
Prints the one-time initial password; TOTP is enrolled at first login."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from yiwang.core.accounts import services
from yiwang.core.accounts.models import User


class Command(BaseCommand):
    help = "创建工作人员账户，可同时指定管理员角色 (create a staff account)"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="姓名")
        parser.add_argument("--email", default="")
        parser.add_argument("--phone", default="")
        parser.add_argument("--admin-role", default="", choices=[v for v in User.AdminRole.values if v])

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user, initial = services.create_staff_user(
                actor=None,
                username=options["username"],
                display_name=options["name"],
                email=options["email"],
                phone=options["phone"],
            )
            if options["admin_role"]:
                services.assign_admin_role(actor=None, user=user, admin_role=options["admin_role"])
        except (services.AccountError, ValidationError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已创建 {user.username}（{user.display_name}）。初始密码（仅显示一次）: {initial}")
        self.stdout.write("首次登录须绑定身份验证器并修改密码。")
