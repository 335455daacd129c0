"""Prefill: the applicant's profile and registered sources fill fields the platform already holds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from yiwang.testing.factories import UserFactory

from ..forms_engine.prefill import (
    PrefilledValue,
    prefill_values,
    register_prefill_source,
    unregister_prefill_source,
)
from .forms_support import sample_definition

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate_source() -> Iterator[list[tuple[Any, str]]]:
    calls: list[tuple[Any, str]] = []

    def source(user: Any, rest: str) -> PrefilledValue | None:
        calls.append((user, rest))
        if rest == "business_licence.uscc":
            return PrefilledValue("91350100M000100Y43", source="来自您的营业执照")
        return None

    register_prefill_source("certificate", source)
    yield calls
    unregister_prefill_source("certificate")


def test_profile_fields_come_from_the_applicants_account_with_their_source() -> None:
    user = UserFactory(display_name="王秀兰", id_number="11010519491231002X")
    values = prefill_values(sample_definition(), user)
    assert values == {
        "applicant_name": PrefilledValue("王秀兰", source="来自您的实名信息"),
        "id_number": PrefilledValue("11010519491231002X", source="来自您的实名信息"),
    }


def test_an_empty_profile_attribute_leaves_the_field_to_be_filled() -> None:
    user = UserFactory(display_name="王秀兰", id_number="")
    assert set(prefill_values(sample_definition(), user)) == {"applicant_name"}


def test_an_anonymous_visitor_gets_nothing_prefilled() -> None:
    assert prefill_values(sample_definition(), AnonymousUser()) == {}


def test_a_registered_source_fills_its_prefix(certificate_source: list[tuple[Any, str]]) -> None:
    definition = sample_definition()
    definition["schema"]["properties"]["uscc"]["x-prefill"] = "certificate.business_licence.uscc"
    user = UserFactory(display_name="伊春林海商贸有限公司")
    values = prefill_values(definition, user)
    assert values["uscc"] == PrefilledValue("91350100M000100Y43", source="来自您的营业执照")
    assert certificate_source == [(user, "business_licence.uscc")]


def test_a_key_without_a_registered_source_is_asked_as_usual() -> None:
    definition = sample_definition()
    definition["schema"]["properties"]["uscc"]["x-prefill"] = "certificate.business_licence.uscc"
    assert "uscc" not in prefill_values(definition, UserFactory())


def test_a_source_returning_a_bare_value_is_labelled_as_the_platforms() -> None:
    register_prefill_source("certificate", lambda user, rest: "伊春林海商贸有限公司")
    try:
        definition = sample_definition()
        definition["schema"]["properties"]["reason"]["x-prefill"] = "certificate.business_licence.name"
        values = prefill_values(definition, UserFactory())
    finally:
        unregister_prefill_source("certificate")
    assert values["reason"] == PrefilledValue("伊春林海商贸有限公司", source="来自平台已有信息")


def test_a_prefix_with_a_dot_is_refused() -> None:
    with pytest.raises(ValueError):
        register_prefill_source("certificate.x", lambda user, rest: None)
