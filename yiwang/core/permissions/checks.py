"""System check: every verb a role grants is declared by core or a module manifest."""

from typing import Any

from django.core.checks import Warning as CheckWarning
from django.core.checks import register
from django.db import DatabaseError

from yiwang.core.registry.registry import all_verbs


@register("database")
def check_role_verbs(app_configs: Any = None, **kwargs: Any) -> list[CheckWarning]:
    from yiwang.core.orgs.models import Role

    known = all_verbs()
    warnings = []
    try:
        for role in Role.objects.all():
            for verb in role.verbs:
                if verb not in known:
                    warnings.append(CheckWarning(f"角色 {role.code} 含未声明的权限 {verb!r}", id="yiwang.W101"))
    except DatabaseError:
        return []
    return warnings
