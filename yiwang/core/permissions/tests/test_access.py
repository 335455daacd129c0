"""The permission chokepoint: scope by agency subtree, resolved once, one filter per list."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from yiwang.core.orgs.models import Membership
from yiwang.core.permissions.access import (
    access_by_id,
    access_object,
    can,
    can_view_object,
    filter_permitted,
    forget_scope,
    get_scope,
)
from yiwang.testing.factories import MembershipFactory, RoleFactory
from yiwang.testing.personas import World

pytestmark = pytest.mark.django_db


def memberships_in(agency):  # a business object owned by an agency
    return Membership.objects.filter(agency=agency).first()


def test_county_staff_cannot_read_another_countys_objects(world: World) -> None:
    tieli_object = MembershipFactory(agency=world.tieli_civil_affairs, role=world.clerk_role)

    assert not can(world.jiayin_clerk, "portal.view", agency_id=world.tieli_civil_affairs.pk)
    with pytest.raises(PermissionDenied):
        access_object(world.jiayin_clerk, "portal.view", tieli_object)
    with pytest.raises(Http404):
        access_by_id(world.jiayin_clerk, "portal.view", Membership.objects.all(), tieli_object.pk)
    visible = filter_permitted(world.jiayin_clerk, "portal.view", Membership.objects.all())
    assert tieli_object not in visible


def test_staff_can_read_objects_of_their_own_agency(world: World) -> None:
    own = memberships_in(world.jiayin_civil_affairs)
    assert access_object(world.jiayin_clerk, "portal.view", own) == own
    assert set(filter_permitted(world.jiayin_clerk, "portal.view", Membership.objects.all())) == set(
        Membership.objects.filter(agency=world.jiayin_civil_affairs)
    )


def test_a_grant_without_subtree_does_not_reach_subordinate_agencies(world: World) -> None:
    role = RoleFactory(code="gov-clerk", verbs=["portal.view"])
    MembershipFactory(user=world.city_clerk, agency=world.jiayin_government, role=role)
    forget_scope(world.city_clerk)
    assert can(world.city_clerk, "portal.view", agency_id=world.jiayin_government.pk)
    assert not can(world.city_clerk, "portal.view", agency_id=world.jiayin_civil_affairs.pk)


def test_a_subtree_grant_covers_every_agency_below_it(world: World) -> None:
    scope = get_scope(world.dispatcher)  # 市政府, covers_subtree
    for agency in (world.city_office, world.jiayin_civil_affairs, world.tieli_civil_affairs):
        assert scope.allows("portal.view", agency.pk)


def test_verbs_are_not_granted_beyond_the_role(world: World) -> None:
    assert can(world.leader, "portal.publish", agency_id=world.city_civil_affairs.pk)
    assert not can(world.city_clerk, "portal.publish", agency_id=world.city_civil_affairs.pk)


def test_citizens_hold_no_staff_grants_even_with_a_membership(world: World) -> None:
    MembershipFactory(user=world.citizen, agency=world.city_civil_affairs, role=world.leader_role)
    assert not can(world.citizen, "portal.view", agency_id=world.city_civil_affairs.pk)
    assert not filter_permitted(world.citizen, "portal.view", Membership.objects.all()).exists()


def test_an_inactive_staff_user_has_no_scope(world: World) -> None:
    world.city_clerk.is_active = False
    assert not can(world.city_clerk, "portal.view", agency_id=world.city_civil_affairs.pk)


def test_the_three_administrators_hold_only_their_own_global_verbs(world: World) -> None:
    assert can(world.audit_admin, "core.view_audit")
    assert not can(world.audit_admin, "core.manage_users")
    assert can(world.system_admin, "core.manage_users")
    assert not can(world.system_admin, "core.view_audit")
    assert not can(world.system_admin, "core.manage_security")
    assert can(world.security_admin, "core.manage_security")
    assert not can(world.security_admin, "core.view_audit")
    assert not can(world.system_admin, "portal.view", agency_id=world.city_civil_affairs.pk)


def test_the_seal_verb_is_held_by_the_system_administrator_alone(world: World) -> None:
    assert can(world.system_admin, "seals.manage")
    assert not can(world.security_admin, "seals.manage")
    assert not can(world.audit_admin, "seals.manage")
    assert not can(world.office_director, "seals.manage", agency_id=world.city_civil_affairs.pk)


def test_owner_may_view_their_own_object_and_nobody_elses(world: World) -> None:
    class Owned:  # stands in for a citizen's application or ticket
        owner_id = world.citizen.pk
        agency_id = world.city_civil_affairs.pk

        class _meta:
            app_label = "portal"

    assert can_view_object(world.citizen, Owned())  # type: ignore[arg-type]
    assert not can_view_object(world.enterprise, Owned())  # type: ignore[arg-type]
    assert can_view_object(world.city_clerk, Owned())  # type: ignore[arg-type]
    assert not can_view_object(world.jiayin_clerk, Owned())  # type: ignore[arg-type]


def test_scope_is_resolved_once_and_a_list_is_one_query(world: World, django_assert_num_queries) -> None:
    user = world.dispatcher
    forget_scope(user)
    with django_assert_num_queries(3):  # memberships, subtree agencies, the list itself
        list(filter_permitted(user, "portal.view", Membership.objects.all()))
    with django_assert_num_queries(1):  # scope cached on the user: only the list
        list(filter_permitted(user, "portal.edit", Membership.objects.all()))


def test_a_module_verb_given_to_an_administrator_role_is_held_by_that_administrator_alone(world, monkeypatch) -> None:
    from yiwang.core.accounts.models import User
    from yiwang.core.permissions import access
    from yiwang.core.registry.manifest import Manifest, Verb

    extra = Manifest(
        name="example", title="示例", verbs=(Verb(code="example.keys", label="密钥", admin_role="security"),)
    )
    monkeypatch.setattr(access, "get_manifests", lambda: [extra])
    access.admin_role_verbs.cache_clear()
    try:
        assert can(User.objects.get(pk=world.security_admin.pk), "example.keys")
        assert not can(User.objects.get(pk=world.system_admin.pk), "example.keys")
        assert not can(User.objects.get(pk=world.office_director.pk), "example.keys", agency_id=world.city_office.pk)
    finally:
        access.admin_role_verbs.cache_clear()
