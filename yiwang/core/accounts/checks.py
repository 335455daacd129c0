"""System checks (`manage.py check --database default`): no default or shared accounts
(GB/T 22239 L3-CES1-05/06) and no superusers (三权分立, L3-CES1-08)."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, Tags, register
from django.db import DatabaseError


@register(Tags.security, Tags.database)
def check_no_default_accounts(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list[Error]:
    if not databases:
        return []
    from .models import User
    from .services import RESERVED_USERNAMES

    errors: list[Error] = []
    try:
        names = list(
            User.objects.filter(username__in=RESERVED_USERNAMES, is_active=True).values_list("username", flat=True)
        )
        superusers = list(User.objects.filter(is_superuser=True, is_active=True).values_list("username", flat=True))
    except DatabaseError:
        return []  # not migrated yet
    for name in names:
        errors.append(
            Error(
                f"默认或通用账户“{name}”处于启用状态 (default account {name!r} is active)",
                hint="停用或更名该账户；每个工作人员使用自己的账户。",
                id="yiwang.accounts.E001",
            )
        )
    for name in superusers:
        errors.append(
            Error(
                f"超级用户“{name}”违反三权分立 (superuser {name!r} breaks the separation of duties)",
                hint="取消 is_superuser，改用系统/安全/审计管理员角色。",
                id="yiwang.accounts.E002",
            )
        )
    return errors
