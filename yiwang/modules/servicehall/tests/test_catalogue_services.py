"""The catalogue's services: every write audited, refusals in Chinese with nothing written,
publication only when complete, withdrawal, and the scope of another county's editor."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from yiwang.core.audit.models import AuditEntry

from ..models import LifeEvent, ServiceItem, ServiceMaterial, ServiceStep, ServiceTopic
from ..services import catalogue as services
from .catalogue_support import MATERIALS, STEPS, build_hall, complete_values, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall(world):
    return build_hall(world)


def _events(item):
    return list(
        AuditEntry.objects.filter(object_id=str(item.pk), event__startswith="servicehall.")
        .values_list("event", flat=True)
        .order_by("id")
    )


def test_creating_an_item_writes_it_with_its_materials_steps_and_an_audit_entry(hall):
    item = make_item(hall.editor, hall.world.city_civil_affairs, topics=[hall.topic])
    assert item.status == ServiceItem.Status.DRAFT and item.published_at is None
    assert [m.name for m in item.materials.all()] == ["最低生活保障申请书", "家庭成员收入证明"]
    assert [(s.sort_order, s.name) for s in item.steps.all()] == [(1, "受理"), (2, "审核确认")]
    assert list(item.topics.all()) == [hall.topic]
    assert item.created_by == hall.editor
    assert _events(item) == ["servicehall.item_create"]


def test_an_update_replaces_materials_and_steps_in_one_go(hall):
    item = make_item(hall.editor, hall.world.city_civil_affairs)
    services.save_item(
        actor=hall.editor,
        item=item,
        values=complete_values(hall.world.city_civil_affairs, name="最低生活保障认定（城乡）"),
        materials=[{**MATERIALS[1], "name": "户口簿"}],
        steps=STEPS[:1],
    )
    item.refresh_from_db()
    assert item.name == "最低生活保障认定（城乡）"
    assert list(item.materials.values_list("name", flat=True)) == ["户口簿"]
    assert ServiceStep.objects.filter(item=item).count() == 1
    assert _events(item) == ["servicehall.item_create", "servicehall.item_update"]
    update = AuditEntry.objects.filter(event="servicehall.item_update").get()
    assert update.detail["changed"] == ["name"]


def test_a_promise_longer_than_the_statute_is_refused_in_chinese_and_nothing_is_written(hall):
    with pytest.raises(services.CatalogueRefused) as refused:
        make_item(hall.editor, hall.world.city_civil_affairs, statutory_days=20, promised_days=25)
    assert refused.value.errors == {"promised_days": "承诺办结时限不能超过法定办结时限。"}
    assert not ServiceItem.objects.exists()
    assert not AuditEntry.objects.filter(event__startswith="servicehall.").exists()


def test_the_database_constraint_backs_the_promise_rule(hall):
    item = make_item(hall.editor, hall.world.city_civil_affairs)
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceItem.objects.filter(pk=item.pk).update(promised_days=99)


def test_a_refused_material_rolls_back_the_whole_update(hall):
    item = make_item(hall.editor, hall.world.city_civil_affairs)
    with pytest.raises(services.CatalogueRefused) as refused:
        services.save_item(
            actor=hall.editor,
            item=item,
            values=complete_values(hall.world.city_civil_affairs, name="改过的名称"),
            materials=[MATERIALS[0], {**MATERIALS[1], "required": False, "deferrable": True}],
            steps=[],
        )
    assert "只有必要材料才能设为可容缺" in refused.value.message
    item.refresh_from_db()
    assert item.name == "最低生活保障对象认定"
    assert ServiceMaterial.objects.filter(item=item).count() == 2
    assert ServiceStep.objects.filter(item=item).count() == 2
    assert _events(item) == ["servicehall.item_create"]


def test_a_duplicate_or_malformed_code_is_refused_on_its_field(hall):
    make_item(hall.editor, hall.world.city_civil_affairs)
    with pytest.raises(services.CatalogueRefused) as refused:
        make_item(hall.editor, hall.world.city_civil_affairs)
    assert "已被其他事项使用" in refused.value.errors["code"]
    with pytest.raises(services.CatalogueRefused) as refused:
        make_item(hall.editor, hall.world.city_civil_affairs, code="ab 12")
    assert "事项编码只能由大写字母" in refused.value.errors["code"]


def test_publishing_needs_a_complete_guide_and_sets_the_time_itself(hall):
    item = make_item(hall.editor, hall.world.city_civil_affairs, supervise_phone="", visits=None)
    with pytest.raises(services.CatalogueRefused) as refused:
        services.publish_item(actor=hall.editor, item=item)
    assert "缺少 2 项要素" in refused.value.message
    assert "缺少监督投诉电话" in refused.value.message
    item.refresh_from_db()
    assert item.status == ServiceItem.Status.DRAFT and item.published_at is None
    services.save_item(
        actor=hall.editor,
        item=item,
        values=complete_values(hall.world.city_civil_affairs),
        materials=MATERIALS,
        steps=STEPS,
    )
    published = services.publish_item(actor=hall.editor, item=item)
    assert published.status == ServiceItem.Status.PUBLISHED
    assert published.published_at is not None
    assert _events(item)[-1] == "servicehall.item_publish"


def test_a_published_item_cannot_be_edited_into_an_incomplete_one(hall):
    item = make_item(hall.editor, hall.world.city_civil_affairs, publish=True)
    with pytest.raises(services.CatalogueRefused) as refused:
        services.save_item(
            actor=hall.editor,
            item=item,
            values=complete_values(hall.world.city_civil_affairs, conditions=""),
            materials=MATERIALS,
            steps=STEPS,
        )
    assert "缺少受理条件" in refused.value.message
    item.refresh_from_db()
    assert item.conditions


def test_withdrawing_takes_a_published_item_down_once(hall):
    item = make_item(hall.editor, hall.world.city_civil_affairs, publish=True)
    services.withdraw_item(actor=hall.editor, item=item)
    item.refresh_from_db()
    assert item.status == ServiceItem.Status.WITHDRAWN
    with pytest.raises(services.CatalogueRefused, match="只有已发布的事项才能停用"):
        services.withdraw_item(actor=hall.editor, item=item)
    assert _events(item) == ["servicehall.item_create", "servicehall.item_publish", "servicehall.item_withdraw"]


def test_another_countys_office_director_cannot_edit_publish_or_create_here(hall):
    item = make_item(hall.editor, hall.world.city_civil_affairs)
    with pytest.raises(services.CatalogueRefused, match="无权"):
        services.save_item(
            actor=hall.jiayin_editor,
            item=item,
            values=complete_values(hall.world.jiayin_civil_affairs),
            materials=MATERIALS,
            steps=STEPS,
        )
    with pytest.raises(services.CatalogueRefused, match="无权"):
        services.publish_item(actor=hall.jiayin_editor, item=item)
    with pytest.raises(services.CatalogueRefused, match="无权"):
        make_item(hall.jiayin_editor, hall.world.city_civil_affairs, code="11230700MB9999999X4000112001")
    # …but in the county's own agency they may.
    own = make_item(hall.jiayin_editor, hall.world.jiayin_civil_affairs, code="11230722MB0000000X4000112001")
    assert own.agency == hall.world.jiayin_civil_affairs


def test_a_clerk_may_not_write_the_catalogue(hall):
    with pytest.raises(services.CatalogueRefused, match="无权"):
        make_item(hall.world.city_clerk, hall.world.city_civil_affairs)


def test_topics_and_life_events_are_managed_with_audit_and_checked_codes(hall):
    event = services.save_browse_group(
        actor=hall.editor,
        model=LifeEvent,
        values={"code": "kaiban-qiye", "name": "开办企业", "audience": "legal_person"},
    )
    assert AuditEntry.objects.filter(event="servicehall.lifeevent_create").exists()
    with pytest.raises(services.CatalogueRefused) as refused:
        services.save_browse_group(
            actor=hall.editor, model=LifeEvent, values={"code": "kaiban-qiye", "name": "", "audience": "x"}
        )
    assert set(refused.value.errors) == {"code", "name", "audience"}
    services.save_browse_group(
        actor=hall.editor,
        model=ServiceTopic,
        group=hall.topic,
        values={"code": hall.topic.code, "name": "社会救助", "audience": "person"},
    )
    hall.topic.refresh_from_db()
    assert hall.topic.name == "社会救助"
    services.delete_browse_group(actor=hall.editor, group=event)
    assert not LifeEvent.objects.exists()
    assert AuditEntry.objects.filter(event="servicehall.lifeevent_delete").exists()
    with pytest.raises(services.CatalogueRefused):
        services.delete_browse_group(actor=hall.world.city_clerk, group=hall.topic)
