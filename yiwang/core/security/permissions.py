"""Who may use the security screens (三权分立): the security administrator (`core.manage_security`)
runs them; the audit administrator (`core.view_audit`) may read the self-assessment."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from yiwang.core.permissions.access import can

MANAGE_VERB = "core.manage_security"
AUDIT_VERB = "core.view_audit"


def can_manage_security(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and can(user, MANAGE_VERB)


def can_view_report(user: Any) -> bool:
    return can_manage_security(user) or (bool(getattr(user, "is_authenticated", False)) and can(user, AUDIT_VERB))


def require_security_admin(user: Any) -> None:
    if not can_manage_security(user):
        raise PermissionDenied("仅安全管理员可使用此功能。")


def require_report_reader(user: Any) -> None:
    if not can_view_report(user):
        raise PermissionDenied("仅安全管理员和审计管理员可查看自评估报告。")
