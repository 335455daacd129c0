"""Loading the seeded catalogue: published, valid items with their forms; a second load changes
nothing; items whose agency is missing are skipped and named."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.test import override_settings

from yiwang.core.audit.models import AuditEntry
from yiwang.core.orgs.models import Agency
from yiwang.core.orgs.reference import load_organisations

from ..completeness import missing_elements
from ..demo import load as load_demo
from ..models import LifeEvent, ServiceForm, ServiceItem, ServiceMaterial, ServiceStep, ServiceTopic
from ..seed import all_items
from ..services.seeding import load_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations() -> None:
    load_organisations()


def snapshot() -> dict:
    def rows(model, exclude=()):
        return sorted(
            (repr({k: v for k, v in model_to_dict(row).items() if k not in exclude}) for row in model.objects.all()),
        )

    return {
        "items": rows(ServiceItem, exclude=("topics", "life_events"))
        + [repr((i.pk, i.updated_at, i.published_at)) for i in ServiceItem.objects.all()],
        "m2m": [
            (
                item.pk,
                sorted(item.topics.values_list("pk", flat=True)),
                sorted(item.life_events.values_list("pk", flat=True)),
            )
            for item in ServiceItem.objects.order_by("pk")
        ],
        "materials": rows(ServiceMaterial),
        "steps": rows(ServiceStep),
        "topics": rows(ServiceTopic),
        "events": rows(LifeEvent),
        "forms": [(f.pk, f.version, f.updated_at) for f in ServiceForm.objects.order_by("pk")],
        "audit": AuditEntry.objects.count(),
    }


def test_loading_publishes_at_least_thirty_valid_items_of_all_eight_types(organisations):
    result = load_catalogue()
    assert result.created >= 30
    items = list(ServiceItem.objects.all())
    assert len(items) == result.created >= 30
    assert {item.item_type for item in items} == set(ServiceItem.ItemType.values)
    for item in items:
        item.full_clean()
        assert item.status == ServiceItem.Status.PUBLISHED and item.published_at is not None
        assert item.promised_days <= item.statutory_days
        assert sum(item.steps.values_list("days", flat=True)) <= item.promised_days
        for material in item.materials.all():
            material.full_clean()
        assert missing_elements(item, materials=list(item.materials.all()), steps=list(item.steps.all())) == []
        assert item.topics.exists()
    assert ServiceTopic.objects.filter(audience="person").exists()
    assert LifeEvent.objects.filter(audience="legal_person").exists()


def test_each_item_handled_here_gets_its_form_as_version_one(organisations):
    load_catalogue()
    handled = ServiceItem.objects.filter(external_url="")
    assert ServiceForm.objects.count() == handled.count()
    seeded = {spec.code: spec for spec in all_items()}
    for form in ServiceForm.objects.select_related("item"):
        assert form.version == 1
        assert form.schema == seeded[form.item.code].form.schema
        assert form.layout == seeded[form.item.code].form.layout


def test_the_required_items_are_present(organisations):
    load_catalogue()
    for name in (
        "个体工商户设立登记",
        "最低生活保障",
        "高龄津贴",
        "建筑工程施工许可",
        "食品经营许可",
        "道路运输经营许可",
        "林木采伐许可",
        "电子税务",
    ):
        assert ServiceItem.objects.filter(name__contains=name).count() == 1, name
    subsistence = ServiceItem.objects.get(name="最低生活保障")
    assert subsistence.agency.full_name == "伊美区民政局"
    assert subsistence.item_type == ServiceItem.ItemType.PAYMENT


def test_electronic_tax_is_guided_to_the_configured_site(organisations):
    with override_settings(SERVICEHALL_ETAX_URL="https://etax.heilongjiang.example/"):
        load_catalogue()
    item = ServiceItem.objects.get(name__contains="电子税务")
    assert item.is_guided and item.external_url == "https://etax.heilongjiang.example/"
    assert not ServiceForm.objects.filter(item=item).exists()


def test_loading_twice_changes_nothing_the_second_time(organisations):
    load_catalogue()
    before = snapshot()
    again = load_catalogue()
    assert (again.created, again.updated, again.forms, again.topics, again.life_events) == (0, 0, 0, 0, 0)
    assert again.unchanged >= 30
    assert snapshot() == before


def test_a_changed_item_is_restored_to_the_seed_and_audited(organisations):
    load_catalogue()
    item = ServiceItem.objects.get(name="食品经营许可")
    item.promised_days = 9
    item.save()
    item.materials.first().delete()
    audited = AuditEntry.objects.filter(event="servicehall.catalogue.seed").count()
    result = load_catalogue()
    assert result.updated == 1 and result.created == 0
    item.refresh_from_db()
    assert item.promised_days == 5
    assert item.materials.count() == 5
    assert list(item.materials.values_list("sort_order", flat=True)) == [1, 2, 3, 4, 5]
    assert AuditEntry.objects.filter(event="servicehall.catalogue.seed").count() == audited + 1


def test_items_of_an_agency_the_deployment_lacks_are_skipped_and_named(organisations):
    Agency.objects.filter(full_name="伊春市林业和草原局").update(full_name="伊春市林业局（旧）")
    result = load_catalogue()
    assert any("林木采伐许可" in name for name in result.skipped)
    assert not ServiceItem.objects.filter(name="林木采伐许可").exists()
    assert ServiceItem.objects.filter(name="食品经营许可").exists()


def test_the_command_and_the_demo_loader_report_what_they_did(organisations):
    out = StringIO()
    call_command("load_service_catalogue", stdout=out)
    assert "新增" in out.getvalue()
    demo_out = StringIO()
    load_demo(demo_out)
    assert "新增 0 个、更新 0 个" in demo_out.getvalue()
