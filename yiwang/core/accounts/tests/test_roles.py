"""三权分立 (GB/T 22239 L3-CES1-08/09): separation of the three administrators, no self-escalation."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from yiwang.core.accounts import services
from yiwang.core.accounts.models import User
from yiwang.core.audit.models import AuditEntry
from yiwang.core.orgs.models import Membership
from yiwang.core.permissions.access import can
from yiwang.testing.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_system_admin_cannot_grant_an_admin_role_to_themselves(world) -> None:
    with pytest.raises(PermissionDenied):
        services.assign_admin_role(
            actor=world.system_admin, user=world.system_admin, admin_role=User.AdminRole.SECURITY
        )
    world.system_admin.refresh_from_db()
    assert world.system_admin.admin_role == User.AdminRole.SYSTEM


def test_security_admin_cannot_grant_themselves_business_roles(world) -> None:
    with pytest.raises(PermissionDenied):
        services.grant_membership(
            actor=world.security_admin,
            user=world.security_admin,
            agency=world.city_civil_affairs,
            role=world.clerk_role,
        )
    assert not Membership.objects.filter(user=world.security_admin).exists()
    for verb in world.clerk_role.verbs:
        assert not can(world.security_admin, verb, agency_id=world.city_civil_affairs.pk)


def test_nobody_grants_themselves_a_business_role(world) -> None:
    with pytest.raises(services.RoleSeparationError):
        services.grant_membership(
            actor=world.system_admin, user=world.system_admin, agency=world.city_civil_affairs, role=world.clerk_role
        )


def test_a_user_holds_at_most_one_admin_role(world) -> None:
    with pytest.raises(services.RoleSeparationError, match="一人只能担任一种管理员角色"):
        services.assign_admin_role(actor=world.security_admin, user=world.system_admin, admin_role=User.AdminRole.AUDIT)
    services.assign_admin_role(actor=world.security_admin, user=world.system_admin, admin_role="")
    services.assign_admin_role(actor=world.security_admin, user=world.system_admin, admin_role=User.AdminRole.AUDIT)
    world.system_admin.refresh_from_db()
    assert world.system_admin.admin_role == User.AdminRole.AUDIT
    entries = AuditEntry.objects.filter(
        event="accounts.admin_role", object_id=str(world.system_admin.pk), result="success"
    )
    assert [e.detail["after"]["admin_role"] for e in entries] == ["", "audit"]


def test_audit_admin_holds_no_business_roles(world) -> None:
    with pytest.raises(services.RoleSeparationError, match="审计管理员"):
        services.grant_membership(
            actor=world.system_admin, user=world.audit_admin, agency=world.city_civil_affairs, role=world.clerk_role
        )
    with pytest.raises(services.RoleSeparationError, match="审计管理员"):
        services.assign_admin_role(actor=world.security_admin, user=world.city_clerk, admin_role=User.AdminRole.AUDIT)


def test_only_the_system_admin_grants_business_roles(world) -> None:
    for actor in (world.security_admin, world.audit_admin, world.leader):
        with pytest.raises(PermissionDenied):
            services.grant_membership(actor=actor, user=world.operator, agency=world.city_office, role=world.clerk_role)


def test_only_the_security_admin_assigns_admin_roles(world) -> None:
    for actor in (world.system_admin, world.audit_admin, world.leader):
        for role in (User.AdminRole.SECURITY, User.AdminRole.AUDIT, User.AdminRole.SYSTEM):
            with pytest.raises(PermissionDenied, match="安全管理员"):
                services.assign_admin_role(actor=actor, user=world.operator, admin_role=role)
    world.operator.refresh_from_db()
    assert world.operator.admin_role == User.AdminRole.NONE
    refused = AuditEntry.objects.filter(event="accounts.admin_role", object_id=str(world.operator.pk), result="failure")
    assert refused.count() == 9


def test_system_admin_cannot_make_a_puppet_account_audit_or_security_admin(world) -> None:
    """三权分立 escalation path: the system administrator creates account X (and so knows its initial
    password), then tries to make X the audit or security administrator — refused and audited."""
    puppet, _initial = services.create_staff_user(actor=world.system_admin, username="puppet", display_name="傀儡")
    for role in (User.AdminRole.AUDIT, User.AdminRole.SECURITY):
        with pytest.raises(PermissionDenied):
            services.assign_admin_role(actor=world.system_admin, user=puppet, admin_role=role)
    puppet.refresh_from_db()
    assert puppet.admin_role == User.AdminRole.NONE
    assert not can(puppet, "core.view_audit") and not can(puppet, "core.manage_security")
    refused = AuditEntry.objects.filter(
        event="accounts.admin_role", actor_id=world.system_admin.pk, object_id=str(puppet.pk), result="failure"
    )
    assert sorted(e.detail["wanted"] for e in refused) == ["audit", "security"]


def test_security_admin_assigns_and_revokes_admin_roles_but_never_their_own(world) -> None:
    newcomer, _initial = services.create_staff_user(
        actor=world.system_admin, username="newaudit", display_name="新审计"
    )
    services.assign_admin_role(actor=world.security_admin, user=newcomer, admin_role=User.AdminRole.AUDIT)
    assert can(newcomer, "core.view_audit")
    services.assign_admin_role(actor=world.security_admin, user=newcomer, admin_role="")
    newcomer.refresh_from_db()
    assert newcomer.admin_role == User.AdminRole.NONE
    for role in ("", User.AdminRole.AUDIT):
        with pytest.raises(services.RoleSeparationError, match="不能给自己授予"):
            services.assign_admin_role(actor=world.security_admin, user=world.security_admin, admin_role=role)
    world.security_admin.refresh_from_db()
    assert world.security_admin.admin_role == User.AdminRole.SECURITY
    events = AuditEntry.objects.filter(event="accounts.admin_role", actor_id=world.security_admin.pk)
    assert sorted(events.values_list("result", flat=True)) == ["failure", "failure", "success", "success"]


def test_system_admin_grants_a_business_role_and_it_is_audited(world) -> None:
    membership = services.grant_membership(
        actor=world.system_admin, user=world.operator, agency=world.city_civil_affairs, role=world.clerk_role
    )
    assert membership.user == world.operator
    verb = world.clerk_role.verbs[0]
    assert can(world.operator, verb, agency_id=world.city_civil_affairs.pk)
    assert AuditEntry.objects.filter(event="accounts.grant_role", actor_id=world.system_admin.pk).exists()


def test_citizens_get_no_roles(world) -> None:
    with pytest.raises(services.RoleSeparationError):
        services.assign_admin_role(actor=world.security_admin, user=world.citizen, admin_role=User.AdminRole.SECURITY)


def test_staff_accounts_are_made_by_the_system_admin_only(world) -> None:
    with pytest.raises(PermissionDenied):
        services.create_staff_user(actor=world.security_admin, username="newbie", display_name="新人")
    user, initial = services.create_staff_user(actor=world.system_admin, username="newbie", display_name="新人")
    assert user.kind == User.Kind.STAFF and user.must_change_password and not user.is_superuser
    assert user.check_password(initial)
    assert AuditEntry.objects.filter(event="accounts.staff_create", object_id=str(user.pk)).exists()


@pytest.mark.parametrize("name", ["admin", "root", "test", "Administrator"])
def test_default_account_names_are_refused(world, name: str) -> None:
    with pytest.raises(services.AccountError, match="默认或通用账户名"):
        services.create_staff_user(actor=world.system_admin, username=name, display_name="默认")


def test_system_check_reports_default_accounts_and_superusers() -> None:
    from yiwang.core.accounts.checks import check_no_default_accounts

    assert check_no_default_accounts(databases=["default"]) == []
    UserFactory(username="root")
    StaffFactory(username="boss", is_superuser=True)
    ids = sorted(e.id for e in check_no_default_accounts(databases=["default"]))
    assert ids == ["yiwang.accounts.E001", "yiwang.accounts.E002"]


def test_createsuperuser_is_disabled() -> None:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="create_staff"):
        call_command("createsuperuser", "--noinput", "--username", "boss")
    assert not User.objects.filter(username="boss").exists()


def test_create_staff_command_bootstraps_the_system_admin(capsys) -> None:
    from django.core.management import call_command

    call_command("create_staff", "zhouli", "--name", "周丽", "--admin-role", "system")
    user = User.objects.get(username="zhouli")
    assert user.admin_role == User.AdminRole.SYSTEM and user.kind == User.Kind.STAFF
    assert "初始密码" in capsys.readouterr().out
