"""The seeded catalogue as data: every item is a complete, consistent 办事指南 and every form obeys
the shared definition format (no database)."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from yiwang.core.orgs.reference import CITY_DEPARTMENTS, COUNTIES, COUNTY_DEPARTMENTS

from ..forms_engine.definition import check_definition
from ..models import ServiceItem, ServiceMaterial, validate_item_code
from ..seed import LIFE_EVENTS, TOPICS, all_items

ITEMS = all_items()
FORMS = [(item.name, item.form) for item in ITEMS if item.form is not None]
CERTIFICATES = {"resident_id", "business_licence", "household_register", "marriage_certificate"}
TYPES = {"string", "integer", "number", "boolean", "array"}
FORMATS = {"date", "email", "cn-id", "cn-mobile", "cn-uscc", "cn-division"}
PROFILE_PREFILL = {
    "profile.display_name",
    "profile.id_number",
    "profile.phone",
    "profile.email",
    "profile.address",
    "profile.uscc",
    "profile.legal_representative",
}
KNOWN_AGENCIES = (
    {"伊春市人民政府", "伊春市医疗保障局"}
    | {dept.full for dept in CITY_DEPARTMENTS}
    | {f"{name}{suffix}" for _, name, _ in COUNTIES for suffix, _ in COUNTY_DEPARTMENTS}
)


def by_name(fragment: str):
    found = [item for item in ITEMS if fragment in item.name]
    assert found, f"seed lacks {fragment}"
    return found[0]


def test_there_are_at_least_thirty_items_with_unique_valid_codes():
    assert len(ITEMS) >= 30
    codes = [item.code for item in ITEMS]
    assert len(set(codes)) == len(codes)
    for code in codes:
        validate_item_code(code)
    assert len({item.name for item in ITEMS}) == len(ITEMS)


def test_all_eight_item_types_and_both_audiences_are_represented():
    assert {item.item_type for item in ITEMS} == set(ServiceItem.ItemType.values)
    assert any(item.for_person for item in ITEMS) and any(item.for_legal_person for item in ITEMS)
    assert all(item.for_person or item.for_legal_person for item in ITEMS)


def test_the_required_items_are_seeded_with_their_agencies_and_bases():
    expected = {
        "个体工商户设立登记": ("市场监督管理局", ["促进个体工商户发展条例", "市场主体登记管理条例"]),
        "最低生活保障": ("民政局", ["社会救助暂行办法"]),
        "高龄津贴": ("民政局", ["老年人权益保障法"]),
        "建筑工程施工许可": ("住房和城乡建设局", ["建筑法》第七条", "建筑工程施工许可管理办法"]),
        "食品经营许可": ("市场监督管理局", ["食品安全法》第三十五条", "食品经营许可和备案管理办法"]),
        "道路运输经营许可": ("交通运输局", ["道路运输条例"]),
        "林木采伐许可": ("林业和草原局", ["森林法》（2019年修订）第五十六条"]),
    }
    for name, (agency, bases) in expected.items():
        item = by_name(name)
        assert agency in item.agency
        for basis in bases:
            assert basis in item.legal_basis, (name, basis)
    assert by_name("最低生活保障").item_type == "payment"
    assert by_name("高龄津贴").item_type in {"payment", "public_service"}


def test_electronic_tax_is_a_guided_item_linking_to_the_configured_site():
    with override_settings(SERVICEHALL_ETAX_URL="https://etax.example.test/hlj/"):
        item = next(item for item in all_items() if "电子税务" in item.name)
    assert item.external_url == "https://etax.example.test/hlj/"
    assert item.form is None


def test_every_item_has_every_guide_element():
    for item in ITEMS:
        for element in ("legal_basis", "conditions", "location", "office_hours", "consult_phone", "fee_standard"):
            assert getattr(item, element).strip(), (item.name, element)
        assert "12345" in item.supervise_phone
        assert item.online_depth in {1, 2, 3, 4} and item.visits >= 0
        assert item.materials and item.steps and item.topics, item.name
        assert item.agency in KNOWN_AGENCIES, item.agency
        assert not item.fee_charged or (item.fee_basis and item.fee_standard != "不收费"), item.name


def test_promised_limits_are_within_statute_and_steps_within_the_promise():
    for item in ITEMS:
        assert 0 <= item.promised_days <= item.statutory_days, item.name
        assert sum(step.days for step in item.steps) <= item.promised_days, item.name


def test_licensing_items_keep_the_licensing_law_default_unless_a_law_says_otherwise():
    licensing = [item for item in ITEMS if item.item_type == "licensing"]
    assert all(item.statutory_days <= 30 for item in licensing)
    assert by_name("林木采伐许可").statutory_days == 20
    assert by_name("食品经营许可").statutory_days == 10


def test_several_items_are_settled_on_the_spot_and_some_charge_a_fee():
    assert sum(1 for item in ITEMS if item.promised_days == 0) >= 5
    assert sum(1 for item in ITEMS if item.fee_charged) >= 2


def test_materials_are_valid_and_name_only_the_platforms_certificate_types():
    choices = {
        "source": set(ServiceMaterial.Source.values),
        "form": set(ServiceMaterial.Form.values),
        "medium": set(ServiceMaterial.Medium.values),
    }
    deferrable = 0
    for item in ITEMS:
        for material in item.materials:
            for attribute, allowed in choices.items():
                assert getattr(material, attribute) in allowed, (item.name, material.name)
            assert material.copies >= 1
            assert material.required or not material.deferrable, (item.name, material.name)
            assert material.certificate_type in CERTIFICATES | {""}, material.certificate_type
            deferrable += material.deferrable
    assert deferrable >= 10
    assert {m.certificate_type for item in ITEMS for m in item.materials} >= CERTIFICATES


def test_topics_and_life_events_cover_both_audiences_and_every_item_names_known_ones():
    topic_codes = {topic.code for topic in TOPICS}
    event_codes = {event.code for event in LIFE_EVENTS}
    assert len(topic_codes) == len(TOPICS) and len(event_codes) == len(LIFE_EVENTS)
    assert {t.audience for t in TOPICS} == {t.audience for t in LIFE_EVENTS} == {"person", "legal_person"}
    for item in ITEMS:
        assert set(item.topics) <= topic_codes, item.name
        assert set(item.life_events) <= event_codes, item.name


def test_every_item_handled_here_has_a_form():
    assert all(item.form is not None for item in ITEMS if not item.external_url)


@pytest.mark.parametrize(("name", "definition"), FORMS, ids=[name for name, _ in FORMS])
def test_every_form_obeys_the_shared_format(name, definition):
    schema, layout = definition.schema, definition.layout
    assert schema["type"] == "object" and set(schema) == {"type", "properties", "required"}
    properties = schema["properties"]
    assert set(schema["required"]) <= set(properties)
    placed = [field for section in layout["sections"] for field in section["fields"]]
    assert sorted(placed) == sorted(properties), "every property in exactly one section"
    assert all(section["title"] for section in layout["sections"])
    for field, prop in properties.items():
        assert prop.get("title"), field
        assert prop["type"] in TYPES, field
        assert prop.get("format") in FORMATS | {None}, field
        if "oneOf" in prop:
            assert all(set(option) == {"const", "title"} and option["title"] for option in prop["oneOf"]), field
        if prop["type"] == "array":
            options = prop["items"]["oneOf"]
            assert prop["uniqueItems"] is True and all(set(o) == {"const", "title"} for o in options), field
        prefill = prop.get("x-prefill")
        if prefill:
            assert prefill in PROFILE_PREFILL or re.fullmatch(r"certificate\.(\w+)\.\w+", prefill), field
            if prefill.startswith("certificate."):
                assert prefill.split(".")[1] in CERTIFICATES, field
    assert set(layout["widgets"]) <= set(properties)
    assert set(layout["widgets"].values()) <= {"textarea", "radio", "select", "checkboxes"}
    try:
        check_definition(schema, layout)
    except ValidationError as error:  # pragma: no cover - the message is the point
        pytest.fail(f"{name}: {error.messages}")


def test_forms_prefill_the_applicant_from_the_profile():
    individual = by_name("个体工商户设立登记").form
    assert individual.schema["properties"]["applicant_id_number"]["x-prefill"] == "profile.id_number"
    food = by_name("食品经营许可").form
    assert food.schema["properties"]["unit_name"]["x-prefill"] == "certificate.business_licence.name"
