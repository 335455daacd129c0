"""The 伊春 reference deployment: current division codes, a complete agency tree, valid codes."""

from __future__ import annotations

import pytest
from stdnum.cn import uscc

from yiwang.core.orgs.models import Agency, Division, Role
from yiwang.core.orgs.reference import load_organisations
from yiwang.core.orgs.selectors import list_subtree

pytestmark = pytest.mark.django_db

CURRENT_COUNTIES = {
    "230717": "伊美区",
    "230718": "乌翠区",
    "230719": "友好区",
    "230751": "金林区",
    "230781": "铁力市",
    "230722": "嘉荫县",
    "230723": "汤旺县",
    "230724": "丰林县",
    "230725": "大箐山县",
    "230726": "南岔县",
}


def test_the_city_and_its_ten_districts_and_counties_have_their_gbt2260_codes() -> None:
    load_organisations()
    city = Division.objects.get(code="230700")
    assert city.name == "伊春市"
    assert dict(city.children.values_list("code", "name")) == CURRENT_COUNTIES


def test_every_county_government_sits_under_the_city_government_with_its_departments() -> None:
    load_organisations()
    city_government = Agency.objects.get(full_name="伊春市人民政府")
    jiayin = Agency.objects.get(full_name="嘉荫县人民政府")
    assert jiayin.parent == city_government
    assert list_subtree(jiayin).filter(full_name="嘉荫县民政局").exists()
    assert not list_subtree(jiayin).filter(full_name="铁力市民政局").exists()
    assert list_subtree(city_government).count() == Agency.objects.count()


def test_every_agency_has_a_valid_unique_credit_code_and_the_city_departments_a_code_word() -> None:
    load_organisations()
    codes = list(Agency.objects.values_list("uscc", flat=True))
    assert all(uscc.is_valid(code) for code in codes)
    assert len(set(codes)) == len(codes)
    assert Agency.objects.get(full_name="伊春市民政局").code_word == "伊民发"


def test_loading_twice_changes_nothing() -> None:
    first = load_organisations()
    paths = list(Agency.objects.values_list("path", flat=True))
    assert load_organisations() == first
    assert list(Agency.objects.values_list("path", flat=True)) == paths


def test_every_verb_a_reference_role_grants_is_declared() -> None:
    from yiwang.core.registry.registry import all_verbs

    load_organisations()
    declared = set(all_verbs())
    for role in Role.objects.all():
        assert set(role.verbs) <= declared, role.code


def test_a_modules_verb_joins_the_reference_roles_its_manifest_names() -> None:
    from yiwang.core.orgs.reference import ROLES
    from yiwang.core.registry.registry import get_manifests

    load_organisations()
    role_codes = {code for code, *_ in ROLES}
    named = [(verb.code, role) for manifest in get_manifests() for verb in manifest.verbs for role in verb.roles]
    assert named, "no module verb names a reference role"
    for verb, role in named:
        assert role in role_codes, f"{verb} names an unknown role {role}"
        assert verb in Role.objects.get(code=role).verbs
    assert "tickets.dispatch" in Role.objects.get(code="dispatcher").verbs
    assert "tickets.dispatch" not in Role.objects.get(code="clerk").verbs
