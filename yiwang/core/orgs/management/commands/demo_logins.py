"""`manage.py demo_logins` — how to sign in as each demo person (development only)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from yiwang.core.orgs import demo


class Command(BaseCommand):
    help = "列出演示账户的登录方式（仅开发环境）。"

    def handle(self, *args: Any, **options: Any) -> None:
        if not demo.demo_allowed():
            raise CommandError("生产配置下没有演示账户。 (No demo accounts under production settings.)")
        rows = demo.sign_in_details()
        if not rows:
            raise CommandError("还没有演示账户：请先运行 manage.py load_reference。")
        out = self.stdout.write
        out("")
        out("演示账户 (demo logins) — 登录: http://127.0.0.1:8000/accounts/login/")
        out("工作人员第二步输入身份验证器动态码：把 TOTP 密钥加入任一身份验证器 App，或在登录页查看开发环境提示。")
        out("")
        for r in rows:
            out(f"  {r['username']:<16} {r['name']:<12} 密码 {r['password']}")
            out(f"  {'':<16} {r['what']}")
            if r["totp"]:
                out(f"  {'':<16} TOTP 密钥 {r['totp']}  （当前动态码 {r['code']}）")
        out("")
