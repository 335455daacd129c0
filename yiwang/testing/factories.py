"""factory_boy factories for core objects. Modules add their own beside their tests."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from yiwang.core.accounts.models import User
from yiwang.core.orgs import services as org_services
from yiwang.core.orgs.models import Agency, Division, Membership, Role

DEFAULT_PASSWORD = "Yiwang#2026pass"


class DivisionFactory(DjangoModelFactory):
    class Meta:
        model = Division
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{239000 + n}")
    name = factory.Sequence(lambda n: f"测试县{n}")
    level = Division.Level.COUNTY


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency

    parent = None
    division = factory.SubFactory(DivisionFactory)
    kind = Agency.Kind.DEPARTMENT
    full_name = factory.Sequence(lambda n: f"测试局{n}")
    short_name = factory.Sequence(lambda n: f"测试{n}")

    @classmethod
    def _create(cls, model_class: type[Agency], *args: object, **kwargs: object) -> Agency:
        return org_services.create_agency(**kwargs)  # type: ignore[arg-type]


class RoleFactory(DjangoModelFactory):
    class Meta:
        model = Role
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"role-{n}")
    name = factory.Sequence(lambda n: f"角色{n}")
    verbs: list[str] = []


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    kind = User.Kind.CITIZEN
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()


class StaffFactory(UserFactory):
    kind = User.Kind.STAFF


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(StaffFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = factory.SubFactory(RoleFactory)
